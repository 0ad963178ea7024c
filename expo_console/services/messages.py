"""English texts for the problem codes the domain and services return.

The CLI and JSON reports use them as they are; the GUI passes the same text through
`QCoreApplication.translate("Messages", ...)`, so the Korean lives in resources/translations
like every other string (QT_TRANSLATE_NOOP marks them for lupdate without importing Qt here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


MESSAGES: dict[str, str] = {
    "name_required": QT_TRANSLATE_NOOP("Messages", "Enter a name (Korean or English)."),
    "email_invalid": QT_TRANSLATE_NOOP("Messages", "The e-mail address is not valid: check for a missing @ or domain."),
    "phone_invalid": QT_TRANSLATE_NOOP("Messages", "The phone number is not valid: a Korean mobile has 10 or 11 digits (010-1234-5678); foreign numbers start with + and the country code."),
    "class_unknown": QT_TRANSLATE_NOOP("Messages", "Unknown visitor class '{value}'."),
    "required_consent_missing": QT_TRANSLATE_NOOP("Messages", "The visitor must agree to the collection and use of personal data before registering."),
    "truncated_warning": QT_TRANSLATE_NOOP("Messages", "{field} was longer than allowed and was shortened to {length} characters."),
    "control_characters_removed_warning": QT_TRANSLATE_NOOP("Messages", "Invisible control characters were removed from {field}."),
    "class_defaulted_warning": QT_TRANSLATE_NOOP("Messages", "Unknown class '{value}': registered as a visitor. Correct it if needed."),
    "duplicate_in_file": QT_TRANSLATE_NOOP("Messages", "Same {key} as row {other_row} of this file: skipped. Merge the two rows in the file, or register this person separately."),
    "formula_warning": QT_TRANSLATE_NOOP("Messages", "{field} starts like a spreadsheet formula; it is stored as text."),
    "conflicting_match": QT_TRANSLATE_NOOP("Messages", "The e-mail matches one visitor and the phone another: skipped. Correct one of them."),
    "phone_of_another_visitor": QT_TRANSLATE_NOOP("Messages", "The phone number is that of {visitor} ({email}), but the name and e-mail in this row are someone else's: skipped, {visitor} is unchanged. If this is a different person, correct the phone number in the file; if it is {visitor}, correct the name or e-mail in the file, or edit the visitor at the desk."),
    # Cells an import file could not hold, and files it refuses (services/importing).
    # Rows an import file could not read whole, and files it refuses (services/importing).
    "unclosed_quote": QT_TRANSLATE_NOOP("Messages", "A quotation mark (\") opened in this row is never closed: the row was skipped and the rows after it were read on their own. Close or remove the quotation mark in the file and import this row again."),
    "cell_too_long": QT_TRANSLATE_NOOP("Messages", "A cell in this row is longer than {limit} characters: the row was skipped. Shorten the cell, or close a quotation mark left open, and import this row again."),
    "unreadable_row": QT_TRANSLATE_NOOP("Messages", "This row could not be read ({reason}): it was skipped. Correct it in the file and import it again."),
    "cell_beyond_last_column": QT_TRANSLATE_NOOP("Messages", "The cell {cell} lies beyond column XFD, the last column a spreadsheet can have, and was ignored. Open the file in Excel, check this row and save it again."),
    "rows_beyond_last_row": QT_TRANSLATE_NOOP("Messages", "Rows after row {last}, the last row a spreadsheet can have, were not read. Open the file in Excel, save it again and import the new copy."),
    "duplicate_header": QT_TRANSLATE_NOOP("Messages", "Columns {columns} all look like {field}, but only one column can be imported as {field}: column {chosen} is used and the others are ignored. If another one holds the right data, choose it in the column mapping."),
    "not_signed_in": QT_TRANSLATE_NOOP("Messages", "Sign in first: to {action} needs an operator with a role. At the command line, give --operator NAME (the PIN comes from EXPO_CONSOLE_PIN or a prompt)."),
    "role_may_not": QT_TRANSLATE_NOOP("Messages", "{operator} is signed in as {role}, who may not {action}. Ask an organizer, or sign in as an operator who may."),
    "reason_required": QT_TRANSLATE_NOOP("Messages", "Give the reason to {action}: it is kept in the access records."),
    "sign_in_refused": QT_TRANSLATE_NOOP("Messages", "Unknown operator or wrong PIN. Check both; after 5 wrong PINs the operator is locked for 5 minutes."),
    "operator_locked": QT_TRANSLATE_NOOP("Messages", "{operator} is locked after too many wrong PINs, until {until}. Wait, or ask an organizer to set a new PIN."),
    "pin_too_short": QT_TRANSLATE_NOOP("Messages", "A PIN has at least 4 characters (a passphrase may be longer). Choose a longer one."),
    "operator_exists": QT_TRANSLATE_NOOP("Messages", "There is already an operator named {operator}: choose another name."),
    "operator_unknown": QT_TRANSLATE_NOOP("Messages", "There is no operator named {operator}. 'expo-console operators --db FILE' lists them."),
    "role_unknown": QT_TRANSLATE_NOOP("Messages", "Unknown role '{role}': choose organizer, registration, gate or viewer."),
    "supervisor_refused": QT_TRANSLATE_NOOP("Messages", "The supervisor's name or PIN is wrong, or they are not an organizer: nobody was let in, and the refusal is in the access records. Ask an organizer to enter their own name and PIN."),
    "last_organizer": QT_TRANSLATE_NOOP("Messages", "{operator} is the last organizer of this event: make another organizer first."),
    "html_without_table": QT_TRANSLATE_NOOP("Messages", "{file} is a web page (HTML) saved under a spreadsheet name, not an Excel workbook, and it holds no table to import. Open it in Excel or LibreOffice, save it as .xlsx (or as CSV) and import that."),
    "html_without_header": QT_TRANSLATE_NOOP("Messages", "{file} is a web page (HTML table) saved under a spreadsheet name, and no header row with a name column (성명 or Name) was found in it. Open it in Excel or LibreOffice, save it as .xlsx (or as CSV), check the header row and import that."),
    "sheet_too_wide": QT_TRANSLATE_NOOP("Messages", "{file} spreads its cells over so many columns (as far as column {column}) that it is not a plausible visitor list, so it was refused. Open it in Excel, delete the empty columns on the right, save it and import it again."),
    # Lists from registration tools: consents, statuses and times in the rows (importing/row_facts.py).
    "required_consent_refused": QT_TRANSLATE_NOOP("Messages", "The consent to the collection and use of personal data was refused ('{value}'): not registered. The law (PIPA) allows no processing of personal data without this consent."),
    "required_consent_not_given": QT_TRANSLATE_NOOP("Messages", "The consent to the collection and use of personal data was not given (the answer is '{value}'): not registered. The law (PIPA) allows no processing of personal data without this consent."),
    "consent_unclear_warning": QT_TRANSLATE_NOOP("Messages", "The answer '{value}' to {field} says neither yes nor no: taken as not given."),
    "registration_cancelled_not_imported": QT_TRANSLATE_NOOP("Messages", "The list says this registration is cancelled ('{value}'): it was not imported, and no badge will be issued."),
    "registration_rejected_not_imported": QT_TRANSLATE_NOOP("Messages", "The list says this registration was rejected ('{value}'): it was not imported, and no badge will be issued."),
    "registration_superseded": QT_TRANSLATE_NOOP("Messages", "The list says this registration is cancelled or rejected ('{value}'), but row {other_row} is an active registration of the same person: this row was not imported, row {other_row} is used."),
    "registration_cancelled_warning": QT_TRANSLATE_NOOP("Messages", "The list says this registration is cancelled ('{value}'): the visitor is marked cancelled; no badge is issued and gates refuse them."),
    "registration_rejected_warning": QT_TRANSLATE_NOOP("Messages", "The list says this registration was rejected ('{value}'): the visitor is marked rejected; no badge is issued and gates refuse them."),
    "registration_waiting_warning": QT_TRANSLATE_NOOP("Messages", "The list says this registration is waiting for approval ('{value}'): imported without a badge until a list says it is approved."),
    "status_unknown_warning": QT_TRANSLATE_NOOP("Messages", "The status '{value}' is not one the desk knows (approved, waiting, cancelled, rejected): the registration is taken as it was (new: registered)."),
    "time_unknown_warning": QT_TRANSLATE_NOOP("Messages", "The registration time '{value}' could not be read: it was not stored."),
    # Badges refused to a registration that is not admissible (services/badges/codes.py).
    "badge_refused_waiting": QT_TRANSLATE_NOOP("Messages", "{visitor}'s registration is still waiting for approval in the organiser's list: no badge can be issued or printed. Import the list again once it says the registration is approved."),
    "badge_refused_cancelled": QT_TRANSLATE_NOOP("Messages", "{visitor}'s registration was cancelled in the organiser's list: no badge can be issued or printed. If they registered again, import the list that says so."),
    "badge_refused_rejected": QT_TRANSLATE_NOOP("Messages", "{visitor}'s registration was rejected in the organiser's list: no badge can be issued or printed. If it was approved after all, import the list that says so."),
    "badge_visitor_gone": QT_TRANSLATE_NOOP("Messages", "This visitor is no longer in this event (deleted here or at another desk): there is no badge to print. Find them in the list again, or register them anew."),
    # Mappings the operator or a mapping file must settle (importing/plan.py, mappings.py).
    "consent_purpose_unknown": QT_TRANSLATE_NOOP("Messages", "Column {columns} of {file} asks for a consent without saying which (collection and use, provision to third parties, or marketing). Choose its purpose in the column mapping (or in a --map file) or ignore the column; nothing was imported."),
    "header_row_missing": QT_TRANSLATE_NOOP("Messages", "{file} has no row {row} with cells in it to use as the header row."),
    "mapping_file_invalid": QT_TRANSLATE_NOOP("Messages", "The mapping file {file} cannot be used: {problem}."),
    # An interrupted import that cannot simply be run again (services/importing/runs.file_state).
    "scan_id_empty": QT_TRANSLATE_NOOP("Messages", "A scan id cannot be empty: leave it out, or give each scan its own."),
    "scan_id_taken": QT_TRANSLATE_NOOP("Messages", "Scan id {id} names another scan ({at}, station '{station}'): give each scan an id of its own, for example the station's name and a number that never starts again."),
    # Annulling a scan at a station (services/checkin/scanning.annul_scan).
    "annul_no_reason": QT_TRANSLATE_NOOP("Messages", "Give the reason for annulling the scan."),
    "annul_not_found": QT_TRANSLATE_NOOP("Messages", "There is no scan {scan} in this event."),
    "annul_already": QT_TRANSLATE_NOOP("Messages", "That scan was annulled already ({reason})."),
    "annul_other_station": QT_TRANSLATE_NOOP("Messages", "That scan was made at station '{station}': annul it there."),
    "annul_too_old": QT_TRANSLATE_NOOP("Messages", "That scan is older than {minutes} minutes and stays; a supervisor corrects the figures with a head count on the dashboard."),
    "interrupted_import_file_missing": QT_TRANSLATE_NOOP("Messages", "{file} is no longer at {path}, so the interrupted import cannot be run again from there. Find the file and import it with Import… (rows already imported are matched, not duplicated), or dismiss this notice."),
    "interrupted_import_file_changed": QT_TRANSLATE_NOOP("Messages", "{file} ({path}) has changed since its import was interrupted: importing it now imports what it holds today and does not complete that import. Import it with Import… if it is the list you want, or dismiss this notice."),
    # Gate access rules that cannot hold (services/checkin/gate_rules.py).
    "gate_rule_no_gate": QT_TRANSLATE_NOOP("Messages", "There is no gate {gate} in this event."),
    "gate_rule_no_target": QT_TRANSLATE_NOOP("Messages", "There is no gate or gated zone '{target}' in this event."),
    "gate_rule_unknown_field": QT_TRANSLATE_NOOP("Messages", "A gate rule has no '{name}'."),
    "gate_rule_no_classes": QT_TRANSLATE_NOOP("Messages", "A gate that lets no class through is closed: name at least one class."),
    "gate_rule_max_entries": QT_TRANSLATE_NOOP("Messages", "At most N entries a day: N is a whole number of 1 or more."),
    "gate_rule_unknown_admission": QT_TRANSLATE_NOOP("Messages", "Admission '{value}' is unknown: use {choices}."),
    "gate_rule_booking_in_hall": QT_TRANSLATE_NOOP(
        "Messages", "A booking rule holds at the studio's or the photo corner's zone, not at the hall's doors: set it "
                    "for that zone (or one of its gates)."),
    "gate_rule_unknown_booking": QT_TRANSLATE_NOOP("Messages", "Booking '{value}' is unknown: use {choices}, or leave it out."),
    "gate_rule_unknown_class": QT_TRANSLATE_NOOP("Messages", "Unknown class '{value}': use {choices}."),
    "gate_rule_hours_unreadable": QT_TRANSLATE_NOOP("Messages", "'{value}' is not opening hours: write them like 10:00-17:00."),
    "gate_rule_hours_reversed": QT_TRANSLATE_NOOP("Messages", "'{value}': the gate must close after it opens (hours end on the same day)."),
    # A desk reaching the event hub (services/hub/schema.py, desk_link.py).
    "hub_password_refused": QT_TRANSLATE_NOOP("Messages", "The hub at {where} refused the password: check the connection string the organizer gave you (expo-console hub status on the hub's computer shows it)."),
    "hub_no_database": QT_TRANSLATE_NOOP("Messages", "The hub at {where} has no such database or role: check the connection string."),
    "hub_no_answer": QT_TRANSLATE_NOOP("Messages", "The hub at {where} does not answer ({detail}). Is it started, and is this computer on its network? This desk keeps working on its own file."),
    "hub_bad_dsn": QT_TRANSLATE_NOOP("Messages", "'{dsn}…' is not a connection string: write it like postgresql://expo_desk:PASSWORD@192.168.0.10:5433/expo_hub."),
    "hub_not_a_hub": QT_TRANSLATE_NOOP("Messages", "The database at {where} is not an Expo Console hub: the organizer makes one with 'expo-console hub start' (or 'hub init --dsn' on an existing server)."),
    "hub_newer": QT_TRANSLATE_NOOP("Messages", "The hub was made by a newer Expo Console (hub schema {version}; this one knows {known}). Update Expo Console on this desk; it keeps working on its own file."),
    "hub_lost": QT_TRANSLATE_NOOP("Messages", "The connection to the hub broke off ({detail}). This desk keeps working on its own file and syncs again when the hub answers."),
    "hub_no_event": QT_TRANSLATE_NOOP("Messages", "This hub holds no event yet: the organizer publishes one first (expo-console hub publish)."),
    "hub_lease_held": QT_TRANSLATE_NOOP("Messages", "Read-only: the floor plan is being edited on desk {desk} since {since}. Take it over to edit it here."),
    "hub_wrong_passphrase": QT_TRANSLATE_NOOP("Messages", "The passphrase does not open this event's badge key: ask the organizer for it."),
    "hub_passphrase_needed": QT_TRANSLATE_NOOP("Messages", "This hub holds the event's badge key, locked with the event passphrase: give the passphrase the organizer set."),
    # The access records (services/access_records.py) and their daily check (services/access_watch.py).
    "person_too_many": QT_TRANSLATE_NOOP("Messages", "More than {limit} people match '{text}': type more of the name, or the phone number or e-mail."),
    "records_time_reversed": QT_TRANSLATE_NOOP("Messages", "The records are asked for from {since} until {until}, which ends before it starts: choose an end after the start."),
    "watch_reveals": QT_TRANSLATE_NOOP("Messages", "{operator} revealed {count} phone numbers on {day}, between {first} and {last}: more than {limit} a day is unusual."),
    "watch_deletions": QT_TRANSLATE_NOOP("Messages", "{operator} deleted {count} visitors on {day}, between {first} and {last}: more than {limit} a day is unusual."),
    "watch_failed_sign_ins": QT_TRANSLATE_NOOP("Messages", "{count} wrong PINs were typed for {operator} on {day}, between {first} and {last}, at {desks}: more than {limit} a day is unusual."),
    "watch_unknown_names": QT_TRANSLATE_NOOP("Messages", "{count} sign-ins with names that are no operator's were refused at {desks} on {day}, between {first} and {last}: more than {limit} a day is unusual."),
    "watch_locked": QT_TRANSLATE_NOOP("Messages", "{operator} was locked after {count} wrong PINs at {first} on {day}, at {desks}."),
    "watch_night_unmasked": QT_TRANSLATE_NOOP("Messages", "{operator} exported the visitor list with phone numbers in full at {first} on {day}, at night ({night}): {count} visitors, to {file}."),
    "watch_night_list": QT_TRANSLATE_NOOP("Messages", "{operator} exported the visitor list at {first} on {day}, at night ({night}): {count} visitors, to {file}."),
    "watch_night_person": QT_TRANSLATE_NOOP("Messages", "{operator} exported one person's data at {first} on {day}, at night ({night}), to {file}."),
    "watch_night_person_view": QT_TRANSLATE_NOOP("Messages", "{operator} looked at one person's data at {first} on {day}, at night ({night})."),
    "watch_night_records": QT_TRANSLATE_NOOP("Messages", "{operator} exported {count} access records at {first} on {day}, at night ({night}), to {file}."),
    "watch_purge": QT_TRANSLATE_NOOP("Messages", "{operator} purged every visitor's personal data ({count} visitors) at {first} on {day}."),
    # Consultation request lists (services/consultations/request_*.py): each row's problems, and the file's.
    "request_exhibitor_unknown": QT_TRANSLATE_NOOP("Messages", "{column}: no exhibitor of this event is named '{name}'. Closest: {suggestions}. Correct the name in the file and import it again."),
    "request_exhibitor_unknown_none": QT_TRANSLATE_NOOP("Messages", "{column}: no exhibitor of this event is named '{name}'. Check the spelling against the exhibitor list (Korean or English name, or booth number), or add the exhibitor on the floor plan."),
    "request_exhibitor_ambiguous": QT_TRANSLATE_NOOP("Messages", "{column}: '{name}' names several exhibitors ({choices}). Write the full name or the booth number."),
    "request_buyer_unknown": QT_TRANSLATE_NOOP("Messages", "{column}: no buyer of this event is named '{name}'. Closest: {suggestions}. Correct the name in the file, or register the buyer first."),
    "request_buyer_unknown_none": QT_TRANSLATE_NOOP("Messages", "{column}: no buyer of this event is named '{name}'. Register them with a buyer class (domestic or overseas buyer) first, or correct the name in the file."),
    "request_buyer_company_differs": QT_TRANSLATE_NOOP("Messages", "{column}: a buyer named '{name}' is registered, but not at '{company}': {suggestions}. If it is the same person, correct the company in the file; otherwise register this buyer first."),
    "request_buyer_ambiguous": QT_TRANSLATE_NOOP("Messages", "{column}: several buyers are named '{name}' ({suggestions}). Add the company or the e-mail to the row to say which."),
    "request_not_a_buyer": QT_TRANSLATE_NOOP("Messages", "{column}: '{name}' is registered, but not as a buyer (class: {visitor_class}). Give them a buyer class at the registration desk, then import this row again."),
    "request_contact_of_other_buyer": QT_TRANSLATE_NOOP("Messages", "'{contact}' is the e-mail or phone of {other}, but the row names '{name}': the row was skipped. Correct the name or the contact in the file."),
    "request_buyer_missing": QT_TRANSLATE_NOOP("Messages", "This row asks for meetings but names no buyer: fill in the buyer's name (or e-mail)."),
    "request_exhibitor_missing": QT_TRANSLATE_NOOP("Messages", "This row names no exhibitor: fill in the company the meeting is asked with."),
    "request_side_unknown": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' says neither buyer (바이어) nor exhibitor (기업) nor both (상호): the row was skipped. Correct it in the file."),
    "request_rank_unreadable": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' is not a rank: the request is imported ranked after the ranked ones. Write a number (1, 2, 3…)."),
    "request_language_unknown": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' is not a language the console knows: the buyer's language is left as it is. Write a language (중국어, Japanese) or its code (zh, ja)."),
    "request_days_unknown": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' names no day of the event: the buyer's days are left as they are. Write dates of the event (10/5, 2022-10-05) or days (1일차, Day 2)."),
    "request_listed_twice": QT_TRANSLATE_NOOP("Messages", "This request is also in row {other_row}: it is imported once, ranked {rank}."),
    "requests_nothing_found": QT_TRANSLATE_NOOP("Messages", "None of the first {rows} rows names a buyer or an exhibitor of this event, so the {left} rows from here on were not read. Check that this is the event's list and that the columns are mapped right."),
    "requests_no_header": QT_TRANSLATE_NOOP("Messages", "No header row of a request list was found in the first rows of {file}. It needs wish columns (희망기업1…, 희망바이어1…) or a buyer and an exhibitor column (바이어, 기업); choose the header row and map the columns."),
    "requests_no_wish_columns": QT_TRANSLATE_NOOP("Messages", "No column of {file} holds wishes: map the wish columns (희망기업1…5 for buyers' wishes, 희망바이어1…5 for exhibitors'), or a buyer column and an exhibitor column for one request per row."),
    "requests_no_buyer_column": QT_TRANSLATE_NOOP("Messages", "The wishes in {file} need the buyer they belong to: map the column with the buyer's name (바이어명), e-mail or phone."),
    "requests_no_exhibitor_column": QT_TRANSLATE_NOOP("Messages", "The buyers wished for in {file} need the exhibitor who wishes: map the column with the exhibitor's name (기업명)."),
    # Studio and photo booking request lists (services/bookings/request_*.py).
    "booking_request_exhibitor_missing": QT_TRANSLATE_NOOP("Messages", "This row names no exhibitor: fill in the company (기업명) that asks for the slot."),
    "booking_time_unreadable": QT_TRANSLATE_NOOP("Messages", "{column}: '{value}' could not be read as a time on a day of the event. Write it like 10/5 14:00-16:00, 2022-10-05 오후 or 1일차 오전 (several separated by commas), or 무관 for any time."),
    "booking_time_unreadable_skipped": QT_TRANSLATE_NOOP("Messages", "{column}: '{value}' could not be read as a time on a day of the event, so the row was skipped (it would otherwise take any time). Write it like 10/5 14:00-16:00, 2022-10-05 오후 or 1일차 오전, or 무관 for any time."),
    "booking_day_unknown": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' names no day of the event, so the row was skipped. Write dates of the event (10/5, 2022-10-05) or days (1일차, Day 2)."),
    "booking_no_slot_in_times": QT_TRANSLATE_NOOP("Messages", "No slot of the sessions lies in the preferred times ({value}): the request is imported and will wait. Widen the times in the file, or change the sessions' hours."),
    "booking_priority_unreadable": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' is not a priority: the request is imported without one. Write 1 (first), 2, 3… or 상/중/하."),
    "booking_requested_at_unreadable": QT_TRANSLATE_NOOP("Messages", "{column} '{value}' is not a date and time: the request is ordered by its row instead. Write it like 2022-09-20 15:14 or 2022. 9. 20 오후 3:14:07."),
    "booking_request_listed_twice": QT_TRANSLATE_NOOP("Messages", "This request (same exhibitor, products and request time) is also in row {other_row}: this row was skipped. Delete one of the two rows, or tell them apart by their products."),
    "booking_text_shortened": QT_TRANSLATE_NOOP("Messages", "{column} was longer than {length} characters and was shortened: a confirmation holds no more."),
    "booking_requests_no_header": QT_TRANSLATE_NOOP("Messages", "No header row of a booking request list was found in the first rows of {file}. It needs a company column (기업명 or 출품기업), with preferred times (희망일, 희망시간, 희망일시1…) and products (제품) if the list has them; choose the header row and map the columns."),
    "booking_requests_no_exhibitor_column": QT_TRANSLATE_NOOP("Messages", "The requests in {file} need the exhibitor who asks: map the column with the company's name (기업명) or its booth number (부스번호)."),
}

# The access records' actions as people read them (the window's list, the CLI's JSON, the export).
AUDIT_ACTIONS: dict[str, str] = {
    "sign_in": QT_TRANSLATE_NOOP("Messages", "Signed in"),
    "sign_in_failed": QT_TRANSLATE_NOOP("Messages", "Wrong PIN"),
    "operator_locked": QT_TRANSLATE_NOOP("Messages", "Locked after wrong PINs"),
    "operator_created": QT_TRANSLATE_NOOP("Messages", "Operator added"),
    "pin_changed": QT_TRANSLATE_NOOP("Messages", "PIN changed"),
    "operator_role": QT_TRANSLATE_NOOP("Messages", "Role changed"),
    "operator_disabled": QT_TRANSLATE_NOOP("Messages", "Operator disabled"),
    "create": QT_TRANSLATE_NOOP("Messages", "Visitor registered"),
    "update": QT_TRANSLATE_NOOP("Messages", "Visitor edited"),
    "block": QT_TRANSLATE_NOOP("Messages", "Visitor blocked"),
    "unblock": QT_TRANSLATE_NOOP("Messages", "Visitor unblocked"),
    "delete": QT_TRANSLATE_NOOP("Messages", "Visitor deleted"),
    "reveal_phone": QT_TRANSLATE_NOOP("Messages", "Phone number revealed"),
    "export": QT_TRANSLATE_NOOP("Messages", "Exported"),
    "person_data_export": QT_TRANSLATE_NOOP("Messages", "Person's data exported"),
    "person_data_view": QT_TRANSLATE_NOOP("Messages", "Person's data viewed"),
    "access_records_export": QT_TRANSLATE_NOOP("Messages", "Access records exported"),
    "purge": QT_TRANSLATE_NOOP("Messages", "Personal data purged"),
    "issue_badge": QT_TRANSLATE_NOOP("Messages", "Badge issued"),
    "reissue_badge": QT_TRANSLATE_NOOP("Messages", "Badge reissued"),
    "manual_admit": QT_TRANSLATE_NOOP("Messages", "Admitted by hand"),
    "override_admit": QT_TRANSLATE_NOOP("Messages", "Admitted by a supervisor"),
    "override_exit": QT_TRANSLATE_NOOP("Messages", "Let out by a supervisor"),
    "annul_scan": QT_TRANSLATE_NOOP("Messages", "Scan annulled"),
    "head_count": QT_TRANSLATE_NOOP("Messages", "Head count"),
    "import": QT_TRANSLATE_NOOP("Messages", "List imported"),
    "import_update": QT_TRANSLATE_NOOP("Messages", "Visitor updated by an import"),
    "import_started": QT_TRANSLATE_NOOP("Messages", "Import started"),
    "import_finished": QT_TRANSLATE_NOOP("Messages", "Import finished"),
    "import_cancelled": QT_TRANSLATE_NOOP("Messages", "Import cancelled"),
    "import_failed": QT_TRANSLATE_NOOP("Messages", "Import failed"),
    "import_superseded": QT_TRANSLATE_NOOP("Messages", "Interrupted import completed"),
    "import_dismissed": QT_TRANSLATE_NOOP("Messages", "Interrupted import dismissed"),
    "event_setting": QT_TRANSLATE_NOOP("Messages", "Event setting changed"),
    "layout_imported": QT_TRANSLATE_NOOP("Messages", "Floor plan imported"),
    "hall_changed": QT_TRANSLATE_NOOP("Messages", "Hall changed"),
    "lease_taken_over": QT_TRANSLATE_NOOP("Messages", "Floor plan taken over"),
    "sync_conflict": QT_TRANSLATE_NOOP("Messages", "Sync conflict"),
    "sync_orphan_dropped": QT_TRANSLATE_NOOP("Messages", "Row dropped by the sync"),
    "consultation_requests_imported": QT_TRANSLATE_NOOP("Messages", "Consultation requests imported"),
    "booking_requests_imported": QT_TRANSLATE_NOOP("Messages", "Studio or photo requests imported"),
    "booking_request_removed": QT_TRANSLATE_NOOP("Messages", "Studio or photo request withdrawn"),
    "booking_resources": QT_TRANSLATE_NOOP("Messages", "Studio sets or photo corners placed"),
    "bookings_solved": QT_TRANSLATE_NOOP("Messages", "Studio or photo slots allocated"),
    "booking_added": QT_TRANSLATE_NOOP("Messages", "Booking added"),
    "booking_moved": QT_TRANSLATE_NOOP("Messages", "Booking moved"),
    "booking_locked": QT_TRANSLATE_NOOP("Messages", "Booking locked"),
    "booking_unlocked": QT_TRANSLATE_NOOP("Messages", "Booking unlocked"),
    "booking_removed": QT_TRANSLATE_NOOP("Messages", "Booking removed"),
    "booking_status": QT_TRANSLATE_NOOP("Messages", "Booking marked held, no-show or cancelled"),
    "booking_results": QT_TRANSLATE_NOOP("Messages", "Broadcast or shoot results entered"),
    "consultation_tables": QT_TRANSLATE_NOOP("Messages", "Consultation tables placed"),
    "consultations_solved": QT_TRANSLATE_NOOP("Messages", "Consultation schedule solved"),
    "meeting_added": QT_TRANSLATE_NOOP("Messages", "Meeting added"),
    "meeting_moved": QT_TRANSLATE_NOOP("Messages", "Meeting moved"),
    "meeting_locked": QT_TRANSLATE_NOOP("Messages", "Meeting locked"),
    "meeting_unlocked": QT_TRANSLATE_NOOP("Messages", "Meeting unlocked"),
    "meeting_removed": QT_TRANSLATE_NOOP("Messages", "Meeting removed"),
    "meeting_arrived": QT_TRANSLATE_NOOP("Messages", "Buyer arrived for a meeting"),
    "meeting_arrival_undone": QT_TRANSLATE_NOOP("Messages", "Meeting arrival undone"),
    "meeting_outcome": QT_TRANSLATE_NOOP("Messages", "Meeting outcome recorded"),
}
# "export" names the list it wrote by the entry's entity.
EXPORT_ACTIONS: dict[str, str] = {
    "visitor": QT_TRANSLATE_NOOP("Messages", "Visitor list exported"),
    "traffic": QT_TRANSLATE_NOOP("Messages", "Traffic figures exported"),
    "meeting_schedule": QT_TRANSLATE_NOOP("Messages", "Consultation schedule printed or exported"),
    "studio_bookings": QT_TRANSLATE_NOOP("Messages", "Studio bookings printed or exported"),
    "photo_bookings": QT_TRANSLATE_NOOP("Messages", "Photo shoots printed or exported"),
}
NOT_SIGNED_IN = QT_TRANSLATE_NOOP("Messages", "not signed in")


def action_label(action: str, entity: str = "") -> str:
    """An access record's action in English (the window translates it in the "Messages" context)."""
    if action == "export" and entity in EXPORT_ACTIONS:
        return EXPORT_ACTIONS[entity]
    return AUDIT_ACTIONS.get(action, action)


