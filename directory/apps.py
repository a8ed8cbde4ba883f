from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self):
        from epop.accounts.permissions import register_forum_access_check

        register_forum_access_check(has_validated_profile)


def has_validated_profile(user) -> bool:
    """The forum admits peer workers whose profile a coordinator has validated at least once."""
    from .models import PublishedProfile

    return PublishedProfile.objects.filter(profile__user=user).exists()
