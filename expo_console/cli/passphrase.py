"""The event passphrase that seals the badge key on the hub (`hub publish`, `join`).

Scripts give it in a file (`--passphrase-file FILE`) or the EXPO_CONSOLE_PASSPHRASE environment
variable; a person types it on the terminal, without echo. Never as an argument: the command
line of every process is visible to every user of the computer.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from expo_console.cli.common import CliError

ENVIRONMENT = "EXPO_CONSOLE_PASSPHRASE"
HOW = f"--passphrase-file FILE or the {ENVIRONMENT} environment variable"


def add_passphrase_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help=f"the event passphrase, in a file (else ${ENVIRONMENT}, else asked on the terminal)")


def given_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase from --passphrase-file or the environment; None when neither gives one."""
    if args.passphrase_file is not None:
        try:
            text: str = args.passphrase_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"The passphrase file {args.passphrase_file} cannot be read ({error}).") from error
        text = text.removeprefix("\ufeff").rstrip("\r\n")  # what an editor adds: a BOM, the last line's end
        if not text:
            raise CliError(f"The passphrase file {args.passphrase_file} is empty: write the event passphrase in it.")
        return text
    return os.environ.get(ENVIRONMENT) or None


def asked_passphrase(*, twice: bool, purpose: str) -> str:
    """The passphrase typed on the terminal (twice when it is being set); CliError without one."""
    if not sys.stdin.isatty():
        raise CliError(f"{purpose} Give it with {HOW} (there is no terminal to ask on).")
    try:
        typed = getpass.getpass("Event passphrase: ")
        if twice:
            from expo_console.services.hub.sealed_key import passphrase_problem

            problem = passphrase_problem(typed)
            if problem:
                raise CliError(problem)
            if getpass.getpass("The same passphrase again: ") != typed:
                raise CliError("The two passphrases differ: nothing was published. Publish again and type the same "
                               "passphrase twice.")
    except (EOFError, KeyboardInterrupt):
        raise CliError("No passphrase was typed: nothing was done.") from None
    if not typed:
        raise CliError("No passphrase was typed: nothing was done.")
    return typed
