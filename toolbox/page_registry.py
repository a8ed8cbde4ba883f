"""The toolbox's pages in the site registry (site map, site search)."""

from epop.core.pages import Page

TOOLBOX = "Boîte à outils"

PAGES = [
    Page(
        "toolbox:resources",
        "Ressources de la boîte à outils",
        "Modèles de contrats et de devis, fiches de poste, charte, guides et vidéos, "
        "à lire ou à télécharger.",
        TOOLBOX,
        keywords=("modèle", "contrat", "devis", "charte", "fiche de poste", "vidéo", "ESAT"),
    ),
    Page(
        "toolbox:path_become",
        "Devenir intervenant·e-pair : le parcours",
        "Les étapes pour devenir intervenant·e-pair, jusqu'à la création de votre profil.",
        TOOLBOX,
        keywords=("parcours", "devenir", "se lancer", "étapes", "formation"),
    ),
    Page(
        "toolbox:path_hire",
        "Faire appel à un·e intervenant·e-pair : le parcours",
        "Les étapes pour accueillir un·e intervenant·e-pair, jusqu'à la recherche dans l'annuaire.",
        TOOLBOX,
        keywords=("parcours", "recruter", "employeur", "accueillir", "étapes"),
    ),
    Page(
        "toolbox:quotes",
        "Mes devis et factures",
        "Faire un devis avec les bonnes mentions, puis la facture en un clic.",
        TOOLBOX,
        keywords=("devis", "facture", "micro-entreprise", "tarif"),
        login_required=True,
    ),
    Page(
        "toolbox:reports",
        "Retours d'expérience",
        "Des interventions racontées par des intervenant·es-pairs, publiées avec leur accord.",
        TOOLBOX,
        keywords=("témoignage", "expérience", "bonnes pratiques", "intervention"),
    ),
    Page(
        "toolbox:trainings",
        "Formations",
        "La formation socle EPoP et les formations complémentaires, par région et par date.",
        TOOLBOX,
        keywords=("formation", "socle", "prise de parole", "relation d'aide", "FALC"),
    ),
    Page(
        "toolbox:events",
        "Actualités et événements",
        "Colloques et journées régionales, avec un calendrier à ajouter à votre agenda.",
        TOOLBOX,
        keywords=("colloque", "journée", "agenda", "calendrier", "actualité"),
    ),
]
