from accounts.models import User
from core.audit import register_audited

register_audited(User, exclude=("password", "last_login"))
