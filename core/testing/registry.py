"""Test-object makers, one per model, registered by each app's ``tests/factories.py``.

The scoping proof walks every URL and API route; to ask for "another vendor's object" of a
route's model it needs a way to create one. Each app registers a maker for each of its models:
``maker(vendor, user, marker) -> instance`` owned by ``vendor`` (or, for personal rows such as
notifications, by ``user``), with ``marker`` somewhere in its visible text.
"""

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.db.models import Model

ObjectMaker = Callable[..., Model]

_makers: dict[type[Model], ObjectMaker] = {}


def register_test_object(model: type[Model]) -> Callable[[ObjectMaker], ObjectMaker]:
    def decorator(maker: ObjectMaker) -> ObjectMaker:
        _makers[model] = maker
        return maker

    return decorator


def load_all_factories() -> None:
    """Import every project app's ``tests/factories.py`` so its makers are registered."""
    for config in apps.get_app_configs():
        if (Path(config.path) / "tests" / "factories.py").exists():
            import_module(f"{config.name}.tests.factories")


def make_test_object(model: type[Model], *, vendor: Model, user: Model, marker: str) -> Model:
    if model not in _makers:
        raise LookupError(
            f"No test-object maker for {model._meta.label}: register one with @register_test_object "
            f"in {model._meta.app_label}/tests/factories.py so the scoping proof can cover its routes."
        )
    return _makers[model](vendor=vendor, user=user, marker=marker)


def registered_models() -> list[type[Model]]:
    return list(_makers)
