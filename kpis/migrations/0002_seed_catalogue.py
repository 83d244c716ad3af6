from django.db import migrations


def seed(apps: object, schema_editor: object) -> None:
    """Add the catalogue's KPIs that are missing; existing ones (maybe edited) stay as they are."""
    from kpis.catalogue import catalogue_ensure

    catalogue_ensure(apps.get_model("kpis", "Kpi"))


class Migration(migrations.Migration):
    dependencies = [("kpis", "0001_catalogue_samples_rollups")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
