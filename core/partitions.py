"""Tables partitioned by calendar month (UTC) in PostgreSQL: what a query or a write costs does
not grow with history, and old months leave as whole tables (``DROP TABLE``, never row by row).
Used by the raw KPI samples (``kpis.services.sample_storage``) and the vendor access log
(``compliance.services.remote_access_log_storage``); each owner says how long it keeps rows.

- ``partition_table`` / ``unpartition_table`` turn a table into a partitioned one and back in a
  migration, every row kept. PostgreSQL cannot give a partitioned table an identity column, so
  the id comes from a sequence the table owns; the primary key carries the partition key.
- A row no partition covers lands in the default partition. Creating its month's partition later
  moves it in, and a cut drops the default partition's rows before it, both by routing the
  default partition's rows anew (copy into the parent, drop the old default table): never an
  UPDATE or DELETE, so a table whose rows may never change (the access log's trigger) keeps
  its guard. Creating and dropping are serialised across processes by an advisory lock.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import connection, transaction

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Partition:
    name: str
    month: datetime.date  # the first day of the UTC month it holds
    start: datetime.datetime
    end: datetime.datetime


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _utc_months(first: datetime.datetime, last: datetime.datetime) -> list[datetime.date]:
    month, final = first.astimezone(datetime.UTC).date().replace(day=1), last.astimezone(datetime.UTC).date()
    months = []
    while month <= final:
        months.append(month)
        month = _next_month(month)
    return months


@dataclass(frozen=True)
class MonthlyPartitions:
    """The monthly partitions of table ``parent`` by its timestamp ``column``."""

    parent: str
    column: str
    lock_key: int  # an advisory lock of its own per table

    @property
    def default(self) -> str:
        return f"{self.parent}_default"

    def partition_for(self, month: datetime.date) -> Partition:
        """The partition of the UTC month starting on ``month`` (a first day)."""
        start = datetime.datetime.combine(month, datetime.time(0), tzinfo=datetime.UTC)
        end = datetime.datetime.combine(_next_month(month), datetime.time(0), tzinfo=datetime.UTC)
        return Partition(f"{self.parent}_p{month:%Y_%m}", month, start, end)

    def partitions(self) -> list[Partition]:
        """The monthly partitions that exist, oldest first (the default partition is not listed)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = %s::regclass",
                [self.parent],
            )
            names = [row[0] for row in cursor.fetchall()]
        pattern = re.compile(rf"^{self.parent}_p(\d{{4}})_(\d{{2}})$")
        months = sorted(datetime.date(int(m[1]), int(m[2]), 1) for m in map(pattern.match, names) if m)
        return [self.partition_for(month) for month in months]

    def _lock(self, cursor: object) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [self.lock_key])

    def _default_has(self, cursor: object, condition: str, values: list) -> bool:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {self.default} WHERE {condition})", values)  # noqa: S608
        return cursor.fetchone()[0]

    def _reroute_default(self, cursor: object, *, create: Partition | None = None, keep_since=None) -> None:
        """Detach the default partition, create ``create`` (if given) and a new default, route the
        old default's rows (those from ``keep_since`` on, if given) through the parent, drop it."""
        old = f"{self.default}_old"
        cursor.execute(f"ALTER TABLE {self.parent} DETACH PARTITION {self.default}")
        cursor.execute(f"ALTER TABLE {self.default} RENAME TO {old}")
        if create is not None:
            self._create_partition(cursor, create)
        cursor.execute(f"CREATE TABLE {self.default} PARTITION OF {self.parent} DEFAULT")
        where, values = (f" WHERE {self.column} >= %s", [keep_since]) if keep_since is not None else ("", [])
        cursor.execute(f"INSERT INTO {self.parent} SELECT * FROM {old}{where}", values)  # noqa: S608
        cursor.execute(f"DROP TABLE {old}")

    def _create_partition(self, cursor: object, partition: Partition) -> None:
        cursor.execute(
            f"CREATE TABLE {partition.name} PARTITION OF {self.parent} FOR VALUES FROM (%s) TO (%s)",
            [partition.start, partition.end],
        )

    def ensure(self, first: datetime.datetime, last: datetime.datetime) -> list[str]:
        """Create the partitions of the UTC months from ``first`` to ``last`` that do not exist yet;
        returns the names created. Costs one catalogue query when they all exist."""
        wanted = _utc_months(first, last)
        if {partition.month for partition in self.partitions()} >= set(wanted):
            return []
        created = []
        with transaction.atomic(), connection.cursor() as cursor:
            self._lock(cursor)
            existing = {partition.month for partition in self.partitions()}
            for month in wanted:
                if month in existing:
                    continue
                partition = self.partition_for(month)
                bounds = [partition.start, partition.end]
                # PostgreSQL refuses a partition whose rows sit in the default one: move them in.
                if self._default_has(cursor, f"{self.column} >= %s AND {self.column} < %s", bounds):
                    self._reroute_default(cursor, create=partition)
                else:
                    self._create_partition(cursor, partition)
                created.append(partition.name)
        return created

    def drop_before(self, cut: datetime.datetime) -> list[str]:
        """Detach and drop the partitions that ended by ``cut``, and the default partition's rows
        before it; returns the names dropped."""
        dropped = []
        for partition in self.partitions():
            if partition.end > cut:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                self._lock(cursor)
                cursor.execute(f"ALTER TABLE {self.parent} DETACH PARTITION {partition.name}")
                cursor.execute(f"DROP TABLE {partition.name}")
            dropped.append(partition.name)
        with transaction.atomic(), connection.cursor() as cursor:  # stray rows, written out of range
            self._lock(cursor)
            if self._default_has(cursor, f"{self.column} < %s", [cut]):
                self._reroute_default(cursor, keep_since=cut)
        return dropped


