"""Raw KPI samples move into a table partitioned by calendar month (UTC), every row kept
(``core.partitions.partition_table``: the id from a sequence the table owns, the primary key
(id, measured_at)). Django's model state is unchanged: the same columns, indexes and checks, now
on the partitioned table and each partition. See ``kpis.services.sample_storage``.
"""

from django.db import migrations

from core.partitions import partition_table, unpartition_table

TABLE = "kpis_kpisample"
INDEXES = {
    "kpis_sample_series": "(kpi_id, vendor_id, measured_at)",
    "kpis_sample_newest": "(measured_at, id)",
    "kpis_sample_vendor_newest": "(vendor_id, measured_at, id)",
    "kpis_sample_component_newest": "(component_id, measured_at, id)",
}


def partition(apps, schema_editor):
    partition_table(schema_editor, TABLE, "measured_at", INDEXES)


def unpartition(apps, schema_editor):
    unpartition_table(schema_editor, TABLE, INDEXES)


class Migration(migrations.Migration):
    dependencies = [("kpis", "0008_limits")]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
