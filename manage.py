#!/usr/bin/env python
import os
import sys


def main() -> None:
    # No DEBUG default: a command run from cron or a bare shell gets production's checks. The
    # Makefile's development targets set DEBUG=true (README, Configuration).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
