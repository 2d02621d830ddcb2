from __future__ import annotations

from django.db import models


class BareRow(models.Model):
    """One row of the bare benchmark table: about the size of a report's title and text."""

    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    # Declared so type checkers that run with aduan.settings (without this app) know it.
    objects: models.Manager[BareRow] = models.Manager()

    def __str__(self) -> str:
        return self.title
