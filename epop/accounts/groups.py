"""The national coordinators' admin rights, kept as data in one group.

National coordinators are staff (see permissions.py) and administer the platform in the admin:
accounts, regions with a team, profiles, charter versions, the outbox. Staff status alone gives
no model permission, so every national coordinator is put in this group, whose permissions are
refreshed after each migration (new models of later features included by app label). The
permission to read mail bodies (password-reset links) is deliberately left out.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .permissions import is_national_coordinator

GROUP_NAME = "Coordination nationale"

# (app label, model or None for every model of the app, actions)
GRANTS = [
    ("accounts", "user", ("view", "change")),
    ("accounts", "organisation", ("view",)),
    ("accounts", "accountemailaddress", ("view",)),
    ("territories", None, ("view",)),
    ("territories", "region", ("change",)),
    ("directory", None, ("view",)),
    ("directory", "peerprofile", ("change",)),
    ("directory", "charterversion", ("add", "change")),
    # The directory's sub-apps that have models (their own labels since decision 0009).
    ("contacts", None, ("view",)),
    ("alerts", None, ("view",)),
    ("notifications", "sentreminder", ("view",)),
    ("notifications", "outboxmessage", ("view", "change")),
    # The legal guide's content and decision tree (history kept by django-simple-history).
    ("legal_guide", None, ("view", "add", "change", "delete")),
]

# Reading mail bodies reveals password-reset links: only superusers get it.
WITHHELD = ("view_message_body",)


def grant_query() -> Q:
    query = Q(pk__in=[])
    for app_label, model, actions in GRANTS:
        codenames = Q(codename__regex=rf"^({'|'.join(actions)})_")
        scope = Q(content_type__app_label=app_label)
        if model:
            scope &= Q(content_type__model=model)
        query |= scope & codenames
    return query


def ensure_national_group(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = Permission.objects.filter(grant_query()).exclude(codename__in=WITHHELD)
    group.permissions.set(permissions)
    return group


def sync_membership(user) -> None:
    """Put national coordinators in the group, and take anyone else out of it."""
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    if is_national_coordinator(user):
        user.groups.add(group)
    else:
        user.groups.remove(group)
