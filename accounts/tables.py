import django_tables2 as tables

from accounts.models import StaffMember, User
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


class StaffMemberTable(tables.Table):
    name = tables.Column(linkify=True)
    staff_number = tables.Column(verbose_name="Staff no.")
    profession = tables.Column()
    department = tables.Column()
    site = tables.Column()
    email = tables.EmailColumn()
    start_date = tables.DateColumn(format="Y-m-d")
    active = StatusColumn(verbose_name="Status")

    class Meta:
        model = StaffMember
        fields = ("name", "staff_number", "profession", "department", "site", "email", "start_date", "active")
        order_by = ("name",)
