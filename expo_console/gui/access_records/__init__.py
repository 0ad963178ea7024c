"""File ▸ Access records…: the access records and their daily check, for an organizer (issue 21)."""
