from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The partner API: reads what the public site reads; its own rows are the partners' keys."""

    name = "api"
    verbose_name = "Partner API"

    def ready(self) -> None:
        # Registers the partner key scheme with drf-spectacular, as its documentation advises.
        from api import schema  # noqa: F401
        from api.stored import DEPENDS_ON, render_payloads
        from profiles.workflow.baking import register_baker

        # Each live profile's payloads and export lines are rendered when it is published.
        register_baker(render_payloads, depends_on=DEPENDS_ON)
