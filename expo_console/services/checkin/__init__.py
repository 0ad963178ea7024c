"""Check-in at the gates: the scan verdict, what it says to staff, and reading QR codes from a camera."""
