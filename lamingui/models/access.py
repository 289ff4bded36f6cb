"""GUI access control: space memberships and the custom GUI permissions (gui.md §8)."""

from __future__ import annotations

from django.db import models


class SpaceMembership(models.Model):
    """A lamindb ``User``'s role in a ``Space``: read, write or admin."""

    class Role(models.TextChoices):
        READ = "read", "read"
        WRITE = "write", "write"
        ADMIN = "admin", "admin"

    space = models.ForeignKey("lamingui.Space", models.CASCADE, related_name="+")
    """The space."""
    user = models.ForeignKey("lamingui.User", models.CASCADE, related_name="+")
    """The member (the lamindb user linked to a GUI login by handle)."""
    role = models.CharField(max_length=5, choices=Role.choices, default=Role.READ)
    """What the member may do in the space."""

    class Meta:
        db_table = "lamingui_spacemembership"
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"], name="unique_space_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in space {self.space_id}: {self.role}"


class GuiPermission(models.Model):
    """Holder of the GUI's custom permissions; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_trash", "Can view the trash"),
            ("purge_trash", "Can delete trashed objects permanently"),
        ]

    def __str__(self) -> str:
        return "GUI permissions"
