from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development-only code: demo data and the demo Orthanc of `make run`, the ``seed_demo`` and
    ``bench_data`` commands. Installed outside production only; product code never imports it
    (an import-linter contract, ``.importlinter``)."""

    name = "devtools"
    verbose_name = "Development tools"
