from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import permissions


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
