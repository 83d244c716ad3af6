"""Demo data for `make run`: ``devtools/demo/<app label>.py`` per app, each with
``seed(demo: DemoSeeder) -> None``.

``manage.py seed_demo`` runs them in ``INSTALLED_APPS`` order (lower layers first), in one
transaction. Seeders must be idempotent: look rows up by a natural key and create them only
when missing, so a second run changes nothing.

A ``demo.py`` may also define ``seed_context() -> ContextManager``: every app's seeding runs
inside it. The demo is history, so ``notifications`` uses it to tell nobody about it.
"""

from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps

DEMO_PACKAGE = "devtools.demo"


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    note: str = ""


@dataclass
class DemoSeeder:
    logins: list[DemoLogin] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    def add_login(self, login: DemoLogin) -> None:
        self.logins.append(login)

    def count_created(self, label: str, was_created: bool) -> None:
        if was_created:
            self.created[label] = self.created.get(label, 0) + 1


def demo_modules() -> list[ModuleType]:
    """The seeders of the installed apps that have one, lowest layer first."""
    names = (f"{DEMO_PACKAGE}.{config.label}" for config in apps.get_app_configs())
    return [import_module(name) for name in names if find_spec(name)]


def seed_all() -> DemoSeeder:
    seeder = DemoSeeder()
    modules = demo_modules()
    with ExitStack() as contexts:
        for module in modules:
            if hasattr(module, "seed_context"):
                contexts.enter_context(module.seed_context())
        for module in modules:
            module.seed(seeder)
    return seeder
