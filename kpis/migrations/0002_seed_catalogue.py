from django.db import migrations


def seed(apps: object, schema_editor: object) -> None:
    """Add the catalogue's KPIs that are missing; existing ones (maybe edited) stay as they are."""
    from kpis.catalogue import CATALOGUE

    Kpi = apps.get_model("kpis", "Kpi")
    for entry in CATALOGUE:
        fields = {name: getattr(entry, name) for name in entry.__dataclass_fields__ if name != "code"}
        Kpi.objects.get_or_create(code=entry.code, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("kpis", "0001_catalogue_samples_rollups")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
