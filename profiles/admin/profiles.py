"""The profile's admin: its form (portrait upload, wave, similar names), the change view with
its inlines (profiles/admin/inlines.py) and workflow screens (profiles/admin/workflow.py)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from profiles import workflow
from profiles.admin.inlines import RelationInline, TimelineEntryInline
from profiles.admin.workflow import WorkflowAdminMixin
from profiles.imaging import clean_portrait, store_portrait
from profiles.models import Category, Profile, Relation, SlugHistory, TimelineEntry
from profiles.similar_names import find_similar_profiles
from profiles.storage import private_storage


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class _StaffLink:
    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


class PrivatePortraitInput(AdminFileWidget):
    """The stored original is private and has no URL (its storage refuses to make one): "Currently"
    names it and links to the staff-only preview of the largest rendition instead."""

    preview_url = ""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def format_value(self, value):
        if self.is_initial(value):
            return _StaffLink(value.name, self.preview_url)
        return None


class ProfileForm(forms.ModelForm):
    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    wave = forms.ChoiceField(
        choices=[("", "From the dated departure in the timeline"), *Profile.Wave.choices],
        required=False,
        help_text="Leave it to the departure date when the timeline dates one; otherwise choose, “Unknown” "
        "included. A wave that contradicts the departure date is refused.",
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="This is a different person or group",
        help_text="Tick to save although the name resembles an existing profile.",
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "native_name",
            "aliases",
            "slug",
            "kind",
            "description",
            "categories",
            "wave",
            "biography",
            "portrait",
            "portrait_alt",
            "portrait_credit",
            "portrait_licence",
            "editorial_notes",
        ]
        widgets = {"portrait": PrivatePortraitInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cleaned_portrait = None
        self.similar_profiles = []
        if self.instance.pk:
            self.fields["loaded_revision"].initial = self.instance.revision
            renditions = self.instance.portrait_renditions or {}
            if renditions and "portrait" in self.fields:
                largest = max(renditions, key=int)
                self.fields["portrait"].widget.preview_url = reverse(
                    "admin:profiles_profile_portrait", args=[self.instance.pk, largest]
                )

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        if isinstance(portrait, UploadedFile):
            # Decode and clean the whole image now (after validate_portrait's cheap checks, inside
            # clean_portrait), so a file Pillow cannot read is refused with a message on the form
            # and nothing is saved; save_model only stores what was cleaned here.
            self.cleaned_portrait = clean_portrait(portrait)
        return portrait

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self._check_not_stale(cleaned.get("loaded_revision"))
        if self.instance.pk is None and not cleaned.get("confirm_not_duplicate"):
            names = [cleaned.get("display_name", ""), cleaned.get("native_name", "")]
            names += [line.strip() for line in (cleaned.get("aliases") or "").splitlines()]
            similar = find_similar_profiles(names)
            self.similar_profiles = similar  # the change form links to each, beside the warning
            if similar:
                listed = ", ".join(f"{p.display_name} ({p.slug})" for p in similar)
                raise forms.ValidationError(
                    f"A profile with a similar name already exists: {listed}. "
                    "Open it instead, or tick “This is a different person or group” to save anyway.",
                    code="similar_name",
                )
        return cleaned

    def _check_not_stale(self, loaded_revision) -> None:
        # The admin wraps the whole save in one transaction: the row lock taken here is held until
        # this save commits, so of two simultaneous saves the second sees the first's revision.
        current = (
            Profile.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("revision", "updated_at", "updated_by_id")
            .first()
        )
        if current and loaded_revision != current["revision"]:
            # Read the name after the lock, not through a join in the locking query: PostgreSQL
            # re-reads only the locked row after waiting, so a joined name would be the old one.
            user = get_user_model().objects.filter(pk=current["updated_by_id"]).first()
            who = user.get_username() if user else "someone else"
            when = timezone.localtime(current["updated_at"]).strftime("%d %b %Y at %H:%M:%S")
            raise forms.ValidationError(
                f"{who} changed this profile on {when}, after you opened it. Your changes were not saved, "
                "so nothing of theirs is lost: open the profile again in a new tab, then re-apply your edits.",
                code="stale",
            )


@admin.register(Profile)
class ProfileAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    form = ProfileForm
    list_display = ["display_name", "native_name", "kind", "wave", "status", "public_flag", "updated_at"]
    list_filter = ["status", "kind", "wave", "categories"]
    search_fields = ["display_name", "native_name", "aliases", "slug"]
    filter_horizontal = ["categories"]
    readonly_fields = ["portrait_preview", "status", "public_version"]
    inlines = [TimelineEntryInline, RelationInline]
    fieldsets = [
        (
            None,
            {"fields": ["display_name", "native_name", "aliases", "slug", "kind", "description", "loaded_revision"]},
        ),
        ("Classification", {"fields": ["categories", "wave"]}),
        ("Biography", {"fields": ["biography"]}),
        (
            "Portrait",
            {"fields": ["portrait", "portrait_preview", "portrait_alt", "portrait_credit", "portrait_licence"]},
        ),
        ("Private", {"fields": ["editorial_notes"]}),
        ("Publishing", {"fields": ["status", "public_version"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            fieldsets = [*fieldsets, ("Duplicates", {"fields": ["confirm_not_duplicate"]})]
        return fieldsets

    def has_delete_permission(self, request, obj=None):
        # A profile that was ever published is withdrawn, not deleted: deleting would erase its
        # history and the sync feed's record, so partners would never learn to remove it.
        if obj is not None and obj.versions.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # bulk delete would skip the per-profile check above
        return actions

    @admin.display(description="Public", boolean=True)
    def public_flag(self, obj):
        return obj.live_version_id is not None

    @admin.display(description="Live version")
    def public_version(self, obj):
        if not obj.live_version_id:
            return "Not public"
        return f"v{obj.live_version.number}, published {obj.live_version.published_at:%d %b %Y %H:%M}"

    @admin.display(description="Preview")
    def portrait_preview(self, obj):
        if not obj.portrait:
            return "No portrait"
        if not obj.pk or not obj.portrait_renditions:
            return "No preview"
        width = min(obj.portrait_renditions, key=int)
        # Drafts' files are private: the preview comes through portrait_view, never /media/.
        return format_html(
            '<img src="{}" alt="{}" class="portrait-preview">',
            reverse("admin:profiles_profile_portrait", args=[obj.pk, width]),
            obj.portrait_alt,
        )

    def get_urls(self):
        view = self.admin_site.admin_view  # staff only; anyone else is sent to the login page
        return [
            path("<int:pk>/portrait/<int:width>/", view(self.portrait_view), name="profiles_profile_portrait"),
            *super().get_urls(),
        ]

    def portrait_view(self, request, pk: int, width: int):
        """A rendition of the working copy's portrait, from private storage, for staff who may view
        the profile (a draft's portrait included). Only names stored on the profile are served."""
        profile = self._profile_or_403(request, pk)
        name = (profile.portrait_renditions or {}).get(str(width))
        if not name:
            raise Http404("This profile has no portrait at that width.")
        try:
            file = private_storage().open(name)
        except FileNotFoundError as exc:
            raise Http404("The portrait file is missing.") from exc
        return FileResponse(file, content_type="image/jpeg")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if "slug" in form.changed_data and change and form.initial.get("slug"):
            SlugHistory.objects.get_or_create(slug=form.initial["slug"], defaults={"profile": obj})
        if "portrait" in form.changed_data:
            if obj.portrait and form.cleaned_portrait is not None:
                obj.portrait, obj.portrait_renditions = store_portrait(form.cleaned_portrait)
            else:
                obj.portrait_renditions = {}
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model in (TimelineEntry, Relation):
            for item_form in formset.forms:
                if item_form.instance.pk and item_form.has_changed() and not item_form.cleaned_data.get("DELETE"):
                    item_form.save_citations()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed() or any(fs.has_changed() for fs in formsets):
            workflow.record_edit(form.instance, actor=request.user)


@admin.register(SlugHistory)
class SlugHistoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "profile", "created_at"]
    search_fields = ["slug", "profile__display_name"]
    autocomplete_fields = ["profile"]
