"""Badge codes: issuing and verifying them, and the per-event keys that sign them (kept out of the file).

Rendering and printing badges is badge_print/."""
