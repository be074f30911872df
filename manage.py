#!/usr/bin/env python
import os
import sys


def main() -> None:
    # No DEBUG default: a command run from cron or a bare shell gets production's checks. The
    # Makefile's development targets set DEBUG=true (README, Configuration).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.DEBUG  # noqa: B018 (loads the settings, whose checks say what is missing)
    except ImproperlyConfigured as refusal:
        # What to set, in one line, rather than a traceback through Django's app loading.
        sys.exit(f"manage.py: {refusal}")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
