"""The consultation services' refusals and problems, in the UI's language.

The setup and schedule services raise and report plain English sentences (no message code yet,
unlike services/messages.py). A Korean desk must not read them in English, so the sentences
are recognised here by their shape and said again in Korean with the same figures; one not
recognised is shown as it came. tests/gui/test_consultation_texts.py makes each service raise
or report its sentence and checks that it is recognised, so a reworded service fails a test
instead of reaching the desk in English.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from expo_console.gui.consultations.names import fill, language_name
from expo_console.gui.labels import error_text


def _patterns() -> list[tuple[str, str]]:
    """(regular expression over the English sentence, translated template with %1 … for its groups)."""
    return [
        (r"'(.*)' is not a language code: use two letters, e\.g\. ko, en, zh, ja, vi\.",
         QCoreApplication.translate("ServiceText", "'%1' is not a language code: use two letters, e.g. ko, en, zh, "
                                                   "ja, vi.")),
        (r"An exhibitor needs at least one seat \(a representative at a table\)\.",
         QCoreApplication.translate("ServiceText", "An exhibitor needs at least one seat (a representative at a "
                                                   "table).")),
        (r"An interpreter needs a name\.", QCoreApplication.translate("ServiceText", "An interpreter needs a name.")),
        (r"Name the languages the interpreter speaks besides Korean \(e\.g\. zh, ja, vi\)\.",
         QCoreApplication.translate("ServiceText", "Name the languages the interpreter speaks besides Korean (e.g. "
                                                   "zh, ja, vi).")),
        (r"(\S+) is not a day of the event\.",
         QCoreApplication.translate("ServiceText", "%1 is not a day of the event.")),
        (r"The session must end after it starts\.",
         QCoreApplication.translate("ServiceText", "The session must end after it starts.")),
        (r"A slot lasts between 5 and 240 minutes \(30 is usual\)\.",
         QCoreApplication.translate("ServiceText", "A slot lasts between 5 and 240 minutes (30 is usual).")),
        (r"The break at (\S+) must end after it starts\.",
         QCoreApplication.translate("ServiceText", "The break at %1 must end after it starts.")),
        (r"The floor plan has no consultation zone: draw one \(zone kind Consultation\) first\.",
         QCoreApplication.translate("ServiceText", "The floor plan has no consultation zone: draw one (zone kind "
                                                   "Consultation) in the Floor plan workspace first.")),
        (r"Tables (.+) still have meetings: move them to other tables in the schedule first, or place at least "
         r"(\d+) tables\.",
         QCoreApplication.translate("ServiceText", "Tables %1 still have meetings: move them to other tables in the "
                                                   "schedule first, or place at least %2 tables.")),
        (r"The zone holds (\d+) consultation tables at most, not (\d+): enlarge the zone on the floor plan or "
         r"place fewer tables\.",
         QCoreApplication.translate("ServiceText", "The consultation zone holds %1 tables at most, not %2: enlarge "
                                                   "the zone on the floor plan or place fewer tables.")),
        (r"A rank is 1 \(first wish\) or more\.",
         QCoreApplication.translate("ServiceText", "A rank is 1 (the first wish) or more.")),
        (r"No meeting \S+: it was removed, perhaps on another desk\. Reload the schedule\.",
         QCoreApplication.translate("ServiceText", "This meeting is no longer in the schedule: it was removed, "
                                                   "perhaps at another desk.")),
        (r"This meeting has an arrival or an outcome: mark it cancelled instead of removing it\.",
         QCoreApplication.translate("ServiceText", "This meeting has an arrival or an outcome: mark it cancelled "
                                                   "instead of removing it.")),
        (r"No consultation session is set: set each day's hours \(start, end, slot length\) first\.",
         QCoreApplication.translate("ServiceText", "No consultation session is set: set each day's hours (start, "
                                                   "end, slot length) on the Setup page first.")),
        (r"The zone has no tables: place the consultation tables on the floor plan first\.",
         QCoreApplication.translate("ServiceText", "The zone has no tables: place the consultation tables in the "
                                                   "zone on the Setup page first.")),
        (r"There are no requests: import the buyers' and exhibitors' requests first\.",
         QCoreApplication.translate("ServiceText", "There are no requests: import the buyers' and exhibitors' "
                                                   "requests (or enter them) on the Setup page first.")),
        (r"There are (\d+) requests but only (\d+) table-slots \((\d+) tables × (\d+) slots\): add tables or "
         r"hours, or some requests stay unmet\.",
         QCoreApplication.translate("ServiceText", "There are %1 requests but only %2 table-slots (%3 tables × %4 "
                                                   "slots): add tables or hours, or some requests stay unmet.")),
        (r"No interpreter speaks '(\w+)': buyers who speak it cannot be placed\. Add an interpreter for it\.",
         QCoreApplication.translate("ServiceText", "No interpreter speaks %1: buyers who speak it cannot be placed. "
                                                   "Add an interpreter for it.")),
    ]


def _language_group(pattern: str, groups: tuple[str, ...]) -> tuple[str, ...]:
    if pattern.startswith("No interpreter speaks"):
        return tuple(f"{language_name(g)} ({g})" for g in groups)
    return groups


# The clashes a hand edit is refused for (schedule.clash_list), joined into one message. They name
# people by id; the grid checks the same clashes before it writes, with names, so the service
# only says them when the schedule changed at another desk after the grid read it.
_CLASHES = re.compile(r"^(?:(?:buyer|table|interpreter|exhibitor) \S+ (?:has|is in) \d+ meetings at [\d-]+ [\d:]+"
                      r"(?: but \d+ seat\(s\))? ?|There is no table \d+ in the zone\. ?"
                      r"|[\d:]+ on [\d-]+ is not a slot of the session\. ?)+$")


Patterns = list[tuple[str, str]]


def translated(text: str, patterns: Patterns | None = None) -> str:
    """One service sentence (or the clashes a hand edit was refused for) in the UI's language;
    `patterns` (another service's sentences, gui/bookings/service_text.py) instead of these."""
    for pattern, template in _patterns() if patterns is None else patterns:
        match = re.fullmatch(pattern, text.strip())
        if match:
            return fill(template, *_language_group(pattern, match.groups()))
    if _CLASHES.match(text.strip()):
        return QCoreApplication.translate("ServiceText", "Not done: it would clash with another meeting. The schedule "
                                                         "changed meanwhile, perhaps at another desk; it is shown again "
                                                         "as it is now.")
    return text


def recognised(text: str, patterns: Patterns | None = None) -> bool:
    """Whether the sentence is one this module says again in the UI's language."""
    stripped = text.strip()
    return bool(_CLASHES.match(stripped)) or any(re.fullmatch(p, stripped)
                                                 for p, _t in (_patterns() if patterns is None else patterns))


def refusal_text(error: BaseException, patterns: Patterns | None = None) -> str:
    """A refusal from the consultation services (or those `patterns` name), or any other the
    window translates already."""
    text = error_text(error)
    return translated(text, patterns) if text == str(error) else text
