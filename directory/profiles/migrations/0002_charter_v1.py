"""The first version of the EPoP charter (its text lives in directory/profiles/charter_v1.py,
which is never edited: a new version is a new row, added in the admin)."""

from django.db import migrations

from directory.profiles.charter_v1 import TITLE, create_charter


def write_charter(apps, schema_editor):
    create_charter(apps.get_model("directory", "CharterVersion"))


def remove_charter(apps, schema_editor):
    CharterVersion = apps.get_model("directory", "CharterVersion")
    CharterAcceptance = apps.get_model("directory", "CharterAcceptance")
    # Consent records point to the version: keep it once somebody has accepted it.
    if not CharterAcceptance.objects.filter(version__number=1).exists():
        CharterVersion.objects.filter(number=1, title=TITLE).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(write_charter, remove_charter)]
