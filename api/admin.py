"""Partner API keys in the admin: administrators issue and revoke them; the raw key is shown once.

Editors and contributors never see this screen: keys open the bulk export and raise rate limits,
so only the Administrator role (or a superuser) manages them.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Sum
from django.utils import timezone

from api.models import ApiKey, ApiKeyDailyUsage
from api.throttling import valid_rate
from profiles import roles


def is_administrator(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=roles.ADMINISTRATOR).exists()


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "contact_email", "rate_limit"]

    def clean_rate_limit(self):
        rate = self.cleaned_data["rate_limit"].strip()
        if rate and not valid_rate(rate):
            raise forms.ValidationError("Write it as requests/period, e.g. 1000/hour, 100/minute or 20000/day.")
        return rate


class DailyUsageInline(admin.TabularInline):
    model = ApiKeyDailyUsage
    extra = 0
    max_num = 0
    can_delete = False
    readonly_fields = ["day", "requests"]
    fields = ["day", "requests"]
    ordering = ["-day"]
    verbose_name_plural = "requests per day"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "rate_limit", "created_at", "last_used_at", "requests_total", "active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact_email", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at", "requests_total"]
    inlines = [DailyUsageInline]
    actions = ["revoke"]

    def get_inline_instances(self, request, obj=None):
        # A new key has no usage yet.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "contact_email", "rate_limit"]
        return [
            "name",
            "contact_email",
            "rate_limit",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
            "requests_total",
        ]

    # Administrators only, whatever model permissions a role is given.
    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        # Revoke instead: the key's usage history stays.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total=Sum("daily_usage__requests"))

    @admin.display(description="Requests (all time)", ordering="total")
    def requests_total(self, obj):
        return getattr(obj, "total", None) or 0

    @admin.display(description="Active", boolean=True)
    def active(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = ApiKey.issue(name=obj.name, contact_email=obj.contact_email, rate_limit=obj.rate_limit)
        obj.pk, obj.prefix, obj.hashed_key, obj.created_at = key.pk, key.prefix, key.hashed_key, key.created_at
        obj._state.adding = False
        messages.warning(
            request,
            f"The key for {key.name} is {raw} — copy it now and send it to the partner securely. "
            "Only a hash is stored: it cannot be shown again.",
        )

    @admin.action(description="Revoke the selected keys (requests with them get 401)")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, f"Revoked {count} key(s).")
