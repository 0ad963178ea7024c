"""Use cases that the GUI and the CLI both call. No Qt here."""
