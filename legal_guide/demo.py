"""Demo data: the guide's content comes from its data migration; this seeder puts back whatever
is missing (a demo database whose guide was emptied), idempotently."""

from django.apps import apps

from epop.core.demo import seeder

from . import content


@seeder(60)
def seed_legal_guide(ctx):
    content.load(apps)
    ctx.write("  guide juridique : situations, pages faciles à lire et arbre d'orientation")
