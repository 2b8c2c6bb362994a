from django.shortcuts import render


def board(request):
    # Placeholder until this part of the program lands; keeps the home page's links alive.
    return render(request, "volunteering/placeholder.html")
