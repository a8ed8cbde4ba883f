"""The registry of the site's pages: one list feeds the site map, the site search and the list of
easy-to-read (FALC) content, so none of them can drift from the others.

Each entry names a URL (never a view or a model), which keeps ``epop.core`` free of imports from
the feature apps. A feature app adds its own pages with :func:`register` from its
``AppConfig.ready()``; pages generated from data (articles, profiles) will need their own search
and are not meant to live here.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.urls import reverse

# Site-map groups, in display order.
DISCOVER = "Découvrir EPoP"
AREAS = "Les espaces du site"
ACCOUNT = "Mon compte"
HELP = "Aide et réglages"
LEGAL = "Informations légales"
GROUPS = (DISCOVER, AREAS, ACCOUNT, HELP, LEGAL)


@dataclass(frozen=True)
class EasyRead:
    """Easy-to-read content: a box on a page (``fragment`` is its id) or a whole page."""

    title: str
    summary: str
    fragment: str = ""


@dataclass(frozen=True)
class Page:
    url_name: str
    # The page title without the « – EPoP » suffix; templates use it for <title>.
    title: str
    # One plain sentence: shown in the site map and search results; also the meta description.
    description: str
    group: str
    keywords: tuple[str, ...] = ()
    login_required: bool = False
    searchable: bool = True
    easy_read: EasyRead | None = None
    # Filled once by _index(): the normalised text the search compares with.
    _words: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def easy_read_url(self) -> str:
        if not self.easy_read:
            return ""
        return f"{self.url}#{self.easy_read.fragment}" if self.easy_read.fragment else self.url


_PAGES: list[Page] = [
    Page(
        "core:home",
        "Accueil : l'intervention par les pairs",
        "Ce qu'est un·e intervenant·e-pair, à qui s'adresse EPoP et par où commencer.",
        DISCOVER,
        keywords=(
            "accueil",
            "programme",
            "démarche",
            "pair-aidance",
            "savoirs expérientiels",
            "approche individuelle",
            "approche collective",
            "participation",
            "Croix-Rouge française",
        ),
        easy_read=EasyRead(
            "EPoP, c'est quoi ?",
            "Le programme EPoP et ce site, expliqués avec des phrases courtes.",
            fragment="en-bref",
        ),
    ),
    Page(
        "core:easy_read",
        "Pages faciles à lire",
        "La liste des textes écrits en facile à lire et à comprendre (FALC).",
        DISCOVER,
        keywords=("FALC", "facile à lire et à comprendre", "simple", "langage clair"),
    ),
    Page(
        "directory:home",
        "Annuaire des intervenant·es-pairs",
        "Trouver un·e intervenant·e-pair près de chez vous ou à distance.",
        AREAS,
        keywords=(
            "trouver",
            "chercher",
            "carte",
            "liste",
            "recruter",
            "employeur",
            "profil",
            "contact",
        ),
    ),
    Page(
        "toolbox:home",
        "Boîte à outils",
        "Modèles de contrats et de devis, fiches de poste, vidéos et parcours pour se lancer.",
        AREAS,
        keywords=(
            "modèles",
            "contrat",
            "devis",
            "fiche de poste",
            "charte",
            "vidéos",
            "formation",
            "parcours",
            "référent",
        ),
    ),
    Page(
        "legal_guide:home",
        "Guide juridique",
        "Les statuts possibles et les règles sur l'AAH, la pension d'invalidité et la retraite.",
        AREAS,
        keywords=(
            "droit",
            "statut",
            "bénévolat",
            "salariat",
            "micro-entreprise",
            "AAH",
            "pension d'invalidité",
            "RQTH",
            "assurance",
            "retraite",
        ),
    ),
    Page(
        "forum:home",
        "Forum des intervenant·es-pairs",
        "L'espace d'échange de pratiques réservé aux intervenant·es-pairs validé·es.",
        AREAS,
        keywords=("échanges", "pratiques", "entraide", "discussion", "communauté", "pairs"),
    ),
    Page(
        "account_login",
        "Se connecter",
        "Accéder à votre compte avec votre adresse e-mail et votre mot de passe.",
        ACCOUNT,
        keywords=("connexion", "identifiant", "compte", "mot de passe"),
    ),
    Page(
        "account_signup",
        "Créer un compte",
        "Ouvrir un compte d'intervenant·e-pair ou d'employeur.",
        ACCOUNT,
        keywords=("inscription", "s'inscrire", "compte", "nouveau"),
    ),
    Page(
        "account_reset_password",
        "Mot de passe oublié",
        "Recevoir un lien par e-mail pour choisir un nouveau mot de passe.",
        ACCOUNT,
        keywords=("réinitialiser", "mot de passe", "perdu", "connexion"),
    ),
    Page(
        "accounts:dashboard",
        "Mon espace",
        "Votre tableau de bord, une fois connecté·e.",
        ACCOUNT,
        keywords=("tableau de bord", "compte", "profil"),
        login_required=True,
    ),
    Page(
        "core:help",
        "Aide et contact",
        "Comment obtenir de l'aide et écrire à l'équipe EPoP.",
        HELP,
        keywords=("contact", "aide", "question", "écrire", "e-mail", "courriel", "problème"),
    ),
    Page(
        "core:display",
        "Paramètres d'affichage",
        "Agrandir le texte, espacer les lignes, changer de police, renforcer les contrastes.",
        HELP,
        keywords=(
            "taille du texte",
            "police",
            "contraste",
            "espacement",
            "animations",
            "dyslexie",
            "malvoyance",
            "lisibilité",
        ),
    ),
    Page(
        "core:search",
        "Rechercher sur le site",
        "Chercher une page du site par mots-clés.",
        HELP,
        searchable=False,
    ),
    Page(
        "core:accessibility",
        "Déclaration d'accessibilité",
        "Ce que nous faisons pour l'accessibilité du site, ses limites et vos recours.",
        LEGAL,
        keywords=("accessibilité", "RGAA", "handicap", "conformité", "défenseur des droits"),
        easy_read=EasyRead(
            "L'accessibilité du site",
            "Ce qui marche, ce qui ne marche pas encore et qui contacter en cas de problème.",
            fragment="en-bref",
        ),
    ),
    Page(
        "core:privacy",
        "Données personnelles",
        "Quelles données nous gardons, pourquoi, combien de temps, et vos droits.",
        LEGAL,
        keywords=("RGPD", "vie privée", "confidentialité", "cookies", "CNIL", "droits"),
    ),
    Page(
        "core:legal_notice",
        "Mentions légales",
        "Qui publie ce site et qui l'héberge.",
        LEGAL,
        keywords=("éditeur", "hébergeur", "directeur de la publication", "propriété"),
    ),
    Page(
        "core:sitemap",
        "Plan du site",
        "Toutes les pages du site, rangées par thème.",
        LEGAL,
        keywords=("plan", "sommaire", "toutes les pages", "navigation"),
    ),
]


def register(page: Page) -> None:
    """Add a page (from a feature app's ``ready()``); a URL name is registered once."""
    if any(existing.url_name == page.url_name for existing in _PAGES):
        raise ValueError(f"Page déjà enregistrée : {page.url_name}")
    _PAGES.append(page)


def all_pages() -> list[Page]:
    return list(_PAGES)


def get(url_name: str) -> Page:
    for page in _PAGES:
        if page.url_name == url_name:
            return page
    raise KeyError(url_name)


def sitemap_groups() -> list[tuple[str, list[Page]]]:
    """Pages grouped for the site map, groups and pages in registry order; empty groups skipped."""
    groups = [*GROUPS, *(g for g in dict.fromkeys(p.group for p in _PAGES) if g not in GROUPS)]
    grouped = [(group, [page for page in _PAGES if page.group == group]) for group in groups]
    return [(group, pages) for group, pages in grouped if pages]


def easy_read_pages() -> list[Page]:
    return [page for page in _PAGES if page.easy_read]


# --- Search -----------------------------------------------------------------------------------
# Small words that would match almost every page. Visitors type whole questions
# (« comment trouver un intervenant »), so they are dropped rather than required.
_STOPWORDS_TEXT = """
    a au aux avec ce ces c comment d dans de des du en est et il j je l la le les leur ma mes mon
    ne ou où par pas pour qu que qui quoi sa se ses son sur ta te tu un une vos votre vous y
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# A match in the title counts more than one in the keywords, which counts more than the description.
WEIGHTS = {"title": 5, "keywords": 3, "description": 1}


def normalize(text: str) -> str:
    """Lower case, no accents, no inclusive-writing dots: « Intervenant·es » → « intervenantes »."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("·", "").replace("•", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _stem(word: str) -> str:
    # Plurals: « intervenants » should find « intervenant·e ». Short words stay as typed.
    if len(word) > 4 and word[-1] in "sx":
        return word[:-1]
    return word


def query_terms(query: str) -> list[str]:
    words = [w for w in normalize(query).split() if w not in STOPWORDS and len(w) > 1]
    return list(dict.fromkeys(_stem(word) for word in words))


def _words(page: Page) -> dict[str, set[str]]:
    if not page._words:
        page._words.update(
            {
                "title": set(normalize(page.title).split()),
                "keywords": set(normalize(" ".join(page.keywords)).split()),
                "description": set(normalize(page.description).split()),
            }
        )
    return page._words


def search(query: str) -> list[Page]:
    """Pages matching every term of the query (a term matches the start of a word), best first.

    Equal scores keep registry order, which follows the site map: predictable for everyone.
    """
    terms = query_terms(query)
    if not terms:
        return []
    scored = []
    for position, page in enumerate(_PAGES):
        if not page.searchable:
            continue
        words = _words(page)
        score = 0
        for term in terms:
            term_score = sum(
                weight
                for part, weight in WEIGHTS.items()
                if any(word.startswith(term) for word in words[part])
            )
            if not term_score:
                break
            score += term_score
        else:
            scored.append((-score, position, page))
    return [page for _, _, page in sorted(scored, key=lambda item: item[:2])]
