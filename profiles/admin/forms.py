"""One Django form per workflow action on a profile, and the dispatch table the admin's views look
them up in (the shared objects' publish and withdraw forms are in `shared_forms`).

A form reads and checks what the editor typed (errors are shown beside the field, on the screen the
form lives on); `perform` calls the one domain function in `profiles.workflow` that does the work
and returns the sentence to show on success. The domain function checks the role and the state
again, so a hand-made POST gets the same answer as a hidden button: `PermissionDenied` goes to
Django's handling (the admin's 403 page), a `WorkflowError` is shown on the form.

`permissions` is checked before a form is even read, with the domain's own sentence, so a role
that may not act is refused whatever it posts.
"""

import datetime
from typing import ClassVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from profiles import workflow
from profiles.models import Profile, ProfileVersion
from profiles.places import Disclosure
from profiles.workflow.shared import unverified_cited

REVIEW, VERSIONS, CONFIRM = "review", "versions", "confirm"


class ActionForm(forms.Form):
    action: ClassVar[str]
    title: ClassVar[str]
    button: ClassVar[str]
    button_class: ClassVar[str] = ""
    permissions: ClassVar[tuple[str, ...]] = ()
    refusal: ClassVar[str] = "Your role does not allow this action."
    screen: ClassVar[str] = REVIEW
    """Where the form lives and is shown again with its errors: the review screen, the versions
    screen, or a confirmation page of its own (withdraw, redact)."""

    required_css_class = "required"  # the admin's bold label for a required field
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, target, user, **kwargs):
        # Several action forms share one page: ids are unique per action, names stay plain.
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(data, **kwargs)
        self.target, self.user = target, user

    @classmethod
    def check_role(cls, user) -> None:
        if not all(user.has_perm(p) for p in cls.permissions):
            raise PermissionDenied(cls.refusal)

    @property
    def has_visible_fields(self) -> bool:
        return bool(self.visible_fields())

    def perform(self) -> str:
        raise NotImplementedError

    def run(self) -> str | None:
        """Validate and perform; the success sentence, or None with the errors on the form."""
        if not self.is_valid():
            return None
        try:
            return self.perform()
        except workflow.WorkflowError as exc:
            self.add_error(None, str(exc))
            return None


def private_reason(required: str) -> forms.CharField:
    """Why an editor withdraws something: kept in the private history, never public."""
    return forms.CharField(
        label="Reason (private)", widget=forms.TextInput(attrs={"size": 80}), error_messages={"required": required}
    )


# Profiles -----------------------------------------------------------------------------------------


class ProfileActionForm(ActionForm):
    @property
    def profile(self) -> Profile:
        return self.target


class SubmitForm(ProfileActionForm):
    action, title, button = "submit", "Submit for review", "Submit for review"
    permissions = ("profiles.submit_profile",)
    refusal = "Your role cannot submit profiles for review."

    comment = forms.CharField(
        required=False,
        label="Note to the reviewer",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Optional: what changed and what to look at. Editors see it on the review screen.",
    )

    def perform(self) -> str:
        workflow.submit_for_review(self.profile, actor=self.user, comment=self.cleaned_data["comment"])
        return "Submitted for review."


class RequestChangesForm(ProfileActionForm):
    action, title, button = "request_changes", "Request changes", "Request changes"
    permissions = ("profiles.review_profile",)
    refusal = "Only editors can review profiles."

    comment = forms.CharField(
        label="What should change",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Say what should change: a comment is required."},
        help_text="The author sees this on their dashboard, at the top of the edit form and by e-mail.",
    )

    def perform(self) -> str:
        workflow.request_changes(self.profile, actor=self.user, comment=self.cleaned_data["comment"])
        return "Changes requested."


