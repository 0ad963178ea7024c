"""Buyer consultations: the schedule's solver (CP-SAT) and its greedy baseline."""
