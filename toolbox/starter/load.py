"""Loads the starter content (resources, videos, orientation paths) idempotently. Used by the
data migration and by the tests' reference-data fixture, which restores it after transactional
tests empty the tables."""

from .paths import PATHS
from .resources import RESOURCES
from .videos import VIDEOS


def create_starter_content(apps, schema_editor):
    Resource = apps.get_model("toolbox", "Resource")
    OrientationPath = apps.get_model("toolbox", "OrientationPath")
    PathStep = apps.get_model("toolbox", "PathStep")
    for data in RESOURCES + VIDEOS:
        Resource.objects.update_or_create(slug=data["slug"], defaults={**data, "status": "publie"})
    for path_data in PATHS:
        steps = path_data["steps"]
        path, _ = OrientationPath.objects.update_or_create(
            slug=path_data["slug"],
            defaults={"title": path_data["title"], "intro": path_data["intro"]},
        )
        for position, step_data in enumerate(steps, start=1):
            step, _ = PathStep.objects.update_or_create(
                path=path,
                position=position,
                defaults={k: step_data[k] for k in ("title", "body", "checklist")},
            )
            step.resources.set(Resource.objects.filter(slug__in=step_data["resources"]))
