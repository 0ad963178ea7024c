"""What the slot grid shows of an item, and what it asks of whoever fills it.

The grid knows slots (rows), columns (resource numbers: a consultation table, a studio set) and
items with an id. Everything else is its user's, said once in an `ItemLook`: where an item sits,
its card, whether it still counts (a cancelled one does not crowd its cell), why it may not move,
the words for a place, and the check a drag asks at every cell it enters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from expo_console.domain.consultations import Slot

Palette = tuple[str, str]  # background, stripe as '#rrggbb': hashable, so a card's look keys its cached pixmap

# an item's state at a glance, the same colours on every grid
SCHEDULED: Palette = ("#e8f0fe", "#1a73e8")
ARRIVED: Palette = ("#e0f7fa", "#00838f")
HELD: Palette = ("#e6f4ea", "#188038")
NO_SHOW: Palette = ("#fce8e6", "#d93025")
CANCELLED: Palette = ("#f1f3f4", "#9aa0a6")
DROP_OK: Palette = ("#ceead6", "#188038")
DROP_REFUSED: Palette = ("#fad2cf", "#c5221f")

Item = TypeVar("Item")
Item_contra = TypeVar("Item_contra", contravariant=True)


@dataclass(frozen=True)
class Badge:
    """A small mark at the card's top right (the buyer's language for an interpreter)."""

    text: str
    colour: str
    filled: bool  # filled: what it marks is there; hollow: wanted and missing


@dataclass(frozen=True)
class Card:
    """One card as painted: a bold title over one or more lines, a palette, a padlock when
    locked, a badge."""

    title: str  # bold, the first line
    lines: tuple[str, ...]  # under it, each elided to the cell's width
    palette: Palette
    struck: bool = False  # cancelled: struck out and greyed
    fixed: bool = False  # the padlock: a new solve keeps it there
    badge: Badge | None = None
    text: str = ""  # the cell's words for a reader and a copy, when they say more than the two lines

    @property
    def words(self) -> str:
        return self.text or "\n".join((self.title, *self.lines))


class SlotCheck(Protocol):
    def problems(self, slot: Slot, column: int) -> list[str]:
        """Empty when the dragged item may go to (slot, column); else each clash as a sentence."""
        ...


class ItemLook(Protocol[Item_contra]):
    def item_id(self, item: Item_contra) -> str: ...

    def place(self, item: Item_contra) -> tuple[Slot, int]:
        """The item's slot and column number (a table, a set)."""
        ...

    def card(self, item: Item_contra) -> Card: ...

    def active(self, item: Item_contra) -> bool:
        """Whether it holds its cell: a cancelled one neither crowds it nor is drawn over another."""
        ...

    def fixed(self, item: Item_contra) -> bool: ...

    def held_in_place(self, item: Item_contra) -> str:
        """Why it may not be moved (it happened, someone arrived for it); '' when it may."""
        ...

    def column_title(self, column: int) -> str:
        """The column's header: 'Table 3', 'Set 2'."""
        ...

    def where(self, slot: Slot, column: int, long: bool = False) -> str:
        """A place in words: '10:30, table 3'; long: '10:30–11:00 · table 3'."""
        ...

    def details(self, item: Item_contra) -> list[str]:
        """The tooltip's lines after the place: who, what, its state."""
        ...

    def crowded_text(self) -> str:
        """Said in the tooltip of a cell two items share (another desk's edit made the clash)."""
        ...

    def check(self, day_items: Sequence[Item_contra], moved: Item_contra) -> SlotCheck:
        """The clash check for a drag of `moved` among the day's items (built once per drag)."""
        ...
