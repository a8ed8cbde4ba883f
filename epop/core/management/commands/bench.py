from django.core.management.base import BaseCommand, CommandError

from epop.core import bench


class Command(BaseCommand):
    help = (
        "Mesures de performance : lance les bancs déclarés dans le module bench de chaque "
        "application, contre la base configurée (DATABASE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", metavar="NOM", help="Ne lance que ce banc (ex. communes).")

    def handle(self, *args, only=None, **options):
        names = bench.available()
        if only and only not in names:
            raise CommandError(
                f"Banc inconnu : {only}. Bancs disponibles : {', '.join(names) or 'aucun'}."
            )
        report = bench.Report(write=self.stdout.write)
        bench.run(report, only=only)
        self.stdout.write("")
        self.stdout.write(report.table())
