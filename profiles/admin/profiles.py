import datetime
from types import SimpleNamespace

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from profiles import workflow
from profiles.admin.workflow import WorkflowAdminMixin
from profiles.dates import truncate
from profiles.imaging import clean_portrait, store_portrait
from profiles.models import Category, Citation, Profile, Relation, RelationCitation, SlugHistory, TimelineEntry
from profiles.projection.working_copy import ENTRY_FIELDS
from profiles.similar_names import find_similar_profiles
from profiles.storage import private_storage
from profiles.waves import resolved_wave, wave_problem
from sources.models import Excerpt


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class TimelineEntryForm(forms.ModelForm):
    cited_excerpts = forms.ModelMultipleChoiceField(
        queryset=Excerpt.objects.select_related("source"),
        required=False,
        help_text="The excerpts that support this entry. Search by words of the quote or the source title.",
    )
    disputing_excerpts = forms.ModelMultipleChoiceField(
        queryset=Excerpt.objects.select_related("source"),
        required=False,
        help_text="For a disputed or corrected entry: the excerpts of the other source. An excerpt another entry "
        "of this profile cites shows the two together as “Sources differ”.",
    )

    class Meta:
        model = TimelineEntry
        fields = ENTRY_FIELDS  # the same fields a version's working copy stores

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Blank means the default: most entries need no explicit order and are the source's report.
        self.fields["sort_order"].required = False
        self.fields["attribution"].required = False
        for name in ("cited_excerpts", "disputing_excerpts"):
            field = self.fields[name]
            field.widget = AutocompleteSelectMultiple(
                TimelineEntry._meta.get_field("citations"), admin_site or admin.site
            )
            field.widget.choices = field.choices
        if self.instance.pk:
            links = list(self.instance.citation_links.all())
            self.fields["cited_excerpts"].initial = [
                link.excerpt_id for link in links if link.role == Citation.Role.SUPPORTS
            ]
            self.fields["disputing_excerpts"].initial = [
                link.excerpt_id for link in links if link.role == Citation.Role.DISPUTES
            ]

    def clean_sort_order(self) -> int:
        return self.cleaned_data.get("sort_order") or 0

    def clean_attribution(self) -> str:
        return self.cleaned_data.get("attribution") or TimelineEntry.Attribution.SOURCE

    def clean(self):
        cleaned = super().clean()
        disputing = set(cleaned.get("disputing_excerpts") or [])
        if cleaned.get("dispute") and not disputing:
            raise forms.ValidationError(
                {"disputing_excerpts": "Cite the excerpt of the source that disputes or corrects this entry."}
            )
        if disputing and not cleaned.get("dispute"):
            raise forms.ValidationError({"dispute": "Mark the entry disputed or corrected, or remove those excerpts."})
        if disputing & set(cleaned.get("cited_excerpts") or []):
            raise forms.ValidationError(
                {"disputing_excerpts": "An excerpt cannot both support and dispute the same entry."}
            )
        if cleaned.get("as_of_source") and not cleaned.get("date"):
            # Dated by its sources: the earliest any of them was written (their "written after").
            reports = [
                (e.source.written_after, e.source.written_after_precision)
                for e in cleaned.get("cited_excerpts") or []
                if e.source.written_after
            ]
            if not reports:
                raise forms.ValidationError(
                    {
                        "as_of_source": "None of the cited sources records the date it was written after: give "
                        "the date of the report, or record it on the source."
                    }
                )
            cleaned["date"], cleaned["date_precision"] = min(reports, key=lambda report: report[0])
            cleaned["date_qualifier"] = ""
            self.instance.date = cleaned["date"]
            self.instance.date_precision = cleaned["date_precision"]
            self.instance.date_qualifier = ""
        return cleaned

    def save_citations(self) -> None:
        entry = self.instance
        wanted = {
            Citation.Role.SUPPORTS: list(self.cleaned_data.get("cited_excerpts") or []),
            Citation.Role.DISPUTES: list(self.cleaned_data.get("disputing_excerpts") or []),
        }
        entry.citation_links.exclude(excerpt__in=[e for excerpts in wanted.values() for e in excerpts]).delete()
        for role, excerpts in wanted.items():
            for order, excerpt in enumerate(excerpts):
                Citation.objects.update_or_create(entry=entry, excerpt=excerpt, defaults={"order": order, "role": role})


