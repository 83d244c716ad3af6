from core.audit import register_audited
from tickets.models import Ticket

# Clocks, events and actions are machine state with their own history (events); the ticket's
# own fields are what people change.
register_audited(Ticket)
