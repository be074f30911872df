"""The admin for shared objects: outlets, sources, excerpts and aggregate figures.

Editing a source, an excerpt or a figure changes its working fields only; the change form shows
what is waiting against what is public, and an editor who did not make the change publishes it
(`profiles.workflow.shared`). It lives in `profiles` because publishing shared text applies the
register of withheld places, which is this app's.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from profiles.admin.intake import IntakeAdminMixin
from profiles.admin.shared_forms import PublishFigureForm, PublishSharedForm, WithdrawFigureForm
from profiles.intake.index import index_source
from profiles.roles import users_with
from profiles.workflow.shared import check_four_eyes, record_shared_edit
from sources.models import AggregateFigure, Excerpt, Outlet, Source

FIELD_LABELS = {
    "title": "Title",
    "outlet": "Outlet",
    "authors": "Authors",
    "url": "Address",
    "archived_url": "Archived copy",
    "published_on": "Published on",
    "year": "Year",
    "published": "Published (at its precision)",
    "published_precision": "Precision of the publication date",
    "written_after": "Written no earlier than",
    "title_is_descriptive": "Title describes a copy without a headline",
    "language": "Language",
    "kind": "Kind",
    "show_original_link": "Link the original although it names a withheld place",
    "text": "Quote",
    "translation": "Translation",
    "location_hint": "Where in the source",
    "speaker_id": "Speaker (profile id)",
    "source_id": "Source (id)",
    "is_verified": "Occurs in the source's text",
    "dataset": "Dataset",
    "label": "Label",
    "country": "Country",
    "value": "Value",
    "unit": "Unit",
    "period": "Period",
    "order": "Order",
    "excerpt_id": "Excerpt (id)",
}


def pending_diff(obj) -> list[dict]:
    """What publishing `obj` would change, field by field (everything, if never published)."""
    before, after = obj.approved or {}, obj.public_fields()
    return [
        {"label": FIELD_LABELS.get(key, key), "before": before.get(key, "—"), "after": value}
        for key, value in after.items()
        if key != "id" and before.get(key) != value
    ]


class SharedReviewAdmin(admin.ModelAdmin):
    """Change form with the pending change and its publish action; saves record the author."""

    change_form_template = "admin/shared_change_form.html"

    @admin.display(description="Public state")
    def review_state(self, obj):
        if getattr(obj, "approved", None) is None:
            return "Never published"
        if obj.has_pending_changes:
            return format_html('<strong class="quote-unverified">{}</strong>', "Changes waiting")
        return "Published"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{info[0]}_{info[1]}_publish",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, obj) -> str:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])

    def _action(self, request, pk: int, form_class, *, form_kwargs):
        """One action on a shared object, on its form: a refusal is the admin's 403; errors are
        shown on the action's own page, with what was typed; success goes back to the object."""
        if request.method not in {"GET", "POST"}:
            return HttpResponseNotAllowed(["GET", "POST"])
        obj = get_object_or_404(self.model, pk=pk)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        form_class.check_role(request.user)
        data = request.POST if request.method == "POST" else None
        form = form_class(data, target=obj, user=request.user, **form_kwargs(obj))
        if data is not None:
            message = form.run()
            if message is not None:
                messages.success(request, message)
                return redirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": f"{form.title}: {obj}",
            "form": form,
            "change_url": self._change_url(obj),
            "pending": pending_diff(obj) if obj.has_pending_changes else [],
            "four_eyes": self._four_eyes(request.user, obj),
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(request, "admin/shared_action.html", context, status=status)

    def publish_view(self, request, pk: int):
        return self._action(
            request, pk, self.publish_form, form_kwargs=lambda obj: {"unverified": self.unverified(obj)}
        )

    def _four_eyes(self, user, obj) -> dict:
        """Whether the four-eyes rule lets `user` publish this change, and if not, who may."""
        try:
            check_four_eyes(obj, user)
            return {"author": False, "may_publish": True, "approvers": []}
        except PermissionDenied:
            pass
        approvers = (
            users_with(*self.publish_form.permissions)
            .exclude(pk__in=obj.pending_authors.values("pk"))
            .order_by("username")
        )
        overrides = user.has_perm("profiles.override_four_eyes")
        return {"author": True, "may_publish": overrides, "approvers": list(approvers)}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            can_publish = all(request.user.has_perm(p) for p in self.publish_form.permissions)
            extra_context.update(
                pending=pending_diff(obj) if obj.has_pending_changes else [],
                never_published=obj.approved is None,
                pending_authors=list(obj.pending_authors.all()),
                can_publish=can_publish,
                four_eyes=self._four_eyes(request.user, obj) if can_publish else None,
                publish_form=self.publish_form(target=obj, user=request.user, unverified=self.unverified(obj))
                if can_publish
                else None,
                publish_url=reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_publish", args=[obj.pk]),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    publish_form = PublishSharedForm

    def unverified(self, obj) -> bool:
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_shared_edit(form.instance, actor=request.user)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "country"]
    search_fields = ["name"]


