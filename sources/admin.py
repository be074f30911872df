from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from sources.models import AggregateFigure, Excerpt, Outlet, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "country"]
    search_fields = ["name"]


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


def verification_badge(obj: Excerpt):
    if obj.pk is None:
        return "—"
    if obj.is_verified:
        return mark_safe('<span class="quote-verified">✔ Verified against the source text</span>')
    return mark_safe(
        '<strong class="quote-unverified">⚠ Unverified: this text does not occur in the source\'s full text</strong>'
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "authors", "year", "kind", "language", "excerpt_count", "unverified_count"]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "authors", "outlet__name", "url"]
    autocomplete_fields = ["outlet"]
    inlines = [ExcerptInline]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "authors", "kind", "language"]}),
        ("Where and when", {"fields": ["url", "archived_url", "published_on", "published_year"]}),
        ("Private", {"fields": ["full_text", "editorial_notes"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count, Q

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        source = form.instance
        if "full_text" in form.changed_data:
            # The excerpts' verification depends on the full text, so check them all again.
            for excerpt in source.excerpts.all():
                excerpt.save(update_fields=["updated_at"])
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
class ExcerptAdmin(admin.ModelAdmin):
    list_display = ["short_text", "source", "speaker", "language", "verified_flag"]
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not obj.is_verified:
            messages.warning(
                request, "This excerpt does not occur in the source's full text: it is flagged unverified."
            )


@admin.register(AggregateFigure)
class AggregateFigureAdmin(admin.ModelAdmin):
    list_display = ["dataset", "label", "value", "unit", "period", "is_published"]
    list_filter = ["dataset", "unit", "is_published"]
    search_fields = ["dataset", "label"]
    autocomplete_fields = ["excerpt"]
