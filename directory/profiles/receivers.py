"""The directory keeps its public record in step with the account it belongs to.

`PublishedProfile.user_active` copies `User.is_active` so that every public surface (search, map,
API, sitemap: all of them read `PublishedProfile.objects.listed()`) filters without a join. Any
save of a user keeps the copy true: the admin (/gestion/), allauth, a management command or the
shell. Deleting an account deletes its profile and public record by cascade.

Its home point stays its commune's centre: when the official data moves a centre
(`load_territories`), the public records of that commune follow (decision 0015).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from epop.territories.signals import centres_moved

from .services import follow_commune_centres, sync_account_state


def account_saved(sender, instance, update_fields=None, **kwargs):
    # A login saves `last_login` alone: nothing about the account's state changed.
    if update_fields is not None and "is_active" not in update_fields:
        return
    sync_account_state(instance)


def communes_moved(sender, codes, **kwargs):
    follow_commune_centres(codes)


def connect() -> None:
    post_save.connect(
        account_saved, sender=get_user_model(), dispatch_uid="directory.profiles.account_saved"
    )
    centres_moved.connect(communes_moved, dispatch_uid="directory.profiles.communes_moved")
