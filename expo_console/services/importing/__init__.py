"""Importing pre-registered visitors from CSV and Excel files."""
