from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import services
from .forms import PreferencesForm


@login_required
def preferences(request):
    # Only request.user is ever read or written: nothing in the request names a user.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, user=request.user)
    if form.is_bound and form.is_valid():
        services.save_preferences(request.user, form.cleaned_data)
        messages.success(request, "Vos préférences de notification sont enregistrées.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
