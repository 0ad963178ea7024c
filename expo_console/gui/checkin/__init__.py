"""The check-in station: a gate's scan field, verdict panel and counters."""