def verification_badge(obj: Excerpt):
    if obj.pk is None:
        return "—"
    if obj.is_verified:
        return mark_safe('<span class="quote-verified">✔ Verified against the source text</span>')
    return mark_safe(
        '<strong class="quote-unverified">⚠ Unverified: this text does not occur in the source\'s full text</strong>'
    )


class ExcerptInline(admin.StackedInline):
    model = Excerpt
    extra = 0
    fields = ["text", "verification", "speaker", "language", "translation", "location_hint"]
    readonly_fields = ["verification"]
    autocomplete_fields = ["speaker"]
    show_change_link = True

    @admin.display(description="Quote check")
    def verification(self, obj):
        return verification_badge(obj)


@admin.register(Source)
class SourceAdmin(IntakeAdminMixin, SharedReviewAdmin):
    list_display = [
        "title",
        "outlet",
        "authors",
        "year",
        "kind",
        "language",
        "excerpt_count",
        "unverified_count",
        "review_state",
    ]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "authors", "outlet__name", "url"]
    autocomplete_fields = ["outlet"]
    inlines = [ExcerptInline]
    change_form_template = "admin/sources/source/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "outlet", "authors", "kind", "language"]}),
        (None, {"fields": ["title_is_descriptive"]}),
        ("Where", {"fields": ["url", "archived_url", "show_original_link"]}),
        (
            "When",
            {
                "fields": [
                    ("published_on", "published_year", "published_month"),
                    ("written_after", "written_after_precision"),
                ],
                "description": "Publication at the precision known: the day, or the year (with the month if known). "
                "For an undated copy, “written after” records the latest date its text mentions.",
            },
        ),
        ("Private", {"fields": ["full_text", "editorial_notes"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("outlet")
            .annotate(
                n_excerpts=Count("excerpts", distinct=True),
                n_unverified=Count("excerpts", filter=Q(excerpts__is_verified=False), distinct=True),
            )
        )

    @admin.display(description="Excerpts", ordering="n_excerpts")
    def excerpt_count(self, obj):
        return obj.n_excerpts

    @admin.display(description="Unverified", ordering="n_unverified")
    def unverified_count(self, obj):
        if obj.n_unverified:
            return format_html('<strong class="quote-unverified">{}</strong>', obj.n_unverified)
        return 0

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for excerpt_form in formset.forms:
            if excerpt_form.instance.pk and excerpt_form.has_changed():
                record_shared_edit(excerpt_form.instance, actor=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        source = form.instance
        if "full_text" in form.changed_data or not change:
            # The excerpts' verification depends on the full text, so check them all again.
            for excerpt in source.excerpts.all():
                excerpt.save(update_fields=["updated_at"])
                record_shared_edit(excerpt, actor=request.user)
            index_source(source)  # who the text names, for "new articles mention this person"
        unverified = source.excerpts.filter(is_verified=False).count()
        if unverified:
            messages.warning(request, f"{unverified} excerpt(s) of “{source}” do not occur in its full text.")


class VerifiedFilter(admin.SimpleListFilter):
    title = "quote check"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Verified"), ("no", "Unverified")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_verified=True)
        if self.value() == "no":
            return queryset.filter(is_verified=False)
        return queryset


@admin.register(Excerpt)
class ExcerptAdmin(SharedReviewAdmin):
    list_display = ["short_text", "source", "speaker", "language", "verified_flag", "review_state"]
    list_filter = [VerifiedFilter, "language", "source"]
    search_fields = ["text", "translation", "source__title", "speaker__display_name"]
    autocomplete_fields = ["source", "speaker"]
    list_select_related = ["source", "speaker"]
    readonly_fields = ["verification", "position"]
    fields = ["source", "text", "verification", "position", "location_hint", "speaker", "language", "translation"]

    @admin.display(description="Excerpt")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else obj.text[:97] + "…"

    @admin.display(description="Verified", boolean=True, ordering="is_verified")
    def verified_flag(self, obj):
        return obj.is_verified

    @admin.display(description="Quote check")
    def verification(self, obj):
        return verification_badge(obj)

    def unverified(self, obj) -> bool:
        return not obj.is_verified

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not obj.is_verified:
            messages.warning(
                request, "This excerpt does not occur in the source's full text: it is flagged unverified."
            )


@admin.register(AggregateFigure)
class AggregateFigureAdmin(SharedReviewAdmin):
    list_display = ["dataset", "label", "value", "unit", "period", "is_published", "review_state"]
    list_filter = ["dataset", "unit", "is_published"]
    search_fields = ["dataset", "label"]
    autocomplete_fields = ["excerpt"]
    readonly_fields = ["is_published"]
    publish_form = PublishFigureForm

    def unverified(self, obj) -> bool:
        return not obj.excerpt.is_verified

    def get_urls(self):
        return [
            path(
                "<int:pk>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="sources_aggregatefigure_withdraw",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        figure = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if figure is not None and figure.is_published:
            extra_context["withdraw_url"] = reverse("admin:sources_aggregatefigure_withdraw", args=[figure.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def withdraw_view(self, request, pk: int):
        # Confirmed on a page of its own, with the reason (as Wagtail's unpublish).
        return self._action(request, pk, WithdrawFigureForm, form_kwargs=lambda obj: {})
