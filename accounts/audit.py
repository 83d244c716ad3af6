from accounts.models import StaffMember, User
from core.audit import register_audited

register_audited(User, exclude=("password", "last_login"))
register_audited(StaffMember)
