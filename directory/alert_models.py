"""Saved searches (alerts) and their matches: see the module docstring below once written."""

__all__ = []