# --- migrations: a table into monthly partitions and back ------------------------------------


def _columns(cursor: object, table: str) -> str:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum",
        [table],
    )
    return ", ".join(row[0] for row in cursor.fetchall())


def _set_aside(schema_editor: object, table: str, indexes: dict[str, str]) -> str:
    """Rename the table (and its primary key's index) out of the way; its other indexes go, to be
    built once after the copy rather than kept up row by row."""
    old = f"{table}_unpartitioned"
    schema_editor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    schema_editor.execute(f"ALTER INDEX {table}_pkey RENAME TO {old}_pkey")
    for name in indexes:
        schema_editor.execute(f"DROP INDEX {name}")
    return old


def partition_table(schema_editor: object, table: str, column: str, indexes: dict[str, str]) -> None:
    """Move ``table`` into monthly partitions of ``column`` (its rows' months, and from this month
    three months ahead) and a default one, every row kept; ``indexes`` (name: columns) are built
    again on the partitioned table. Django's model state is unchanged."""
    execute = schema_editor.execute
    old = _set_aside(schema_editor, table, indexes)
    execute(
        f"CREATE TABLE {table} (LIKE {old} INCLUDING CONSTRAINTS, PRIMARY KEY (id, {column})) "
        f"PARTITION BY RANGE ({column})"
    )
    execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT min({column}), max({column}) FROM {old}")  # noqa: S608
        first, last = cursor.fetchone()
        now = datetime.datetime.now(datetime.UTC)
        ahead = now + datetime.timedelta(days=93)
        for month in _utc_months(min(first or now, now), max(last or ahead, ahead)):
            cursor.execute(
                f"CREATE TABLE {table}_p{month:%Y_%m} PARTITION OF {table} FOR VALUES FROM (%s) TO (%s)",
                [f"{month.isoformat()} 00:00+00", f"{_next_month(month).isoformat()} 00:00+00"],
            )
        columns = _columns(cursor, old)
    execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {old}")  # noqa: S608
    execute(f"DROP TABLE {old}")  # and its identity sequence
    execute(f"CREATE SEQUENCE {table}_id_seq OWNED BY {table}.id")
    execute(f"SELECT setval('{table}_id_seq', COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)")  # noqa: S608
    execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq')")
    for name, index_columns in indexes.items():
        execute(f"CREATE INDEX {name} ON {table} {index_columns}")
    execute(f"ANALYZE {table}")


def unpartition_table(schema_editor: object, table: str, indexes: dict[str, str]) -> None:
    """``partition_table`` undone: one plain table with an identity id, every row kept."""
    execute = schema_editor.execute
    old = _set_aside(schema_editor, table, indexes)
    execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING CONSTRAINTS)")
    with schema_editor.connection.cursor() as cursor:
        columns = _columns(cursor, old)
    execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {old}")  # noqa: S608
    execute(f"DROP TABLE {old}")  # its partitions and sequence with it
    execute(f"ALTER TABLE {table} ADD PRIMARY KEY (id)")
    execute(f"ALTER TABLE {table} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"  # noqa: S608
    )
    for name, index_columns in indexes.items():
        execute(f"CREATE INDEX {name} ON {table} {index_columns}")
