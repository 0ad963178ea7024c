"""The change flow holds: only the op-runner broadcasts, and no view makes up a change."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "expo_console" / "gui"
CHANGE_SIGNALS = {"visitors_changed", "layout_changed", "traffic_changed", "gates_changed"}
CHANGE_CLASSES = {"VisitorsChanged", "LayoutChanged", "TrafficChanged", "GatesChanged"}


def _violations(path: Path) -> list[str]:
    """Hub change signals emitted, broadcast called, or change objects built: the op-runner's job."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "emit" and isinstance(node.value, ast.Attribute) \
                and node.value.attr in CHANGE_SIGNALS:
            found.append(f"{path.name}:{node.lineno} emits {node.value.attr}")
        if isinstance(node, ast.Attribute) and node.attr == "broadcast":
            found.append(f"{path.name}:{node.lineno} calls broadcast")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CHANGE_CLASSES:
            found.append(f"{path.name}:{node.lineno} builds {node.func.id}")
    return found


def test_no_view_broadcasts_or_builds_a_change_itself() -> None:
    # Views run service calls through gui/ops.py, which broadcasts what the service returned;
    # a view that emitted its own change could tell the others something the file does not hold.
    offenders = [v for path in sorted(GUI.rglob("*.py")) if path.name not in {"ops.py", "hub.py"}
                 for v in _violations(path)]
    assert offenders == []
