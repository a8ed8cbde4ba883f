from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from epop.core.shortcuts import safe_next_url

from . import permissions
from .forms import OrganisationForm
from .models import Organisation


@login_required
def dashboard(request):
    """The signed-in home: what this person can do, according to their kind and assignments."""
    user = request.user
    regions = list(user.regions.order_by("name")) if user.kind == user.Kind.COORDINATOR else []
    context = {
        "is_peer_worker": permissions.is_peer_worker(user),
        "is_employer": permissions.is_employer(user),
        "is_coordination_account": user.kind == user.Kind.COORDINATOR,
        "is_national_coordinator": permissions.is_national_coordinator(user),
        "coordinated_regions": regions,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def organisation(request):
    """The employer's organisation, filled once; contact requests carry a copy of it.

    `?next=` brings the employer back where they were going (the contact form) once it is saved.
    """
    if not permissions.is_employer(request.user):
        raise Http404
    instance = Organisation.objects.filter(user=request.user).first()
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    form = OrganisationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        # update_or_create, not form.save(): a double click on the first save must not trip
        # the one-organisation-per-account constraint.
        Organisation.objects.update_or_create(user=request.user, defaults=form.cleaned_data)
        messages.success(request, "Les informations sur votre structure sont enregistrées.")
        return redirect(next_url or "accounts:organisation")
    return render(
        request,
        "accounts/organisation.html",
        {"form": form, "organisation": instance, "next_url": next_url},
    )
