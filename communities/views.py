from django.shortcuts import render


def directory(request):
    # Placeholder until this part of the program lands; keeps the home page's links alive.
    return render(request, "communities/placeholder.html")
