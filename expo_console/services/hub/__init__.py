"""The PostgreSQL event hub that desks of one event share (issue 15): the server an organizer
starts on the operations laptop. Only this package knows PostgreSQL."""
