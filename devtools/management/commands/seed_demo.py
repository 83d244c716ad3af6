from django.core.management.base import BaseCommand
from django.db import transaction

from devtools.seeding import seed_all


class Command(BaseCommand):
    help = "Load the demo hospital (idempotent: a second run adds nothing) and print the demo logins."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            seeder = seed_all()
        created = ", ".join(f"{count} {label}" for label, count in sorted(seeder.created.items()))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created or 'nothing new: already loaded'})."))
        self.stdout.write("Demo logins:")
        width = max((len(login.username) for login in seeder.logins), default=8)
        for login in seeder.logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.username:<{width}}  {login.password:<18} {login.role}{note}")
