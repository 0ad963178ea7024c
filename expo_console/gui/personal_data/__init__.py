"""The visitors' personal data in the window (issue 21): a person's data on their request, the
retention period, the purge after the event and its certificate, and the start-up reminder."""
