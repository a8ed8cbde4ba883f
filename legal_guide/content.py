"""The guide's first content, written by the team from ``legal-facts.md`` (state of the law on
21 November 2026) and kept as YAML files in ``legal_guide/content/``.

The data migration loads it (so a fresh database, the tests' included, has the whole guide);
``restore()`` puts it back when transactional tests have emptied the tables. Coordinators then
edit it in the admin, where every change is kept by django-simple-history.
"""

import datetime
from pathlib import Path

import yaml

from . import tree

CONTENT = Path(__file__).parent / "content"
SITUATION_FILES = ("situations_1.yaml", "situations_2.yaml", "situations_3.yaml")
VERIFIED_ON = datetime.date(2026, 11, 21)
RULES_VALID_FROM = datetime.date(2026, 4, 1)
# The AAH and most benefits are revalued every 1 April: the next check is due then.
REVIEW_DUE = datetime.date(2027, 4, 1)
# Pages whose figures are marked À VÉRIFIER with a short horizon get an earlier check.
EARLY_REVIEW = {"vacations-universite": datetime.date(2026, 12, 1)}


def _read(name: str):
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


def situations() -> list[dict]:
    return [item for name in SITUATION_FILES for item in _read(name)]


def load(apps) -> None:
    """Create the themes, situations and tree (``apps``: a migration's app registry or
    ``django.apps.apps``). Idempotent: existing rows, found by slug, are left as they are."""
    Theme = apps.get_model("legal_guide", "Theme")
    Situation = apps.get_model("legal_guide", "Situation")
    Example = apps.get_model("legal_guide", "Example")
    Source = apps.get_model("legal_guide", "Source")
    DecisionTree = apps.get_model("legal_guide", "DecisionTree")

    themes = {}
    for order, item in enumerate(_read("themes.yaml")):
        themes[item["slug"]], _ = Theme.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "description": item["description"],
                "pictogram": item["pictogram"],
                "order": order,
            },
        )
    for order, item in enumerate(situations()):
        situation, created = Situation.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "short_title": item["short_title"],
                "order": order,
                "falc_summary": item["falc_summary"].strip(),
                "body": item["body"].strip(),
                "next_steps": item["next_steps"].strip(),
                "to_confirm": (item.get("to_confirm") or "").strip(),
                "toolbox_query": item.get("toolbox_query", ""),
                "verified_on": VERIFIED_ON,
                "rules_valid_from": RULES_VALID_FROM,
                "review_due": EARLY_REVIEW.get(item["slug"], REVIEW_DUE),
                "falc_body": item["falc_body"].strip(),
            },
        )
        if not created:
            continue
        situation.themes.set([themes[slug] for slug in item["themes"]])
        for rank, example in enumerate(item.get("examples", [])):
            Example.objects.create(
                situation=situation,
                title=example["title"],
                text=example["text"].strip(),
                order=rank,
            )
        for rank, source in enumerate(item.get("sources", [])):
            Source.objects.create(situation=situation, order=rank, **source)
    if not DecisionTree.objects.exists():
        source = (CONTENT / "tree.yaml").read_text(encoding="utf-8")
        slugs = set(Situation.objects.values_list("slug", flat=True))
        published = set(Situation.objects.filter(published=True).values_list("slug", flat=True))
        DecisionTree.objects.create(
            name="Orientation du guide juridique",
            active=True,
            source=source,
            data=tree.parse(source, slugs, published),
        )


def restore() -> None:
    """Put the content back when it is missing (tests after a transactional flush)."""
    from django.apps import apps

    if not apps.get_model("legal_guide", "DecisionTree").objects.exists():
        load(apps)