def role_label(role: str) -> str:
    return FIELD_LABELS.get(role, role) if role else NOT_SIGNED_IN

# The visitor classes as the window names them (the GUI translates them in the "Labels" context).
CLASS_LABELS: dict[str, str] = {
    "visitor": QT_TRANSLATE_NOOP("Labels", "Visitor"),
    "domestic_buyer": QT_TRANSLATE_NOOP("Labels", "Buyer"),
    "overseas_buyer": QT_TRANSLATE_NOOP("Labels", "Overseas buyer"),
    "exhibitor_staff": QT_TRANSLATE_NOOP("Labels", "Exhibitor staff"),
    "press": QT_TRANSLATE_NOOP("Labels", "Press"),
    "vip": QT_TRANSLATE_NOOP("Labels", "VIP"),
    "staff": QT_TRANSLATE_NOOP("Labels", "Staff"),
    "organizer": QT_TRANSLATE_NOOP("Labels", "Organizer"),
}

FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("Messages", "Name"),
    "name_en": QT_TRANSLATE_NOOP("Messages", "English name"),
    "company": QT_TRANSLATE_NOOP("Messages", "Company"),
    "title": QT_TRANSLATE_NOOP("Messages", "Title"),
    "visitor_class": QT_TRANSLATE_NOOP("Messages", "Class"),
    "phone": QT_TRANSLATE_NOOP("Messages", "Phone"),
    "email": QT_TRANSLATE_NOOP("Messages", "E-mail"),
    "country": QT_TRANSLATE_NOOP("Messages", "Country"),
    "notes": QT_TRANSLATE_NOOP("Messages", "Notes"),
    "consents": QT_TRANSLATE_NOOP("Messages", "Consents"),
    "consent_provision": QT_TRANSLATE_NOOP("Messages", "Consent to share with exhibitors"),
    "consent_marketing": QT_TRANSLATE_NOOP("Messages", "Consent to marketing"),
    "consent_required": QT_TRANSLATE_NOOP("Messages", "Consent to collection and use"),
    "consent_unknown": QT_TRANSLATE_NOOP("Messages", "Consent: which purpose?"),
    "registered_at": QT_TRANSLATE_NOOP("Messages", "Registration time"),
    "registration_status": QT_TRANSLATE_NOOP("Messages", "Registration status"),
    # roles and the actions they allow (domain/access.py), as the access messages name them
    "organizer": QT_TRANSLATE_NOOP("Messages", "organizer"),
    "registration": QT_TRANSLATE_NOOP("Messages", "registration"),
    "gate": QT_TRANSLATE_NOOP("Messages", "gate"),
    "viewer": QT_TRANSLATE_NOOP("Messages", "viewer"),
    "view_visitors": QT_TRANSLATE_NOOP("Messages", "see the visitors"),
    "register": QT_TRANSLATE_NOOP("Messages", "register visitors"),
    "edit_visitor": QT_TRANSLATE_NOOP("Messages", "edit a visitor"),
    "print_badges": QT_TRANSLATE_NOOP("Messages", "print badges"),
    "reveal_phone": QT_TRANSLATE_NOOP("Messages", "reveal a phone number"),
    "export_list": QT_TRANSLATE_NOOP("Messages", "export the visitor list"),
    "export_unmasked": QT_TRANSLATE_NOOP("Messages", "export the list with phone numbers in full"),
    "block_visitor": QT_TRANSLATE_NOOP("Messages", "block or unblock a visitor"),
    "delete_visitor": QT_TRANSLATE_NOOP("Messages", "delete a visitor"),
    "scan": QT_TRANSLATE_NOOP("Messages", "check badges in"),
    "override": QT_TRANSLATE_NOOP("Messages", "override a gate's verdict"),
    "head_count": QT_TRANSLATE_NOOP("Messages", "record a head count"),
    "view_traffic": QT_TRANSLATE_NOOP("Messages", "see the dashboard and reports"),
    "change_settings": QT_TRANSLATE_NOOP("Messages", "change the event's settings"),
    "manage_operators": QT_TRANSLATE_NOOP("Messages", "manage operators"),
    "view_audit": QT_TRANSLATE_NOOP("Messages", "see the access records"),
    "person_data": QT_TRANSLATE_NOOP("Messages", "export a person's data"),
    "purge": QT_TRANSLATE_NOOP("Messages", "purge personal data"),
    "hub": QT_TRANSLATE_NOOP("Messages", "manage the event's hub"),
    "plan_meetings": QT_TRANSLATE_NOOP("Messages", "plan the consultation schedule"),
    "record_outcomes": QT_TRANSLATE_NOOP("Messages", "record consultation outcomes"),
}


def render(code: str, params: Iterable[tuple[str, str]] = (),
           translate: Callable[[str], str] = lambda text: text) -> str:
    """The message for a code, its parameters filled in; `translate` maps English to the UI language."""
    values = dict(params)
    for name in ("field", "key", "role", "action"):  # parameters that name a field (a role …) are shown by its label
        if name in values:
            values[name] = translate(FIELD_LABELS.get(values[name], values[name]))
    template = translate(MESSAGES.get(code, code))
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


class CodedRefusal(ValueError):
    """A refusal named by a message code: its text is the English message (the CLI's), and the
    window shows MESSAGES[code] translated (gui/labels.error_text reads `code` and `params`)."""

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.params = tuple(params.items())
        super().__init__(render(code, self.params))
