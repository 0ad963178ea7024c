"""The floor plan: editing it in the event file, its JSON file, and the A3 plan and directory PDFs."""
