"""상담 / Consultations: the workspace and its dialogs."""
