"""The guide's first content (23 situations, 5 themes, the orientation tree), so that every new
database, the tests' included, shows the whole guide. Coordinators edit it afterwards."""

from django.db import migrations


def create_content(apps, schema_editor):
    from legal_guide import content

    content.load(apps)


class Migration(migrations.Migration):
    dependencies = [("legal_guide", "0001_initial")]

    operations = [migrations.RunPython(create_content, migrations.RunPython.noop)]
