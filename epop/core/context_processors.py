from .display import read_preferences


def display_preferences(request):
    """Expose the visitor's display preferences so <html> carries them server-side (no flash)."""
    return {"display": read_preferences(request)}
