"""Record ids that stay unique when several desks create records offline."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A random UUID in its 32-hex-digit form: no coordination between desks needed."""
    return uuid.uuid4().hex
