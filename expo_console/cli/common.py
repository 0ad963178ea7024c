"""What every command shares: its error, JSON output, and the event file's stamp."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_FAILED = 1


class CliError(Exception):
    """A refusal the user can act on: printed as one sentence to stderr, exit code 1."""


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # scripts read each line as it comes
