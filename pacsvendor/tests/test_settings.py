"""Production mode fails closed: it refuses to start without its secret and host list."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOAD_SETTINGS = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "pacsvendor.settings", **env})
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", LOAD_SETTINGS], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_production_is_the_default_and_needs_a_secret_key() -> None:
    result = _start(DJANGO_ALLOWED_HOSTS="pacs.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_needs_allowed_hosts() -> None:
    result = _start(DJANGO_ENV="production", DJANGO_SECRET_KEY="s" * 64)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both_and_without_debug() -> None:
    result = _start(DJANGO_ENV="production", DJANGO_SECRET_KEY="s" * 64, DJANGO_ALLOWED_HOSTS="pacs.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("value", ["staging", "prod"])
def test_unknown_modes_are_refused(value: str) -> None:
    result = _start(DJANGO_ENV=value)
    assert result.returncode != 0
    assert "DJANGO_ENV must be one of" in result.stderr
