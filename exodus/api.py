"""The partner API (/api/): the v1 router spanning both apps, the schema and its docs."""

urlpatterns: list = []
