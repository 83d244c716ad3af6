from django.core.management.base import BaseCommand, CommandError, CommandParser

from kpis.models import Probe
from kpis.services.probes import probe_run


class Command(BaseCommand):
    help = "Run PACS probes now (all active ones, or one) and print what each check measured."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--probe", type=int, help="One probe's id; default every active probe.")

    def handle(self, *args: object, probe: int | None, **options: object) -> None:
        probes = Probe.objects.filter(pk=probe) if probe else Probe.objects.filter(active=True)
        if probe and not probes.exists():
            raise CommandError(f"No probe has the id {probe}.")
        for each in probes.order_by("pk"):
            run = probe_run(probe=each)
            self.stdout.write(f"{each}: {'ok' if run.ok else 'FAILED'}")
            for result in run.results:
                timing = f"{result['duration_ms']:.0f} ms" if result["duration_ms"] is not None else "-"
                outcome = "ok" if result["ok"] else f"failed: {result['reason']}"
                self.stdout.write(f"  {result['check']:<10} {timing:>8}  {outcome}")
