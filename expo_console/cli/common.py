"""What every command shares: its error, JSON output, and the event file's stamp."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

EXIT_FAILED = 1
MIN_ID_SUFFIX = 8


class CliError(Exception):
    """A refusal the user can act on: printed as one sentence to stderr, exit code 1."""


def print_json(value: Any) -> None:
    try:
        sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
        sys.stdout.flush()  # scripts read each line as it comes
    except BrokenPipeError:
        # the reader went away (`| head`): stop quietly, as other command-line tools do, and point
        # stdout at nothing so that the interpreter's last flush does not complain either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(EXIT_FAILED) from None


def iso_day(text: str) -> Any:
    """A --day argument: a date written 2022-10-05."""
    import argparse
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it like 2022-10-05") from None


def add_solve_parser(actions: Any, help_text: str, *, time_limit: float, greedy_help: str) -> Any:
    """`solve --db PATH [--day D ...] [--time-limit S] [--greedy]` (meetings, studio, photos)."""
    from pathlib import Path

    parser = actions.add_parser("solve", help=help_text)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--day", type=iso_day, action="append", metavar="YYYY-MM-DD",
                        help="a day to solve (repeatable); default: every day with a session")
    parser.add_argument("--time-limit", type=float, default=time_limit, metavar="S",
                        help=f"seconds the solver may search (default {time_limit:g}); the best found so far is kept")
    parser.add_argument("--greedy", action="store_true", help=greedy_help)
    return parser


def check_days_to_solve(days: Sequence[Any] | None, with_sessions: set[Any], what: str) -> None:
    """Refuse a --day that has no `what` session (a solve's days must have slots)."""
    for day in days or ():
        if day not in with_sessions:
            raise CliError(f"{day.isoformat()} has no {what} session: it is not a day of the event, or its hours are "
                           "not set yet.")


def clashes_refused(what: str, clashes: Sequence[str]) -> CliError:
    """Nothing solved because hand-fixed rows clash: the refusal that says so and what to do."""
    return CliError(f"Nothing was solved: {what} fixed by hand clash ({'; '.join(clashes)}). Move or unlock one of "
                    "them in the schedule, then solve again.")


def add_request_list_import(actions: Any, help_text: str) -> Any:
    """`import --db PATH FILE [--dry-run] [--header-row N]`, a request list's import (meetings,
    studio, photos); the caller sets its handler."""
    from pathlib import Path

    parser = actions.add_parser("import", help=help_text)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("file", type=Path, metavar="REQUESTS.xlsx|csv")
    parser.add_argument("--dry-run", action="store_true", help="check the list against the event; store nothing")
    parser.add_argument("--header-row", type=int, metavar="N", help="the spreadsheet row number of the header")
    return parser


def find_id(typed: str, ids: Sequence[str], noun: str, listing: str) -> str:
    """An id as typed: whole, or its last MIN_ID_SUFFIX+ characters (ids begin with the time they
    were made, so the rows of one solve share their first characters, not their last). `listing`
    is the command that lists them, for the refusal to name."""
    typed = typed.strip().lower()
    if typed in ids:
        return typed
    if len(typed) < MIN_ID_SUFFIX:
        raise CliError(f"There is no {noun} {typed}: give its id (from '{listing}'), or at least its last "
                       f"{MIN_ID_SUFFIX} characters.")
    found = [i for i in ids if i.endswith(typed)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise CliError(f"There is no {noun} {typed} in this event: 'expo-console {listing} --db FILE' lists them.")
    raise CliError(f"{typed} ends the ids of {len(found)} {noun}s: give more of the id.")


# The operator named with --operator (main takes it from anywhere on the line), else
# EXPO_CONSOLE_OPERATOR; their PIN from EXPO_CONSOLE_PIN, or a prompt at a terminal.
operator_named: str | None = None


def take_operator(argv: list[str]) -> list[str]:
    """`--operator NAME` (or `--operator=NAME`) taken out of a command line, wherever it stands."""
    global operator_named
    rest: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--operator":
            operator_named = next(items, None)
            if not operator_named:
                raise CliError("--operator needs the operator's name, e.g. --operator 김주최.")
        elif item.startswith("--operator="):
            operator_named = item.partition("=")[2]
        else:
            rest.append(item)
    return rest


def sign_in(store: Any) -> None:
    """Sign the named operator in on an open event file (nobody named: nobody signs in, and a
    command that needs a role is refused saying so)."""
    import getpass
    import os

    from expo_console.services.operators import has_operators, sign_in_store

    name = operator_named or os.environ.get("EXPO_CONSOLE_OPERATOR", "")
    if not name:
        return
    if not has_operators(store):
        raise CliError(f"{store.path.name} has no operators yet: make its first organizer with 'expo-console "
                       "operators add --db FILE --name NAME --role organizer' (the PIN from EXPO_CONSOLE_PIN or a "
                       "prompt).")
    pin = os.environ.get("EXPO_CONSOLE_PIN")
    if pin is None:
        if not sys.stdin.isatty():
            raise CliError(f"The PIN of {name} is needed: set EXPO_CONSOLE_PIN, or run the command in a terminal "
                           "to be asked for it.")
        pin = getpass.getpass(f"PIN of {name}: ")
    sign_in_store(store, name, pin)


def open_signed_in(path: Any, *, read_only: bool = False, **options: Any) -> Any:
    """The event file opened as `open_event` does, with the named operator signed in."""
    from expo_console.services.desk import local_stamp
    from expo_console.services.events import open_event

    return _signed_in(open_event(path, local_stamp(), read_only=read_only, **options))


def open_signed_in_or_read_only(path: Any) -> Any:
    """As open_signed_in, read-only when the file cannot be written (read-only media or folder)."""
    from expo_console.services.desk import local_stamp
    from expo_console.services.events import open_event_or_read_only

    return _signed_in(open_event_or_read_only(path, local_stamp(), record_desk=False))


def _signed_in(store: Any) -> Any:
    """The store with the named operator signed in; closed when the sign-in is refused."""
    try:
        sign_in(store)
    except BaseException:
        store.close()
        raise
    return store


def supervisor_pin(supervisor: str) -> str:
    """The supervisor's own PIN for an override: EXPO_CONSOLE_SUPERVISOR_PIN, or a prompt."""
    import getpass
    import os

    pin = os.environ.get("EXPO_CONSOLE_SUPERVISOR_PIN")
    if pin is not None:
        return pin
    if not supervisor or not sys.stdin.isatty():
        raise CliError("An override needs the supervisor's own PIN: set EXPO_CONSOLE_SUPERVISOR_PIN, or run the "
                       "command in a terminal to be asked for it.")
    return getpass.getpass(f"PIN of {supervisor}: ")


def open_for_machinery(path: Any, *, read_only: bool = False) -> Any:
    """The event file for the desk's own machinery (sync, the desks on the hub, the floor plan's
    lease): it runs for whoever sits at the desk, and nobody signs in."""
    from expo_console.services.desk import local_stamp
    from expo_console.services.events import open_event

    return open_event(path, local_stamp(), read_only=read_only)
