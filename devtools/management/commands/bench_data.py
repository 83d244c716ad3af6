"""Generate benchmark data. Each app may have a generator in ``bench/data/<app label>.py`` with
``add_arguments(parser)`` and ``generate(options, write)``; they run lowest layer first."""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

BENCH_DATA_PACKAGE = "bench.data"


def bench_modules() -> list[ModuleType]:
    names = (f"{BENCH_DATA_PACKAGE}.{config.label}" for config in apps.get_app_configs())
    return [import_module(name) for name in names if find_spec(name)]


class Command(BaseCommand):
    help = "Generate benchmark data at the sizes given (e.g. --vendors 1000 --contacts 50000)."

    def add_arguments(self, parser: CommandParser) -> None:
        for module in bench_modules():
            module.add_arguments(parser)

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            for module in bench_modules():
                module.generate(options, self.stdout.write)
