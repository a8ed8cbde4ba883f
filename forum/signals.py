"""A region where EPoP deploys a regional team gets its forum space."""

from django.db import transaction

from .services import ensure_region_categories


def region_saved(sender, instance, **kwargs):
    if instance.has_regional_team:
        transaction.on_commit(ensure_region_categories)
