"""Partner API keys: issued and revoked by administrators, stored hashed, shown once."""

import hashlib
import secrets

from django.db import models


class ApiKey(models.Model):
    name = models.CharField(max_length=200, help_text="The partner: newsroom, researcher or NGO.")
    contact_email = models.EmailField(blank=True)
    prefix = models.CharField(max_length=12, unique=True, editable=False, help_text="Public part, to identify a key.")
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.CharField(max_length=20, blank=True, help_text="E.g. 1000/hour; empty uses the default.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        # Moved from the profiles app without moving data: the table keeps its name.
        db_table = "profiles_apikey"
        verbose_name = "partner API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw_key: str) -> str:
        return hashlib.sha256(raw_key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, name: str, **fields) -> tuple["ApiKey", str]:
        """Create a key; the raw key is returned once and never stored."""
        prefix = secrets.token_hex(4)
        raw = f"exo_{prefix}_{secrets.token_urlsafe(32)}"
        key = cls.objects.create(name=name, prefix=prefix, hashed_key=cls.hash(raw), **fields)
        return key, raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiKeyDailyUsage(models.Model):
    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="daily_usage")
    day = models.DateField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "profiles_apikeydailyusage"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="unique_key_day")]
