"""`expo-console operators`: who may sign in at the event's desks, and with which role.

    expo-console operators --db PATH                                  # the operators, as JSON
    expo-console operators add --db PATH --name NAME --role ROLE      # organizer|registration|gate|viewer
    expo-console operators pin --db PATH --name NAME                  # a new PIN (lifts a lock)
    expo-console operators role --db PATH --name NAME --role ROLE
    expo-console operators disable --db PATH --name NAME
    expo-console operators enable --db PATH --name NAME               # a disabled operator signs in again

The new PIN comes from EXPO_CONSOLE_NEW_PIN, or is asked twice at a terminal. Only an organizer
(signed in with --operator) manages operators, except the first organizer of an event that has
none.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from expo_console.cli.common import CliError, open_signed_in, print_json

ROLES = ("organizer", "registration", "gate", "viewer")


def add_parsers(sub: Any) -> None:
    operators = sub.add_parser("operators", help="the operators who sign in at the desks, and their roles")
    operators.add_argument("--db", type=Path)
    actions = operators.add_subparsers(dest="operators_action")
    for name, text in (("add", "a new operator"), ("pin", "a new PIN for an operator"),
                       ("role", "change an operator's role"), ("disable", "an operator who may no longer sign in"),
                       ("enable", "a disabled operator who may sign in again")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--db", type=Path, required=True)
        action.add_argument("--name", required=True)
        if name in ("add", "role"):
            action.add_argument("--role", choices=ROLES, required=True)


def cmd_operators(args: argparse.Namespace) -> int:
    from expo_console.services import operators

    if args.db is None:
        raise CliError("operators needs --db PATH (the event file).")
    store = open_signed_in(args.db)
    try:
        action = args.operators_action
        if action == "add":
            print_json(operators.create_operator(store, args.name, args.role, _new_pin(args.name)))
        elif action == "pin":
            operators.set_pin(store, args.name, _new_pin(args.name))
            print_json({"pin_changed": args.name})
        elif action == "role":
            operators.set_role(store, args.name, args.role)
            print_json({"name": args.name, "role": args.role})
        elif action == "disable":
            operators.disable(store, args.name)
            print_json({"disabled": args.name})
        elif action == "enable":
            operators.enable(store, args.name)
            print_json({"enabled": args.name})
        else:
            print_json(operators.list_operators(store))
    finally:
        store.close()
    return 0


def _new_pin(name: str) -> str:
    import getpass

    pin = os.environ.get("EXPO_CONSOLE_NEW_PIN")
    if pin is not None:
        return pin
    if not sys.stdin.isatty():
        raise CliError(f"The new PIN of {name} is needed: set EXPO_CONSOLE_NEW_PIN, or run the command in a terminal "
                       "to be asked for it.")
    first = getpass.getpass(f"New PIN of {name}: ")
    if getpass.getpass("The same PIN again: ") != first:
        raise CliError("The two PINs differ: nothing was changed. Try again.")
    return first


COMMANDS = {"operators": cmd_operators}
