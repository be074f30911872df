"""The profile's inlines: timeline entries with their citations and disputes, and relations to
other profiles with theirs. Each citation is edited as excerpts picked from the shared ones."""

import datetime
from types import SimpleNamespace

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple

from profiles.models import Citation, Relation, RelationCitation, TimelineEntry
from profiles.projection.working_copy import ENTRY_FIELDS
from profiles.waves import resolved_wave, wave_problem
from sources.dates import truncate
from sources.models import Excerpt


class SiteAwareInline:
    """Gives the inline's forms the admin site, which their excerpt pickers (autocomplete widgets)
    need to find the excerpts' admin."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        site = self.admin_site

        class Form(formset.form):
            def __init__(self, *args, **kw):
                super().__init__(*args, admin_site=site, **kw)

        formset.form = Form
        return formset


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


class TimelineEntryInline(SiteAwareInline, admin.StackedInline):
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


class RelationInline(SiteAwareInline, admin.StackedInline):
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
