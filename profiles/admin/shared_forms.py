"""The forms of publishing a shared object's change (a source, a quote, a figure) and of
withdrawing a figure: `ActionForm`s, like the profile's actions (`profiles.admin.forms`)."""

from django import forms

from profiles import workflow
from profiles.admin.forms import CONFIRM, ActionForm, private_reason
from profiles.workflow.shared import withdraw_figure


class PublishSharedForm(ActionForm):
    action, title, button, button_class = "publish", "Publish these changes", "Publish these changes", "default"
    permissions = ("profiles.publish_profile",)
    refusal = "Only editors can publish changes to sources and quotes."

    override_reason = forms.CharField(
        required=False,
        label="Four-eyes override reason (only if you made the change)",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    unverified_reason = forms.CharField(
        label="Why publish it anyway (recorded)",
        widget=forms.TextInput(attrs={"size": 60}),
        error_messages={"required": "The quote does not occur in its source's text: give a reason, or correct it."},
    )

    def __init__(self, data=None, *, unverified: bool, **kwargs):
        super().__init__(data, **kwargs)
        if not self.user.has_perm("profiles.override_four_eyes"):
            del self.fields["override_reason"]
        if not unverified:
            del self.fields["unverified_reason"]

    def perform(self) -> str:
        workflow.publish_shared(
            self.target,
            actor=self.user,
            override_reason=self.cleaned_data.get("override_reason", ""),
            unverified_reason=self.cleaned_data.get("unverified_reason", ""),
        )
        return "Published: the change is public everywhere this appears."


class PublishFigureForm(PublishSharedForm):
    permissions = ("sources.publish_aggregatefigure",)
    refusal = "Only editors can publish figures."


class WithdrawFigureForm(ActionForm):
    action, title, button, button_class = "withdraw", "Withdraw from the public site", "Yes, withdraw", "deletelink"
    permissions = ("sources.publish_aggregatefigure",)
    refusal = "Only editors can withdraw figures."
    screen = CONFIRM

    reason = private_reason("Say why the figure is withdrawn (kept in the private history).")

    def perform(self) -> str:
        withdraw_figure(self.target, actor=self.user, reason=self.cleaned_data["reason"])
        return "Withdrawn from the public site."
