from django.core.management.base import BaseCommand

from profiles.roles import ROLE_PERMISSIONS, sync_roles


class Command(BaseCommand):
    help = "Make the Contributor, Editor and Administrator groups hold exactly their permissions (idempotent)."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(f"Synced roles: {', '.join(ROLE_PERMISSIONS)}.")
