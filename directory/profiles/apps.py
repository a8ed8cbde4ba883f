from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    """The directory's base layer. It keeps the label "directory" it had before the directory
    became a package of sub-apps, so its tables, migrations and permissions stay where they are."""

    name = "directory.profiles"
    label = "directory"
    verbose_name = "Annuaire"

    def ready(self):
        from epop.accounts.permissions import register_forum_access_check

        from . import receivers

        register_forum_access_check(has_validated_profile)
        _register_pages()
        receivers.connect()


def _register_pages():
    """The directory's public pages join the site map, the site search and the FALC list."""
    from epop.core import pages

    pages.register(
        pages.Page(
            url_name="directory:charter",
            title="Charte EPoP",
            description="Les engagements que prend chaque intervenant·e-pair de l'annuaire.",
            group=pages.AREAS,
            keywords=("charte", "engagements", "éthique", "valeurs"),
            easy_read=pages.EasyRead(
                title="La charte EPoP, facile à lire",
                summary="Les engagements des intervenant·es-pairs, en phrases courtes.",
                fragment="en-bref",
            ),
        )
    )


def has_validated_profile(user) -> bool:
    """The forum admits peer workers whose profile a coordinator has validated at least once and
    whose latest submission was not refused (a pause or a stale profile keeps access)."""
    from .models import PeerProfile, PublishedProfile

    return (
        PublishedProfile.objects.of_user(user)
        .exclude(profile__status=PeerProfile.Status.REFUSED)
        .exists()
    )