class ApprovalFields(ProfileActionForm):
    """What approving needs, now or at a time: the revision looked at, the public change note, and
    the reasons the rules may ask for (the four-eyes override, unverified quotes)."""

    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    change_note = forms.CharField(
        label="Public change note",
        max_length=ProfileVersion._meta.get_field("change_note").max_length,
        widget=forms.TextInput(attrs={"size": 80, "placeholder": "Added: put on the federal wanted list, 7 June 2022"}),
        error_messages={
            "required": "A published version needs a public change note.",
            "max_length": "Keep the public change note to %(limit_value)d characters (it has %(show_value)d).",
        },
        help_text="Readers see it in the change history.",
    )
    is_correction = forms.BooleanField(required=False, label="Mark as a correction")
    override_reason = forms.CharField(
        required=False,
        label="Four-eyes override reason",
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="Only if you must approve your own change; recorded.",
    )
    unverified_reason = forms.CharField(
        label="Why publish unverified quotes",
        widget=forms.TextInput(attrs={"size": 80}),
        error_messages={
            "required": "Cited quotes do not occur in their source's text: give a reason, or correct them."
        },
        help_text="Recorded in the history.",
    )

    def __init__(self, data=None, *, unverified: bool | None = None, **kwargs):
        super().__init__(data, **kwargs)
        if self.is_bound is False:
            self.fields["revision"].initial = self.profile.revision
        if not self.user.has_perm("profiles.override_four_eyes"):
            del self.fields["override_reason"]
        if unverified is None:
            unverified = bool(unverified_cited(self.profile))
        if not unverified:
            del self.fields["unverified_reason"]

    def approval(self) -> dict:
        data = self.cleaned_data
        return {
            "change_note": data["change_note"],
            "is_correction": data["is_correction"],
            "override_reason": data.get("override_reason", ""),
            "unverified_reason": data.get("unverified_reason", ""),
            "expected_revision": data["revision"],
        }


class ApproveForm(ApprovalFields):
    action, title, button, button_class = "publish", "Approve and publish", "Approve and publish", "default"
    permissions = ("profiles.review_profile", "profiles.publish_profile")
    refusal = "Only editors can approve profiles."

    field_order = ["change_note", "is_correction", "override_reason", "unverified_reason"]

    def perform(self) -> str:
        version = workflow.approve_and_publish(self.profile, actor=self.user, **self.approval())
        return f"Published as version {version.number}."


