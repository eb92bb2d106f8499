"""Parallax: many outlets, one story, every side."""

__version__ = "0.1.0"
