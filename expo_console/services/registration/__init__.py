"""Visitors at the desk: registering and editing them, searching the list, exporting it."""
