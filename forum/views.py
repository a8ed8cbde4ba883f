from django.views.decorators.http import require_GET

from epop.accounts.permissions import can_access_forum
from epop.core.shortcuts import render_page


@require_GET
def home(request):
    # The rule lives in one predicate (validated peer-worker profile, never a staff role), so this
    # page says exactly what the forum itself will enforce.
    return render_page(
        request, "forum:home", "forum/home.html", {"has_access": can_access_forum(request.user)}
    )
