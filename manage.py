#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")
    # manage.py is a developer's tool first: without DJANGO_ENV it runs with development
    # settings. Servers (wsgi, asgi, Celery) still default to production and fail closed.
    os.environ.setdefault("DJANGO_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
