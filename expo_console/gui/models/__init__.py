"""Qt item models over service data: widgets never hold data (ARCHITECTURE.md, 1)."""
