"""Starter content: the resources, videos and orientation paths written by the team."""

from django.db import migrations

from toolbox.starter.load import create_starter_content


class Migration(migrations.Migration):
    dependencies = [("toolbox", "0001_initial")]

    operations = [migrations.RunPython(create_starter_content, migrations.RunPython.noop)]
