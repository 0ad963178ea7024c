"""What a row says besides the person: registration status, consents, registration time.

The law (PIPA) allows no processing of personal data without the collection-and-use consent: a
row whose required-consent column refuses it (or leaves it blank, or says something that is not
a yes) is not registered, and the report says why. Consents given are timed by the row's own
registration time when it has one, since that is when the person answered the form. A registration
the tool says is waiting is imported but not admissible; one it says is cancelled or rejected is
not imported at all (its purpose has ended, so there is nothing to process it for), unless the
person is already in the event, who is then marked so that no badge is issued and gates refuse
them. A cancelled row never undoes an active registration of the same person in the same file:
platforms list the cancelled first attempt beside the new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from expo_console.domain.list_answers import Answer, consent_answer, registration_status
from expo_console.domain.list_times import parse_list_time
from expo_console.domain.phone import parse_phone
from expo_console.domain.visitors import Consent, FieldProblem, RegistrationStatus, email_key
from expo_console.storage.connection import utc_stamp

INACTIVE = frozenset({RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED})
CONSENT_COLUMNS = {"consent_required": Consent.REQUIRED, "consent_provision": Consent.PROVISION,
                   "consent_marketing": Consent.MARKETING}


@dataclass(frozen=True, slots=True)
class RowFacts:
    status: RegistrationStatus | None  # None: no status column (or one that says nothing known)
    answers: dict[Consent, Answer]  # the mapped consent columns' answers
    registered_at: str | None  # UTC stamp
    refusal: FieldProblem | None = None  # why the row cannot be registered at all
    warnings: list[FieldProblem] = field(default_factory=list)


class RowReader:
    """Reads the status, consent and time cells of rows; the few distinct cells are cached."""

    def __init__(self, mapped: set[str], local: dt.tzinfo) -> None:
        self.local = local
        self.has_status = "registration_status" in mapped
        self.has_time = "registered_at" in mapped
        self.consents = {column: consent for column, consent in CONSENT_COLUMNS.items() if column in mapped}
        self._statuses: dict[str, RegistrationStatus | None] = {}
        self._answers: dict[str, Answer] = {}

    def status(self, cell: str) -> RegistrationStatus | None:
        if cell not in self._statuses:
            self._statuses[cell] = registration_status(cell)
        return self._statuses[cell]

    def _answer(self, cell: str) -> Answer:
        if cell not in self._answers:
            self._answers[cell] = consent_answer(cell)
        return self._answers[cell]

    def facts(self, status_cell: str, consent_cells: Sequence[str], time_cell: str) -> RowFacts:
        """consent_cells: the required, provision and marketing cells, in that order."""
        warnings: list[FieldProblem] = []
        status = None
        if self.has_status:
            status = self.status(status_cell)
            if status is None:
                warnings.append(FieldProblem("registration_status", "status_unknown_warning", (("value", status_cell),)))
        registered_at = None
        if self.has_time and time_cell:
            moment = parse_list_time(time_cell, self.local)
            if moment is None:
                warnings.append(FieldProblem("registered_at", "time_unknown_warning", (("value", time_cell),)))
            else:
                registered_at = utc_stamp(moment)
        answers = {}
        refusal = None
        for column, cell in zip(CONSENT_COLUMNS, consent_cells, strict=True):
            consent = self.consents.get(column)
            if consent is None:
                continue
            answer = answers[consent] = self._answer(cell)
            if consent is Consent.REQUIRED and answer is not Answer.YES:
                code = "required_consent_refused" if answer is Answer.NO else "required_consent_not_given"
                refusal = FieldProblem("consents", code, (("value", cell),))
            elif answer is Answer.UNCLEAR:
                warnings.append(FieldProblem(column, "consent_unclear_warning", (("value", cell),)))
        return RowFacts(status, answers, registered_at, refusal, warnings)


def active_rows_by_key(emails: Sequence[str], phones: Sequence[str], statuses: Sequence[str],
                       numbers: Sequence[int], reader: RowReader) -> dict[str, int]:
    """e-mail key / phone digits → the first row of the file where that person's registration
    is active (not cancelled or rejected), so that a cancelled row of theirs can give way."""
    active: dict[str, int] = {}
    for email, phone, status, number in zip(emails, phones, statuses, numbers, strict=True):
        if reader.status(status) in INACTIVE:
            continue
        for key in (email_key(email), parse_phone(phone).digits):
            if key:
                active.setdefault(key, number)
    return active
