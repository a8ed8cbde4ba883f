"""Reminder claims, moved from the app `directory` with their table (decision 0009)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from epop.core.moves import carry_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables exist and keep their names and rows (db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SentReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=40)),
                        ("period_key", models.CharField(max_length=40)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_sentreminder",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "recipient", "period_key"),
                                name="reminder_sent_once",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        carry_content_types("directory", "notifications", ["sentreminder"]),
    ]
