"""`waiting_contacts` in every template: the header's count and the dashboard's list, lazily."""

from .waiting import Waiting


def waiting_contacts(request):
    return {"waiting_contacts": Waiting(getattr(request, "user", None))}
