"""The directory keeps its public record in step with the account it belongs to.

`PublishedProfile.user_active` copies `User.is_active` so that every public surface (search, map,
API, sitemap: all of them read `PublishedProfile.objects.listed()`) filters without a join. Any
save of a user keeps the copy true: the admin (/gestion/), allauth, a management command or the
shell. Deleting an account deletes its profile and public record by cascade.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from .services import sync_account_state


def account_saved(sender, instance, update_fields=None, **kwargs):
    # A login saves `last_login` alone: nothing about the account's state changed.
    if update_fields is not None and "is_active" not in update_fields:
        return
    sync_account_state(instance)


def connect() -> None:
    post_save.connect(
        account_saved, sender=get_user_model(), dispatch_uid="directory.profiles.account_saved"
    )
