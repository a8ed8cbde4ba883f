from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from django.db.models.signals import post_save

        from epop.territories.models import Region

        from .signals import region_saved

        post_save.connect(region_saved, sender=Region, dispatch_uid="forum.region_saved")
        _register_pages()


def _register_pages():
    from epop.core import pages

    pages.register(
        pages.Page(
            url_name="forum:charter",
            title="Charte du forum",
            description=(
                "Les règles du forum des intervenant·es-pairs, et leur version facile à lire."
            ),
            group=pages.AREAS,
            keywords=("forum", "charte", "règles", "modération", "respect"),
            easy_read=pages.EasyRead(
                title="La charte du forum, facile à lire",
                summary="Les règles du forum, en phrases courtes.",
                fragment="facile-a-lire",
            ),
        )
    )
