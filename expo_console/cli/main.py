"""`expo-console`: the window without a command, a command group's module with one.

Each command group is a module of this package with `add_parsers(sub)` and a `COMMANDS` table
(command name → handler). A handler raises CliError, or a service's own error, for a refusal
the user can act on; main prints it as one sentence to stderr and exits 1. No Qt is imported
for a command.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from expo_console.cli import (
    access,
    badges,
    bookings,
    checkin,
    event,
    hub,
    layout,
    meetings,
    operators,
    printing,
    traffic,
    visitors,
)
from expo_console.cli.common import EXIT_FAILED, CliError, take_operator
from expo_console.services.access import AccessDenied
from expo_console.services.badge_print.batch import BatchError
from expo_console.services.badge_print.fonts import KoreanFontMissing
from expo_console.services.badge_print.templates import TemplateError
from expo_console.services.badges.codes import BadgeError
from expo_console.services.badges.keys import MissingKey
from expo_console.services.checkin.gate_rules import GateRuleError
from expo_console.services.checkin.gates import GateNotFound
from expo_console.services.checkin.scanning import ScanIdTaken
from expo_console.services.importing.sniff import ImportFileError
from expo_console.services.store import EventFileError, explained
from expo_console.services.table_files import ExportError

WORKSPACES = ("floorplan", "registration", "checkin", "consultations", "dashboard")
GROUPS = (event, visitors, badges, checkin, layout, printing, traffic, hub, operators, access, meetings, bookings)
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    name: handler for group in GROUPS for name, handler in group.COMMANDS.items()}
# Refusals with a sentence that says what to do: printed as they are, never as a traceback.
REFUSALS = (EventFileError, ImportFileError, ExportError, CliError, MissingKey, BadgeError, BatchError,
            TemplateError, KoreanFontMissing, GateNotFound, GateRuleError, ScanIdTaken, AccessDenied)


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="expo-console",
        description="Expo Console: floor plan, registration and badges, check-in, live traffic.",
        epilog=f"Subcommands: {', '.join(COMMANDS)} (see 'expo-console COMMAND --help'). A command that needs a role "
               "takes --operator NAME (or EXPO_CONSOLE_OPERATOR), the PIN from EXPO_CONSOLE_PIN or a prompt.",
    )
    parser.add_argument("--db", type=Path, help="event file to open (default: your default event)")
    parser.add_argument("--workspace", choices=WORKSPACES, help="workspace shown first")
    parser.add_argument("--lang", choices=("ko", "en"), help="interface language (default: Korean)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="open the window, save a screenshot once it has painted, and exit")
    return parser


def command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="expo-console")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        try:
            # --operator NAME may stand anywhere on the line: it names who signs in (the PIN from
            # EXPO_CONSOLE_PIN or a prompt) for every command that opens an event file
            args = command_parser().parse_args(take_operator(argv))
            return COMMANDS[args.command](args)
        except REFUSALS as exc:
            sys.stderr.write(f"expo-console: {exc}\n")
            return EXIT_FAILED
        except sqlite3.OperationalError as exc:  # a lock held too long, a full disk: words, not a traceback
            explanation = explained(exc, getattr(args, "db", None) or Path("the event file"))
            sys.stderr.write(f"expo-console: {explanation}\n")
            return EXIT_FAILED
    args = gui_parser().parse_args(argv)
    from expo_console.gui.app import run_gui  # Qt is imported only for the window

    return run_gui(args)
