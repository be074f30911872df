"""Waves that fit everyone: 1991–2021 and "unknown" join the three waves, and the silent default
"2022" goes.

Existing profiles are carried over by the rule publishing now enforces (profiles.waves): a wave
that agrees with the dated departure in the timeline stays; one that contradicts it becomes the
wave the departure gives (or "unknown" when it could be several). "2022 onwards" was the default
every profile got without choosing, so it stays only where a dated departure supports it; without
one it becomes "unknown". A working copy this changes is an edit like any other: a published
profile goes back to draft (readers keep the live version until an editor publishes again), and
the change is recorded in its audit log.
"""

import datetime

from django.db import migrations, models
from django.db.models import F

from profiles.waves import derive_wave, departure_entry, departure_years, wave_problem


def carried_wave(wave: str, entries) -> str:
    if wave == "2022" and departure_years(departure_entry(entries)) is None:
        return "unknown"
    if wave and wave_problem(wave, entries) is None:
        return wave
    return derive_wave(entries) or "unknown"


def carry_waves_over(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    WorkflowEvent = apps.get_model("profiles", "WorkflowEvent")
    for profile in Profile.objects.prefetch_related("timeline"):
        entries = sorted(profile.timeline.all(), key=lambda e: (e.date is None, e.date or datetime.date.min, e.pk))
        wave = carried_wave(profile.wave, entries)
        if wave == profile.wave:
            continue
        from_status = profile.status
        to_status = "draft" if from_status in {"published", "scheduled", "withdrawn"} else from_status
        Profile.objects.filter(pk=profile.pk).update(
            wave=wave, status=to_status, scheduled_for=None if to_status == "draft" else profile.scheduled_for,
            revision=F("revision") + 1,
        )
        WorkflowEvent.objects.create(
            profile=profile,
            action="edit",
            from_status=from_status,
            to_status=to_status,
            comment=f"Wave changed from “{profile.wave or '(none)'}” to “{wave}” by the migration that ended the "
            "silent “2022” default: it must agree with the dated departure in the timeline. Review and publish.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0011_profileversion_no_latest"),
    ]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="wave",
            field=models.CharField(
                choices=[
                    ("1917", "1917–1920s (after the revolution)"),
                    ("soviet", "Soviet era (1930–1991)"),
                    ("1991", "1991–2021"),
                    ("2022", "2022 onwards"),
                    ("unknown", "Unknown (the sources do not say when)"),
                ],
                help_text="The wave of emigration. It must agree with a dated departure in the timeline; leave it "
                "to the departure date when there is one, or choose “Unknown” when the sources do not say when "
                "they left.",
                max_length=10,
            ),
        ),
        migrations.RunPython(carry_waves_over, migrations.RunPython.noop),
    ]
