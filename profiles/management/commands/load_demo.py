"""Development only: load the seed corpus and create one demo account per role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from profiles import roles

DEMO_ACCOUNTS = [
    ("admin", "exodus-admin-demo", roles.ADMINISTRATOR),
    ("editor", "exodus-editor-demo", roles.EDITOR),
    ("editor2", "exodus-editor2-demo", roles.EDITOR),
    ("contributor", "exodus-contributor-demo", roles.CONTRIBUTOR),
]


class Command(BaseCommand):
    help = "Load the demo corpus and create demo accounts (refuses to run unless DEBUG is on)."

    def add_arguments(self, parser):
        parser.add_argument("--no-corpus", action="store_true", help="Only create the demo accounts.")

    def handle(self, *args, no_corpus=False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have well-known passwords; load_demo runs only with DEBUG=true.")
        User = get_user_model()
        for username, password, role in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            # Plain staff members of their group, the administrator too: the demo shows the roles as
            # they are, not a superuser who may do anything.
            user.is_staff = True
            user.is_superuser = False
            user.email = f"{username}@newsroom.example"  # notifications print to the console in development
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        if not no_corpus:
            call_command("load_corpus", verbosity=options.get("verbosity", 1))
            # Which profiles each source names, for the dashboard and the profiles' pages.
            call_command("index_mentions", verbosity=options.get("verbosity", 1))
        self.stdout.write(self.style.SUCCESS("\nDemo accounts (development only) — log in at /admin/:"))
        for username, password, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<14} {username:<12} password: {password}")
        self.stdout.write("")
