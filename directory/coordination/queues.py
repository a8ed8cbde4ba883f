"""Who handles which profile (domain.md §1.4).

The queue is computed from data, never stored: a profile belongs to the regional team of its home
commune's region when the programme has a team there, otherwise to the national coordinators.
When a peer worker moves, or a region gets a team, follow-up moves with no migration of rows,
and the history stays with the profile.
"""

from directory.profiles.models import PeerProfile
from epop.accounts.permissions import coordinated_regions_q


def profiles_for(user):
    """Every profile this coordinator may see (any status); none for anyone else."""
    return PeerProfile.objects.filter(coordinated_regions_q(user, "home_commune__region"))


def queue_for(user):
    """Profiles waiting for this coordinator, oldest first."""
    return (
        profiles_for(user)
        .filter(status=PeerProfile.Status.SUBMITTED)
        .select_related("home_commune__department", "home_commune__region", "user")
        .order_by("submitted_at", "pk")
    )
