"""상담 / Consultations: the buyer consultation zone's workspace (setup, schedule, lists, the live board,
results) and its dialogs."""
