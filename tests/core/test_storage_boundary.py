"""Every SQL statement lives in expo_console/storage: the hub that comes will capture each write
to each table there, so no other layer may talk SQL to the event file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "expo_console"
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|"
                      r"ROLLBACK|WITH|VACUUM|ATTACH)\b")  # the code writes SQL keywords in capitals; English text does not
SQL_CALLS = {"execute", "executemany", "executescript", "query", "insert_all", "upsert_all", "create_table"}


def sql_in(source: str, name: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            found.append(f"{name}:{node.lineno} calls .{node.func.attr}()")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.match(node.value) \
                and " " in node.value.strip():
            found.append(f"{name}:{node.lineno} holds SQL: {node.value.strip()[:40]!r}")
    return found


def test_no_sql_outside_storage() -> None:
    offenders = [hit for path in sorted(PACKAGE.rglob("*.py")) if "storage" not in path.relative_to(PACKAGE).parts
                 for hit in sql_in(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))]
    assert offenders == []


def test_the_check_finds_sql_where_it_is() -> None:
    # The check itself must see what it forbids, or it would pass on any tree.
    source = 'def f(conn):\n    return conn.execute("SELECT id FROM visitors").fetchall()\n'
    assert sql_in(source, "sample.py") == ["sample.py:2 calls .execute()", "sample.py:2 holds SQL: 'SELECT id FROM visitors'"]
    assert sql_in('HELP = "create a demo event file"\n', "cli.py") == []
