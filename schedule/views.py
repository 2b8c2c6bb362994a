from django.shortcuts import render


def track_list(request):
    # Placeholder until this part of the program lands; keeps the home page's links alive.
    return render(request, "schedule/placeholder.html")
