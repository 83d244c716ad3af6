"""Generate benchmark data. Each app may contribute a ``bench.py`` with
``add_arguments(parser)`` and ``generate(options, write)``; they run lowest layer first."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction


def bench_modules() -> list[object]:
    return [
        import_module(f"{config.name}.bench")
        for config in apps.get_app_configs()
        if (Path(config.path) / "bench.py").exists()
    ]


class Command(BaseCommand):
    help = "Generate benchmark data at the sizes given (e.g. --vendors 1000 --contacts 50000)."

    def add_arguments(self, parser: CommandParser) -> None:
        for module in bench_modules():
            module.add_arguments(parser)

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            for module in bench_modules():
                module.generate(options, self.stdout.write)
