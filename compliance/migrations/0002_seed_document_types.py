"""The document types the hospital asks vendors for (compliance/document_types.py), seeded once."""

from django.db import migrations


def seed(apps: object, schema_editor: object) -> None:
    from compliance.document_types import document_types_ensure

    document_types_ensure(apps.get_model("compliance", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_documents")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
