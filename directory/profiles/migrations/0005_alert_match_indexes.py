# Fewer indexes and no database foreign-key checks on alert matches: a profile can match tens
# of thousands of alerts in one insert (see AlertMatch). Digests are RESTRICTed rather than
# PROTECTed so that deleting an account, which deletes its matches too, works.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_alerts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="alertmatch",
            name="alert_match_profile_idx",
        ),
        migrations.RemoveIndex(
            model_name="needmatch",
            name="need_match_profile_idx",
        ),
        migrations.AlterField(
            model_name="alertmatch",
            name="alert",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="matches",
                to="directory.alert",
            ),
        ),
        migrations.AlterField(
            model_name="alertmatch",
            name="digest",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="alert_matches",
                to="directory.digest",
            ),
        ),
        migrations.AlterField(
            model_name="alertmatch",
            name="employer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="alertmatch",
            name="profile",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directory.publishedprofile",
            ),
        ),
        migrations.AlterField(
            model_name="needmatch",
            name="digest",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="need_matches",
                to="directory.digest",
            ),
        ),
        migrations.AlterField(
            model_name="needmatch",
            name="need",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="matches",
                to="directory.need",
            ),
        ),
        migrations.AddIndex(
            model_name="alertmatch",
            index=models.Index(
                condition=models.Q(("digest__isnull", False)),
                fields=["digest"],
                name="alert_match_digest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="needmatch",
            index=models.Index(
                condition=models.Q(("digest__isnull", False)),
                fields=["digest"],
                name="need_match_digest_idx",
            ),
        ),
    ]
