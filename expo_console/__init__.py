"""Expo Console: the desktop console that runs a trade expo on site."""

__version__ = "0.1.0"
