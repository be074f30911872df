from django.core.management.base import BaseCommand, CommandError

from profiles.audit import audit_public_record


class Command(BaseCommand):
    help = (
        "Check everything public (index, versions, change notes, shared quotes and sources, figures, the "
        "change feed, media files) for withheld places, unreviewed content and image metadata. Exits "
        "non-zero naming each problem."
    )

    def handle(self, *args, **options):
        problems = audit_public_record()
        if problems:
            for problem in problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"The public record breaks the safety rules in {len(problems)} place(s).")
        self.stdout.write("The public record is sound: nothing withheld, unreviewed or carrying metadata is public.")
