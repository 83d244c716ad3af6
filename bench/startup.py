"""Start-up time: ``manage.py check`` of this project against a bare Django project.

Every management command, web worker and Celery worker pays the start-up once, and tests that
run commands in subprocesses pay it each time. The bare project is made with ``django-admin
startproject`` (same interpreter, same Django) in a temporary folder; both commands run
alternately so that a busy machine slows both alike, and the medians are compared.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 2.0


def _time_check(cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "check"], cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _environment(settings_module: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    return env


def measure(runs: int = 15) -> tuple[float, float]:
    """Median seconds of ``manage.py check`` for (this project, the bare project)."""
    ours_env = _environment("pacsvendor.settings")
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder)
        subprocess.run(  # noqa: S603 - our interpreter, Django's own command
            [sys.executable, "-m", "django", "startproject", "bareproject", str(bare)],
            check=True,
            env=_environment(""),
        )
        bare_env = _environment("bareproject.settings")
        for _ in range(2):  # write the bytecode caches and warm the page cache
            _time_check(ROOT, ours_env)
            _time_check(bare, bare_env)
        ours, baseline = [], []
        for _ in range(runs):
            ours.append(_time_check(ROOT, ours_env))
            baseline.append(_time_check(bare, bare_env))
    return statistics.median(ours), statistics.median(baseline)


def rows(runs: int = 15) -> list[tuple[str, str, str]]:
    ours, bare = measure(runs)
    return [
        ("`manage.py check`, this project (median)", f"{ours * 1000:.0f} ms", "-"),
        ("`manage.py check`, bare Django project (median)", f"{bare * 1000:.0f} ms", "-"),
        ("start-up relative to bare Django", f"{ours / bare:.2f}x", f"<= {GOAL_RATIO:.0f}x"),
    ]
