from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The reader site: reads the public index and live versions, writes nothing."""

    name = "public"
    verbose_name = "Public site"
