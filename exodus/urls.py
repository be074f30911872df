from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from profiles.admin import staff_accounts
from profiles.admin.notifications import notification_settings
from public.views.preview import public_page_preview

admin.site.site_header = "Exodus newsroom"
admin.site.site_title = "Exodus"
admin.site.index_title = "Profiles, sources and publishing"

# A refusal in the admin renders inside the admin's layout with the reason and a way back.
handler403 = "profiles.admin.errors.permission_denied"

urlpatterns = [
    # Before the admin's own URLs, whose catch-all would otherwise answer these addresses.
    path("admin/two-factor/", staff_accounts.enrol, name="staff-two-factor-enrol"),
    path("admin/two-factor/code/", staff_accounts.verify, name="staff-two-factor-verify"),
    path("admin/notifications/", admin.site.admin_view(notification_settings), name="staff-notifications"),
    # The reader page as approving would publish it, drawn by the reader site for staff only.
    path(
        "admin/profiles/profile/<int:pk>/preview/",
        admin.site.admin_view(public_page_preview),
        name="admin-profile-preview",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Development only, and only the public MEDIA_ROOT (published renditions). PRIVATE_MEDIA_ROOT
    # (originals, drafts' files) is never routed; staff see those through the admin.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
