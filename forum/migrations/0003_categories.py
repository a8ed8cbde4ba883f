"""The national themes, and one regional space per region where EPoP is deployed (data: the
regions with a regional team; later ones are added by forum.signals)."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    (
        "Premiers pas dans l'intervention par les pairs",
        "premiers-pas",
        "Débuter, trouver sa place, poser les questions que l'on n'ose pas poser ailleurs.",
    ),
    (
        "Pratiques d'accompagnement",
        "pratiques",
        "Partager ce qui marche, ce qui coince, et les outils que l'on a construits.",
    ),
    (
        "Travailler en équipe et avec les structures",
        "equipes",
        "La relation avec les équipes, les cadres, les partenaires.",
    ),
    (
        "Statut, droits et rémunération",
        "statut",
        "Bénévolat, salariat, micro-entreprise, AAH : ce que chacun·e a vécu.",
    ),
    (
        "Formation et sensibilisation",
        "formation",
        "Préparer une intervention, une formation, une prise de parole.",
    ),
    (
        "Prendre soin de soi",
        "prendre-soin",
        "Fatigue, limites, soutien entre pairs : en parler sans jugement.",
    ),
]


def create(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    Region = apps.get_model("territories", "Region")
    for position, (name, slug, description) in enumerate(THEMES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "kind": "theme",
                "position": position,
            },
        )
    for region in Region.objects.filter(has_regional_team=True):
        Category.objects.get_or_create(
            region=region,
            defaults={
                "name": region.name,
                "slug": f"region-{slugify(region.name)}",
                "description": f"L'espace des intervenant·es-pairs de la région {region.name}.",
                "kind": "region",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_french_search")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