class TimelineFormSet(forms.BaseInlineFormSet):
    def kept_forms(self) -> list:
        return [
            form for form in self.forms if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        kept = self.kept_forms()
        current = [form for form in kept if form.cleaned_data.get("is_current")]
        if len(current) > 1:
            raise forms.ValidationError("Only one timeline entry can be marked as the current location.")
        self._check_wave(kept)

    def _check_wave(self, kept) -> None:
        """The profile's wave against the timeline as it will be saved (the profile form has
        already put its values on `instance`): a blank wave is taken from the departure date."""
        entries = sorted(
            (
                SimpleNamespace(
                    pk=index,
                    **{name: form.cleaned_data.get(name) for name in ("kind", "date_precision", "date_qualifier")},
                    date=truncate(form.cleaned_data.get("date"), form.cleaned_data.get("date_precision") or "day"),
                    text=form.cleaned_data.get("text") or "",
                )
                for index, form in enumerate(kept)
            ),
            key=lambda e: (e.date is None, e.date or datetime.date.min, e.pk),
        )
        problem = wave_problem(self.instance.wave, entries)
        if problem:
            raise forms.ValidationError(problem, code="wave")
        self.instance.wave = resolved_wave(self.instance.wave, entries)


class TimelineEntryInline(admin.StackedInline):
    model = TimelineEntry
    form = TimelineEntryForm
    formset = TimelineFormSet
    extra = 0
    fieldsets = [
        (None, {"fields": [("kind", "is_current"), "text", "cited_excerpts", ("attribution", "authority")]}),
        ("When", {"fields": [("date", "date_precision", "date_qualifier"), ("as_of_source", "sort_order")]}),
        ("Where", {"fields": [("country", "city", "region"), "location_disclosure", "about"]}),
        (
            "When sources differ",
            {"fields": [("dispute", "dispute_note"), "disputing_excerpts", "current_reason"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citation_links")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        site = self.admin_site

        class Form(formset.form):
            def __init__(self, *args, **kw):
                super().__init__(*args, admin_site=site, **kw)

        formset.form = Form
        return formset


class RelationForm(forms.ModelForm):
    cited_excerpts = forms.ModelMultipleChoiceField(
        queryset=Excerpt.objects.select_related("source"),
        help_text="The excerpts that say so. A relation is a fact like any other: it needs its source.",
    )

    class Meta:
        model = Relation
        fields = ["related_profile", "kind", "text"]

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cited_excerpts"]
        field.widget = AutocompleteSelectMultiple(TimelineEntry._meta.get_field("citations"), admin_site or admin.site)
        field.widget.choices = field.choices
        if self.instance.pk:
            field.initial = [link.excerpt_id for link in self.instance.citation_links.all()]

    def clean(self):
        cleaned = super().clean()
        related = cleaned.get("related_profile")
        if related is not None and self.instance.profile_id and related.pk == self.instance.profile_id:
            raise forms.ValidationError({"related_profile": "A profile cannot be related to itself."})
        return cleaned

    def save_citations(self) -> None:
        relation = self.instance
        wanted = list(self.cleaned_data.get("cited_excerpts") or [])
        relation.citation_links.exclude(excerpt__in=wanted).delete()
        for order, excerpt in enumerate(wanted):
            RelationCitation.objects.update_or_create(relation=relation, excerpt=excerpt, defaults={"order": order})


class RelationInline(admin.StackedInline):
    model = Relation
    fk_name = "profile"
    form = RelationForm
    extra = 0
    autocomplete_fields = ["related_profile"]
    fields = [("kind", "related_profile"), "text", "cited_excerpts"]
    verbose_name = "relation to another profile"
    verbose_name_plural = "relations to other profiles (shown on both pages once both are published)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("related_profile").prefetch_related("citation_links")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        site = self.admin_site

        class Form(formset.form):
            def __init__(self, *args, **kw):
                super().__init__(*args, admin_site=site, **kw)

        formset.form = Form
        return formset


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
