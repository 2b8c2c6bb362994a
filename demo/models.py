from django.db import models
from django.utils import timezone


class DemoSeed(models.Model):
    """Marks a database the demo filled: one row per ``seed_demo`` run that wrote demo data.

    Never shown to anyone. ``version`` is the demo's DEMO_VERSION at the time: a database filled by an
    earlier version is left as it is rather than mixed with the current demo.
    """

    version = models.PositiveSmallIntegerField()
    scale = models.PositiveIntegerField()
    seeded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seeded_at", "-pk"]

    def __str__(self):
        return f"demo v{self.version}, scale {self.scale}, {self.seeded_at:%Y-%m-%d %H:%M}"
