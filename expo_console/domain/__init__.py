"""Pure domain code: no Qt, no SQL, no I/O. Functions here return codes, never UI text."""
