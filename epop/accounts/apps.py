from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "epop.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from . import groups
        from .models import User

        # Not limited to this app: the group also grants permissions of apps migrated after it,
        # so it is refreshed after each app (a handful of cheap queries).
        post_migrate.connect(groups.ensure_national_group, dispatch_uid="accounts-national-group")
        post_save.connect(_sync_groups, sender=User, dispatch_uid="accounts-national-group")


def _sync_groups(sender, instance, raw=False, **kwargs):
    if not raw:
        from . import groups

        groups.sync_membership(instance)
