"""The import contract (``.importlinter``, run by ``make test`` as ``lint-imports``) holds, covers
every project app, and fails, naming the line, on an import that runs the wrong way."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / ".importlinter"
# The venv's own script, whether or not the venv's bin is on PATH.
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")


def contract_config() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return config


def listed(config: configparser.ConfigParser, section: str, option: str) -> list[str]:
    return [line.strip() for line in config[section][option].splitlines() if line.strip()]


def project_apps() -> set[str]:
    # An app of ours is a folder at the repository's top; installed packages may sit under the
    # repository too (a .venv inside the checkout), a level or more further down.
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}


def lint_imports(workdir: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS, "lint-imports is not installed (requirements-dev.txt pins import-linter)"
    environment = {**os.environ, "PYTHONPATH": str(workdir), "COLUMNS": "200"}
    return subprocess.run(  # noqa: S603 - the venv's own lint-imports on our config
        [LINT_IMPORTS, "--config", str(CONFIG), "--no-cache"],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_project_app_is_checked_and_sits_on_a_layer() -> None:
    config = contract_config()
    roots = set(listed(config, "importlinter", "root_packages"))
    assert project_apps() <= roots, "a project app is missing from root_packages in .importlinter"
    layer_names = set()
    for layer in listed(config, "importlinter:contract:layers", "layers"):
        for name in layer.replace(":", "|").split("|"):
            name = name.strip()
            is_optional = name.startswith("(")
            name = name.strip("()")
            layer_names.add(name)
            if name in project_apps() and name != "devtools":
                assert not is_optional, f"{name} exists now: drop the parentheses around it in .importlinter"
    assert project_apps() - {"devtools"} <= layer_names


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's Python packages copied to a throwaway directory (no templates, static files
    or migrations), to add a wrong import to without touching the real code."""
    copy = tmp_path_factory.mktemp("project")
    roots = listed(contract_config(), "importlinter", "root_packages")
    for package in roots:
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("templates", "static", "__pycache__")
        )
    return copy


def test_the_project_keeps_the_contracts(project_copy: Path) -> None:
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = [section for section in contract_config().sections() if section.startswith("importlinter:contract:")]
    assert f"{len(contracts)} kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "complaint", "chain"),
    [
        # slas sits below tickets: an upward import.
        (
            "slas/services/wrong_way.py",
            '"""A deliberate mistake."""\n\nfrom tickets.models import Ticket\n',
            "slas is not allowed to import tickets",
            "slas.services.wrong_way -> tickets.models (l.3)",
        ),
        # accounts and notifications share a layer: neither may import the other.
        (
            "accounts/wrong_way.py",
            "import datetime\n\nfrom notifications.services.notify import notify\n",
            "accounts is not allowed to import notifications",
            "accounts.wrong_way -> notifications.services.notify (l.3)",
        ),
        # The reports and the overview share a layer too.
        (
            "overview/wrong_way.py",
            "from reports.selectors import report_list\n",
            "overview is not allowed to import reports",
            "overview.wrong_way -> reports.selectors (l.1)",
        ),
        # Product code never imports the development-only code.
        (
            "kpis/wrong_way.py",
            "from devtools.seeding import DemoSeeder\n",
            "kpis is not allowed to import devtools",
            "kpis.wrong_way -> devtools.seeding (l.1)",
        ),
    ],
)
def test_a_wrong_import_breaks_the_contract_and_names_its_line(
    project_copy: Path, module: str, source: str, complaint: str, chain: str
) -> None:
    path = project_copy / module
    path.write_text(source)
    try:
        result = lint_imports(project_copy)
    finally:
        path.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert complaint in result.stdout
    assert chain in " ".join(result.stdout.split())


def test_no_app_imports_another_apps_views() -> None:
    """Views build on pages, selectors, services, forms and tables: what two apps' pages (or a page
    and the API) share is in the owning app's ``pages``, never in its views. (``core.views`` holds
    the base views every app builds on.)"""
    roots = listed(contract_config(), "importlinter", "root_packages")
    graph = grimp.build_graph(*roots, cache_dir=None)
    crossings = []
    for importer in sorted(graph.modules):
        if ".tests" in importer:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            app, _, rest = imported.partition(".")
            is_views = app != "core" and (rest == "views" or rest.startswith("views."))
            from_outside = not importer.startswith(f"{app}.") or importer.startswith(f"{app}.api")
            if is_views and from_outside:
                crossings.append(f"{importer} -> {imported}")
    assert crossings == []


def test_a_test_module_may_import_across_the_layers(project_copy: Path) -> None:
    path = project_copy / "slas" / "tests" / "test_wrong_way.py"
    path.write_text("from tickets.models import Ticket\n")
    try:
        assert lint_imports(project_copy).returncode == 0
    finally:
        path.unlink()
