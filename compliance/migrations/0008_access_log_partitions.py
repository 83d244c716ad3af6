"""The vendor access log moves into a table partitioned by calendar month (UTC), every entry
kept (``core.partitions.partition_table``); the append-only trigger goes onto the partitioned
table, whence PostgreSQL puts it on every partition, those made later included. Django's model
state is unchanged. See ``compliance.services.remote_access_log_storage``.
"""

from django.db import migrations

from core.partitions import partition_table, unpartition_table

TABLE = "compliance_accesslogentry"
INDEXES = {
    "compliance_accesslog_vendor": "(vendor_id, at DESC)",
    "compliance_accesslog_user": "(user_id, at DESC)",
    "compliance_accesslog_at": "(at DESC)",
}
TRIGGER = (
    f"CREATE TRIGGER compliance_access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION compliance_access_log_append_only()"
)


def partition(apps, schema_editor):
    partition_table(schema_editor, TABLE, "at", INDEXES)  # the old table leaves with its trigger
    schema_editor.execute(TRIGGER)


def unpartition(apps, schema_editor):
    unpartition_table(schema_editor, TABLE, INDEXES)
    schema_editor.execute(TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0007_request_log")]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
