#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exodus.settings")
    # manage.py is the developer's entry point, so it defaults to development mode. Production
    # serves through exodus.wsgi (no such default) and runs commands with DEBUG=false set.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
