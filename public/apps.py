from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The reader site: reads the public index and live versions, writes nothing."""

    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from profiles.workflow.baking import register_baker
        from public.bakers import DEPENDS_ON, render_pages

        # Each live profile's page is rendered when it is published, and served as stored.
        register_baker(render_pages, depends_on=DEPENDS_ON)
