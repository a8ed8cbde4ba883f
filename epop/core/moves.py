"""Moving a model from one app to another without copying a row.

The table keeps its name (`Meta.db_table`) and the migrations only change Django's state
(`SeparateDatabaseAndState`); this operation carries the model's content type to the new app
label, so permissions, admin history and generic relations follow the model
(docs/decisions/0009).
"""

from django.db import migrations


def carry_content_types(old_label: str, new_label: str, models: list[str]) -> migrations.RunPython:
    def forwards(apps, schema_editor, source=old_label, target=new_label):
        content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(
            schema_editor.connection.alias
        )
        for model in models:
            # On a fresh database the new label's row may already exist (created by an earlier
            # post_migrate); keep that one and drop the stale one, whose permissions go with it.
            if content_types.filter(app_label=target, model=model).exists():
                content_types.filter(app_label=source, model=model).delete()
            else:
                content_types.filter(app_label=source, model=model).update(app_label=target)

    def backwards(apps, schema_editor):
        forwards(apps, schema_editor, source=new_label, target=old_label)

    return migrations.RunPython(forwards, backwards, elidable=False)
