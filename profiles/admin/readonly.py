"""Read-only admin lists of the audit trail: published versions, workflow events and the
publications of shared objects. Nobody adds, changes or deletes these rows through the admin."""

from django.contrib import admin

from profiles.models import ProfileVersion, SharedEvent, WorkflowEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProfileVersion)
class ProfileVersionAdmin(ReadOnlyAdmin):
    list_display = ["profile", "number", "change_note", "is_correction", "published_at", "published_by", "redacted_at"]
    list_filter = ["is_correction"]
    search_fields = ["profile__display_name", "change_note"]
    list_select_related = ["profile", "published_by"]
    # The stored JSON is not shown: the working copy holds the unmasked places, and the public
    # snapshot is read through the review and version screens.
    readonly_fields = [f.name for f in ProfileVersion._meta.fields if f.name not in {"snapshot", "working_copy"}]
    exclude = ["snapshot", "working_copy", "cited_excerpts"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "profile", "action", "actor", "from_status", "to_status", "comment", "override_reason"]
    list_filter = ["action"]
    search_fields = ["profile__display_name", "comment"]
    list_select_related = ["profile", "actor"]


@admin.register(SharedEvent)
class SharedEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "object_id", "action", "actor", "via_profile", "comment", "override_reason"]
    list_filter = ["kind", "action"]
    list_select_related = ["actor", "via_profile"]
