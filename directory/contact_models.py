"""Contact requests between employers and peer workers."""

__all__ = []
