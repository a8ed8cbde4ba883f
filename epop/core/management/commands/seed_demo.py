from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from epop.core import demo


class Command(BaseCommand):
    help = "Crée des données de démonstration fictives et réalistes (idempotent, déterministe)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profiles", type=int, default=110, help="Nombre d'intervenant·es-pairs (110)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Graine aléatoire (2026).")
        parser.add_argument(
            "--force", action="store_true", help="Autorise l'exécution hors mode DEBUG."
        )

    def handle(self, *args, profiles, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo crée des comptes au mot de passe connu : ajoutez --force "
                "pour l'exécuter hors mode DEBUG."
            )
        if profiles < 0:
            raise CommandError("--profiles doit être positif ou nul.")
        self.stdout.write(f"Données de démonstration : {profiles} profils, graine {seed}.")
        ctx = demo.DemoContext(seed=seed, profiles=profiles, write=self.stdout.write)
        with transaction.atomic():
            demo.run(ctx)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
