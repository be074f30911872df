from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from profiles.workflow.baking import bake_all
from profiles.workflow.cache import purge_public_cache
from profiles.workflow.withholding import rebuild_register


class Command(BaseCommand):
    help = (
        "Register every published profile's withheld places and mask everything public again (shared "
        "quotes and sources, versions, change notes, figures). Run once after upgrading a site published "
        "before the register existed; safe to run again. Ends with audit_public."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild_register()
        bake_all(stale_only=True)  # pages and payloads of the versions masked again
        purge_public_cache()
        self.stdout.write(f"Registered the withheld places of {count} published profile(s).")
        call_command("audit_public", verbosity=options.get("verbosity", 1))
