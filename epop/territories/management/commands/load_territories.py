"""manage.py load_territories: regions, departments and communes from geo.api.gouv.fr or files."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from epop.territories import loader, sources, validation


class Command(BaseCommand):
    help = (
        "Charge les régions, départements et communes au format geo.api.gouv.fr, depuis l'API "
        "ou un dossier (regions.json, departements.json, communes.json). Sans effet si rien n'a "
        "changé ; n'écrit rien si une seule ligne est invalide."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            help=(
                "URL de base de l'API (https://geo.api.gouv.fr) ou dossier de fichiers ; "
                "par défaut EPOP_TERRITORIES_SOURCE."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifie la source et affiche ce qui changerait, sans rien écrire.",
        )

    def handle(self, *args, source=None, dry_run=False, verbosity=1, **options):
        source = source or settings.TERRITORIES_SOURCE
        started = time.monotonic()

        def say(message):
            if verbosity >= 1:
                self.stdout.write(message)

        say(f"Source : {sources.describe_source(source)}")
        try:
            documents = sources.read_source(source)
            data, errors = validation.validate(documents)
        except sources.SourceError as error:
            raise CommandError(f"{error} Aucune donnée modifiée.") from error
        say(
            f"Lu : {len(documents['regions'])} régions, {len(documents['departements'])} "
            f"départements, {len(documents['communes'])} communes."
        )

        if errors:
            # Every bad row is listed, so one run is enough to fix the whole source.
            for error in errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"{len(errors)} ligne(s) invalide(s) dans la source : chargement annulé, "
                "aucune donnée modifiée."
            )

        plan = loader.plan(data)
        say("À faire :")
        for changes in plan.tables:
            say(f"  {changes.summary(future=True)}")
        if plan.initial_teams:
            say(
                "  Équipe régionale activée à la création (modifiable ensuite dans l'admin) : "
                + ", ".join(plan.initial_teams)
            )

        if dry_run:
            say("Simulation (--dry-run) : rien n'a été écrit.")
            return
        if plan.has_writes:
            loader.apply(plan)
        elapsed = time.monotonic() - started
        say(self.style.SUCCESS(f"Terminé en {elapsed:.1f} s :"))
        for changes in plan.tables:
            say(f"  {changes.summary()}")
