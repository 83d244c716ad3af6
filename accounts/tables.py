import django_tables2 as tables

from accounts.models import User
from core.tables import StatusColumn


class UserTable(tables.Table):
    name = tables.Column(accessor="last_name", verbose_name="Name", linkify=True, order_by=("last_name", "first_name"))
    username = tables.Column()
    email = tables.EmailColumn()
    role = tables.Column()
    vendor = tables.Column(linkify=True)
    is_active = StatusColumn(verbose_name="Status")
    last_login = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Last sign-in")

    class Meta:
        model = User
        fields = ("name", "username", "email", "role", "vendor", "is_active", "last_login")

    def render_name(self, record: User) -> str:
        return str(record)

    def value_name(self, record: User) -> str:
        return str(record)
