from django.apps import AppConfig


class LegalGuideConfig(AppConfig):
    name = "legal_guide"
    verbose_name = "Guide juridique"

    def ready(self):
        _register_pages()


def _register_pages():
    """The guide's fixed pages join the site map, the site search and the FALC list. Situations
    are data: the FALC list reaches them through the guide's own easy-to-read index."""
    from epop.core import pages

    for page in (
        pages.Page(
            url_name="legal_guide:tree",
            title="Trouver les règles qui vous concernent",
            description="Quelques questions, une par page, pour trouver les situations du guide "
            "juridique qui vous concernent.",
            group=pages.AREAS,
            keywords=("orientation", "questions", "arbre", "situation", "statut", "AAH"),
        ),
        pages.Page(
            url_name="legal_guide:simulator",
            title="Combien vais-je gagner si je travaille ?",
            description="Estimer mois par mois l'AAH, la prime d'activité et la pension "
            "d'invalidité avec un salaire ou une micro-entreprise.",
            group=pages.AREAS,
            keywords=(
                "simulateur",
                "calcul",
                "AAH",
                "prime d'activité",
                "pension d'invalidité",
                "cumul",
                "salaire",
                "micro-entreprise",
            ),
        ),
        pages.Page(
            url_name="legal_guide:easy_read",
            title="Le guide juridique en facile à lire",
            description="Toutes les situations du guide juridique, écrites en facile à lire.",
            group=pages.AREAS,
            keywords=("FALC", "facile à lire", "guide juridique", "droits"),
            easy_read=pages.EasyRead(
                title="Le guide juridique, facile à lire",
                summary="Vos droits quand vous travaillez, expliqués situation par situation.",
                fragment="en-bref",
            ),
        ),
    ):
        pages.register(page)
