"""The fast lane (core/testing/lanes.py): a test is marked by the fixtures it needs, before
``-m`` selects, so ``make test-fast`` leaves out every test that starts a browser or Orthanc
without anyone marking it by hand."""

import configparser
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.apps import apps
from django.conf import settings

from core.testing.lanes import FAST_LANE, lane_markers

INNER_TESTS = textwrap.dedent("""
    import pytest

    @pytest.fixture
    def browser():
        return "chromium"

    @pytest.fixture
    def page(browser):
        return "page"

    @pytest.fixture
    def login(page):
        return page

    @pytest.fixture
    def orthanc():
        return "pacs"

    def test_plain():
        pass

    def test_signs_in(login):
        pass

    def test_probes(orthanc):
        pass

    @pytest.mark.slow
    def test_make_run():
        pass
""")


def test_fixtures_name_the_markers() -> None:
    assert lane_markers(["db", "login", "page", "context", "browser"]) == {"browser"}
    assert lane_markers(["orthanc", "orthanc_executable", "tmp_path"]) == {"orthanc"}
    assert lane_markers(["admin_client", "live_server"]) == set()


def test_the_fast_lane_selects_only_tests_that_need_no_browser_orthanc_or_make_run(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ("core.testing.lanes",)\n')
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: b\n    orthanc: o\n    slow: s\n")
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}

    def selected(expression: str) -> list[str]:
        options = ["--collect-only", "-q", "--strict-markers", "-m", expression]
        others = ["-p", "no:cacheprovider", "-p", "no:django", "-p", "no:xdist", "-p", "no:playwright"]
        done = subprocess.run(  # noqa: S603 - this interpreter's pytest on the tests above
            [sys.executable, "-m", "pytest", *options, *others, "test_inner.py"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return [line.split("::")[1] for line in done.stdout.splitlines() if "::" in line]

    assert selected(FAST_LANE) == ["test_plain"]
    assert selected("browser") == ["test_signs_in"]
    assert selected("orthanc") == ["test_probes"]


def test_make_test_collects_the_tests_of_every_project_app() -> None:
    """pytest.ini's testpaths is what a bare ``pytest`` (so ``make test``) collects: an app left
    out there has its tests never run."""
    config = configparser.ConfigParser()
    config.read(Path(settings.BASE_DIR) / "pytest.ini")
    testpaths = set(config["pytest"]["testpaths"].split())
    ours = {app.name for app in apps.get_app_configs() if Path(app.path).parent == Path(settings.BASE_DIR)}
    assert ours, "no project app found"
    assert ours <= testpaths, f"pytest.ini testpaths misses {sorted(ours - testpaths)}"
