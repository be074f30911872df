"""The private register of withheld places: what no public text about a person may show.

Written when a profile is published or redacted, read whenever public text is built (profile
versions, shared quotes and sources, figures, change notes) and by `manage.py audit_public`.
Never public itself.
"""

from django.db import models


class WithheldPlace(models.Model):
    """A place a published profile withholds, with every form a text may name it in.

    Rows from the live version's timeline are replaced at each publication; a row left by a
    redaction stays (`redacted`), so a place removed for safety is never shown again by accident.
    Withdrawing a profile keeps its rows: withdrawal is often a safety action.
    """

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="withheld_places")
    name = models.CharField(max_length=200, help_text="The place as the editors wrote it.")
    forms = models.JSONField(default=list, help_text="Every spelling, script and case form, lower-case.")
    redacted = models.BooleanField(default=False, help_text="Withheld by a redaction: kept for good.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "name"], name="unique_withheld_place")]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.name}"


class NameForm(models.Model):
    """How texts may name a profile that withholds a place, so text that names them is masked too
    ("… where Serebrennikov was also spotted") even when their profile does not cite it."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="name_forms")
    form = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "form"], name="unique_name_form")]

    def __str__(self) -> str:
        return self.form
