"""Record ids that stay unique when several desks create records offline.

The layout is UUIDv7's (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids from
different desks never collide in practice (74 random bits per millisecond), and because they
grow with time, inserting them appends to the primary-key B-tree instead of splitting pages at
random: a 100,000-row import writes markedly faster than with uuid4.
"""

from __future__ import annotations

import os
import time

_VERSION_7 = 0x7 << 76
_VARIANT_RFC = 0x2 << 62
_CLEAR = ~((0xF << 76) | (0x3 << 62))


def new_id() -> str:
    """A time-ordered random UUID in its 32-hex-digit form."""
    millis = time.time_ns() // 1_000_000
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    return f"{(value & _CLEAR) | _VERSION_7 | _VARIANT_RFC:032x}"


def new_ids(count: int) -> list[str]:
    """`count` ascending ids at once (one call for the random bytes): what a bulk import uses.

    Sorted, so that the rows they are given to append to the primary-key index in order.
    """
    prefix = (time.time_ns() // 1_000_000) << 80
    randomness = os.urandom(10 * count)
    return sorted(
        f"{((prefix | int.from_bytes(randomness[10 * i:10 * i + 10], 'big')) & _CLEAR) | _VERSION_7 | _VARIANT_RFC:032x}"
        for i in range(count)
    )
