"""Each person's e-mail choices: a page of their own in the admin ("E-mail notifications")."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from profiles.models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["submitted", "changes_requested", "published", "scheduled", "schedule_failed"]


def notification_settings(request):
    """Staff only (the admin's login, see exodus/urls.py); everyone edits only their own row."""
    instance = NotificationSettings.objects.filter(user=request.user).first() or NotificationSettings(user=request.user)
    form = NotificationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your e-mail choices are saved.")
        return redirect("staff-notifications")
    context = {
        **admin.site.each_context(request),
        "title": "E-mail notifications",
        "form": form,
        "can_review": request.user.has_perm("profiles.review_profile"),
        "has_email": bool(request.user.email),
    }
    return TemplateResponse(request, "admin/notifications.html", context)
