"""The value step: each distinct value of the class column, with the class it becomes.

A form's answers ('바이어 (구매 상담)') and a platform's ticket names ('해외 바이어 (Overseas
buyer)', '일반 관람 (무료)') are free words, a few per file. Each gets a proposal from its words
(domain.list_answers.propose_class); the operator confirms or changes it in the import dialog,
a mapping file (--map) or a remembered mapping may choose instead, and the command line applies
the proposals and prints them. A value nothing proposes a class for becomes a visitor, with a
warning on each of its rows, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from expo_console.domain.list_answers import propose_class
from expo_console.domain.text import clean_column
from expo_console.domain.visitors import CLASS_CODES, VisitorClass, parse_visitor_class
from expo_console.services.importing.plan import ImportPlan

CLASS_CELL_LENGTH = 60  # the importer cleans class cells to this length too

# How a value got its class: chosen (operator, mapping file, remembered), exact (a class name
# such as '바이어' or 'VIP'), proposed (from the words in it), default (nothing said: visitor).
CHOSEN, EXACT, PROPOSED, DEFAULT = "chosen", "exact", "proposed", "default"


@dataclass(frozen=True, slots=True)
class ClassValue:
    value: str  # the cell as cleaned
    rows: int  # how many rows carry it
    first_row: int  # the spreadsheet row number of the first of them
    class_code: str
    how: str
    proposed: str | None  # what the words alone propose (None: nothing)

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "rows": self.rows, "first_row": self.first_row,
                "class": self.class_code, "how": self.how}


def resolve_class(value: str, chosen: Mapping[str, str]) -> tuple[str, str]:
    """(class code, how) for one cleaned value of the class column."""
    code = chosen.get(value)
    if code in CLASS_CODES:
        return code, CHOSEN
    exact = parse_visitor_class(value)
    if exact is not None:
        return exact.value, EXACT
    proposal = propose_class(value)
    if proposal is not None:
        return proposal.value, PROPOSED
    return VisitorClass.VISITOR.value, DEFAULT


def class_values(plan: ImportPlan) -> list[ClassValue]:
    """The class column's distinct non-blank values in the order they first appear."""
    raw = plan.column_values("visitor_class")
    if not raw:
        return []
    cleaned = clean_column(raw, CLASS_CELL_LENGTH).values
    numbers = plan.data_row_numbers
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, value in enumerate(cleaned):
        if value:
            counts[value] = counts.get(value, 0) + 1
            first.setdefault(value, numbers[index])
    values = []
    for value, count in counts.items():
        code, how = resolve_class(value, plan.classes)
        proposal = propose_class(value)
        values.append(ClassValue(value, count, first[value], code, how, proposal.value if proposal else None))
    return values
