"""`python -m expo_console` and the `expo-console` entry point."""

from __future__ import annotations

import sys


def main() -> None:
    from expo_console.cli.main import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
