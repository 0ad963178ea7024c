"""The operating system's print system, behind one small interface (see base.py).

CUPS (Linux and macOS) through pycups, OpenPrinting's binding; where no print system can be
reached, `NoPrintSystem` says so. Windows' spooler is reached by the window's Qt printing path,
which cannot follow a job: what it sends is logged as *sent*, never *printed*.
"""

from __future__ import annotations

from expo_console.services.print_system.base import (
    JobState,
    NoPrintSystem,
    PrintRefused,
    PrintSystem,
    PrintSystemUnavailable,
)


def system_print_system() -> PrintSystem:
    """The print system of this machine: CUPS when its binding is installed, else none."""
    try:
        from expo_console.services.print_system.cups_system import CupsPrintSystem
    except ImportError:  # no pycups: Windows, or a machine without CUPS's library
        return NoPrintSystem("This computer's print system cannot be reached from Expo Console.")
    return CupsPrintSystem()


__all__ = ["JobState", "NoPrintSystem", "PrintRefused", "PrintSystem", "PrintSystemUnavailable",
           "system_print_system"]