class ScheduleForm(ApprovalFields):
    action, title, button = "schedule", "Approve and schedule (embargo)", "Schedule"
    permissions = ("profiles.review_profile", "profiles.publish_profile")
    refusal = "Only editors can schedule publication."

    publish_at = forms.DateTimeField(
        label="Publish at",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Give the publication time as YYYY-MM-DD HH:MM.",
            "invalid": "Give the publication time as YYYY-MM-DD HH:MM.",
        },
    )
    field_order = ["publish_at", "change_note", "is_correction", "override_reason", "unverified_reason"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        if not self.is_bound:
            self.fields["publish_at"].initial = timezone.localtime() + datetime.timedelta(days=1)

    def clean_publish_at(self):
        moment = self.cleaned_data["publish_at"]
        if moment <= timezone.now():
            raise forms.ValidationError("Choose a publication time in the future.")
        return moment

    def perform(self) -> str:
        publish_at = self.cleaned_data["publish_at"]
        workflow.schedule_publication(self.profile, actor=self.user, publish_at=publish_at, **self.approval())
        return f"Scheduled for {timezone.localtime(publish_at):%d %b %Y %H:%M}."


class CancelScheduleForm(ProfileActionForm):
    action, title, button = "unschedule", "Cancel the schedule", "Cancel the schedule"
    permissions = ("profiles.publish_profile",)
    refusal = "Only editors can change a schedule."

    def perform(self) -> str:
        workflow.cancel_schedule(self.profile, actor=self.user)
        return "Schedule cancelled; the profile is back in review."


class WithdrawForm(ProfileActionForm):
    action, title, button, button_class = "withdraw", "Withdraw from the public", "Yes, withdraw", "deletelink"
    permissions = ("profiles.withdraw_profile",)
    refusal = "Only editors can withdraw profiles."
    screen = CONFIRM

    reason = private_reason("Say why the profile is withdrawn (kept in the private history).")

    def perform(self) -> str:
        workflow.withdraw_profile(self.profile, actor=self.user, reason=self.cleaned_data["reason"])
        return "Withdrawn from the public site and API."


class RevertForm(ProfileActionForm):
    action, title, button = "revert", "Revert the working copy", "Revert"
    permissions = ("profiles.revert_profile",)
    refusal = "Only editors can revert profiles."
    screen = VERSIONS

    version = forms.ModelChoiceField(
        queryset=ProfileVersion.objects.none(),
        to_field_name="number",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose a version to revert to.",
            "invalid_choice": "Choose a version to revert to: this profile has no such version.",
        },
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["version"].queryset = ProfileVersion.objects.filter(profile=self.profile)

    def perform(self) -> str:
        version = self.cleaned_data["version"]
        workflow.revert_to_version(self.profile, actor=self.user, version=version)
        return f"Working copy reverted to version {version.number}. Publish to make it public."


REMOVE = "remove"


class RedactForm(ProfileActionForm):
    action, title, button, button_class = "redact", "Redact for safety", "Yes, redact", "deletelink"
    permissions = ("profiles.redact_profile",)
    refusal = "Only editors can redact profiles."
    screen = CONFIRM

    entry = forms.TypedChoiceField(
        label="Timeline entry",
        coerce=int,
        error_messages={
            "required": "Choose the timeline entry to redact.",
            "invalid_choice": "Choose the timeline entry to redact (this one is not in this profile's history).",
        },
    )
    disclosure = forms.ChoiceField(
        label="Show at most",
        choices=[
            *[(d.value, d.label) for d in Disclosure if d != Disclosure.CITY],
            (REMOVE, "Remove the entry entirely"),
        ],
        error_messages={
            "invalid_choice": "Choose what may still be shown: country only, region only, or undisclosed "
            "(or remove the entry).",
        },
    )
    reason = forms.CharField(
        label="Reason (do not repeat the withheld value)",
        widget=forms.TextInput(attrs={"size": 80}),
        error_messages={"required": "Give a reason for the redaction (do not repeat the withheld value)."},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.entries = redactable_entries(self.profile)
        self.fields["entry"].choices = [(e["id"], e["label"]) for e in self.entries]

    def chosen_entry(self) -> dict | None:
        """The entry the confirmation page is about (from the submitted or the initial data)."""
        value = self.data.get("entry") if self.is_bound else self.initial.get("entry")
        return next((e for e in self.entries if str(e["id"]) == str(value)), None)

    def perform(self) -> str:
        remove = self.cleaned_data["disclosure"] == REMOVE
        count = workflow.redact(
            self.profile,
            actor=self.user,
            entry_id=self.cleaned_data["entry"],
            reason=self.cleaned_data["reason"],
            disclosure=None if remove else self.cleaned_data["disclosure"],
            remove=remove,
        )
        return f"Redaction applied to the working copy and {count} stored version(s)."


PROFILE_ACTIONS: dict[str, type[ProfileActionForm]] = {
    form.action: form
    for form in (
        SubmitForm,
        RequestChangesForm,
        ApproveForm,
        ScheduleForm,
        CancelScheduleForm,
        WithdrawForm,
        RevertForm,
        RedactForm,
    )
}


def redactable_entries(profile: Profile) -> list[dict]:
    """Every timeline entry a redaction can reach: the working copy's, and those only old versions
    still carry (deleted from the working copy since, but public in the version history)."""
    choices = [
        {"id": e.pk, "label": f"{e} — shown as: {e.get_location_disclosure_display()}"} for e in profile.timeline.all()
    ]
    seen = {c["id"] for c in choices}
    for version in profile.versions.only("number", "snapshot"):
        for entry in version.snapshot.get("timeline", []):
            if entry["id"] not in seen:
                seen.add(entry["id"])
                place = entry["place"]["label"] if entry.get("place") else "no place"
                choices.append(
                    {
                        "id": entry["id"],
                        "label": f"{entry['kind_label']} ({entry['date_label']}) — deleted from the working copy, "
                        f"still in v{version.number} shown as: {place}",
                    }
                )
    return choices
