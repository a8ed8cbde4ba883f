"""The rendered, sanitised HTML of each post, stored when it is written (decision 0013): filled
here for the existing posts, in batches, through the same sanitiser (``forum.text.post_html``)."""

from django.db import migrations, models

from forum.text import post_html

BATCH = 2000


def backfill(apps, schema_editor):
    Post = apps.get_model("forum", "Post")
    last = 0
    while True:
        rows = list(
            Post.objects.filter(id__gt=last, body_html="")
            .order_by("id")
            .values_list("id", "body")[:BATCH]
        )
        if not rows:
            return
        Post.objects.bulk_update(
            [Post(id=pk, body_html=post_html(body)) for pk, body in rows], ["body_html"]
        )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_attachments")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
