"""How a record reads where it is shown as text (admin, pickers, audit labels): most records
by their name or their title, so their models inherit `__str__` from here rather than each
spelling it out. Abstract and without fields: migrations do not see them."""

from __future__ import annotations

from django.db import models


class Named(models.Model):
    """A record shown by its name (`shown_by` names the field)."""

    shown_by = "name"

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(getattr(self, self.shown_by))


class Titled(Named):
    """A record shown by its title."""

    shown_by = "title"

    class Meta:
        abstract = True
