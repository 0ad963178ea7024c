"""Reading the table of a web page saved with a spreadsheet name.

Korean registration portals 'export to Excel' by sending an HTML table named .xls or .xlsx;
Excel opens it, so desks expect the console to. Only what such an export holds is read: the
cells of <tr>/<td>/<th> in document order (every table on the page, rowspan ignored), their
text with entities decoded and other tags dropped; <script>, <style> and comments are skipped.

Not html.parser: on Python 3.11 it takes quadratic time on malformed tags ('<a' repeated over
1 MB took eight minutes). This tokenizer is a few linear scans: possessive patterns that cannot
backtrack, and str.find for the ends of comments and scripts. Work is bounded by the tags really
present: a colspan counts at most MAX_COLSPAN cells, a row at most MAX_COLUMNS.
"""

from __future__ import annotations

import html
import re

from expo_console.services.importing.sheet import MAX_COLUMNS, Sheet

MAX_COLSPAN = 50
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*+)([^<>]*+)>")
_COLSPAN = re.compile(r"""colspan\s*+=\s*+["']?\s*+(\d{1,6})""", re.IGNORECASE)
_SKIPPED = {"script": re.compile(r"</script\s*+>", re.IGNORECASE),
            "style": re.compile(r"</style\s*+>", re.IGNORECASE)}
_BREAKS = frozenset({"br", "p", "div", "li"})


class _Rows:
    """Cells and rows as the tags open and close them (a <td> closes the cell before it)."""

    def __init__(self) -> None:
        self.sheet = Sheet()
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def start_cell(self, attributes: str) -> None:
        self.end_cell()
        if self.row is None:
            self.row = []  # a cell without <tr>, as hand-written exports have
        self.cell = []
        found = _COLSPAN.search(attributes)
        self.span = min(MAX_COLSPAN, max(1, int(found.group(1)))) if found else 1

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        room = MAX_COLUMNS - len(self.row)
        if room > 0:
            text = " ".join(html.unescape("".join(self.cell)).split())  # HTML collapses spaces
            self.row.extend([text, *[""] * (self.span - 1)][:room])
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self.sheet.add(len(self.sheet.rows) + 1, self.row)
        self.row = None


def read_html_table(text: str) -> tuple[Sheet, int]:
    """The rows of the page's tables, numbered from 1, and how many tables there were."""
    rows = _Rows()
    tables = 0
    pos = 0
    comment = text.find("<!--")  # looked for again only once passed: a find per tag is quadratic
    while True:
        if 0 <= comment < pos:
            comment = text.find("<!--", pos)
        stop = comment if comment >= 0 else len(text)
        match = _TAG.search(text, pos, stop)
        if match is None:
            if rows.cell is not None:
                rows.cell.append(text[pos:stop])
            if comment < 0:
                break
            end = text.find("-->", comment + 4)
            pos = len(text) if end < 0 else end + 3
            continue
        if rows.cell is not None:
            rows.cell.append(text[pos:match.start()])
        pos = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name in _SKIPPED and not closing:
            end_match = _SKIPPED[name].search(text, pos)
            pos = len(text) if end_match is None else end_match.end()
        elif name in ("td", "th") and closing:
            rows.end_cell()
        elif name in ("td", "th"):
            rows.start_cell(match.group(3))
        elif name == "tr":
            rows.end_row()
            if not closing:
                rows.row = []
        elif name == "table":
            tables += 0 if closing else 1
            rows.end_row()
        elif name in _BREAKS and rows.cell:
            rows.cell.append(" ")
    rows.end_row()
    return rows.sheet, tables
