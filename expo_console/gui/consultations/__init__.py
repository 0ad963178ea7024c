"""상담 / Consultations: the buyer consultation zone's setup, schedule and lists."""
