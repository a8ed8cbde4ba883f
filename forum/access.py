"""Who may read, write and moderate in the forum.

The account-level rule (an active peer worker whose directory profile was validated at least once
and not refused, never staff) is ``epop.accounts.permissions.can_access_forum``. The forum adds
its own data on top: a suspension takes access away for its period, and the moderator role is
given by national coordinators in the admin to members who have access.
"""

from __future__ import annotations

import re
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils.text import slugify

from epop.accounts.permissions import can_access_forum

from .models import ForumMember

# Bumped when the charter's text changes in substance: members accept it again before posting.
CHARTER_VERSION = 1
HANDLE_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def member_for(user) -> ForumMember:
    """The user's forum record, created on the first visit with a handle made from their name."""
    member = ForumMember.objects.filter(user=user).first()
    if member is not None:
        return member
    base = slugify(f"{user.first_name} {user.last_name[:1]}")[:34].strip("-") or "membre"
    for attempt in range(50):
        handle = base if attempt == 0 else f"{base}-{attempt + 1}"
        try:
            with transaction.atomic():
                return ForumMember.objects.create(user=user, handle=handle)
        except IntegrityError:
            existing = ForumMember.objects.filter(user=user).first()
            if existing is not None:  # created by a concurrent request
                return existing
    return ForumMember.objects.create(user=user, handle=f"membre-{user.pk}")


def can_read(user, member: ForumMember | None = None) -> bool:
    if not can_access_forum(user):
        return False
    member = member or ForumMember.objects.filter(user=user).first()
    return member is None or not member.is_suspended()


def is_moderator(user, member: ForumMember | None = None) -> bool:
    """A peer moderator: a member with access and the role. The role alone gives nothing."""
    member = member or ForumMember.objects.filter(user=user).first()
    return bool(member and member.is_moderator and can_read(user, member))


def has_accepted_charter(member: ForumMember) -> bool:
    return member.charter_version >= CHARTER_VERSION


def reserved(request, member: ForumMember | None = None):
    """The clear « reserved » page (403) for anyone without access, and for a suspended member
    the end date and reason of their suspension."""
    return render(
        request,
        "forum/reserved.html",
        {"member": member if member and member.is_suspended() else None},
        status=403,
    )


def member_required(view):
    """Signed-in members with access only; ``request.forum_member`` is set for the view."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_access_forum(request.user):
            return reserved(request)
        member = member_for(request.user)
        if member.is_suspended():
            return reserved(request, member)
        request.forum_member = member
        return view(request, *args, **kwargs)

    return wrapper


def moderator_required(view):
    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.forum_member.is_moderator:
            return render(request, "forum/moderators_only.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
