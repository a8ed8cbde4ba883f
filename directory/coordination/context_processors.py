"""`coordination_queue` in every template: how many profiles wait for this coordinator."""

from functools import cached_property

from .queues import queue_for


class QueueSize:
    """Lazy: one COUNT query, only for a coordinator and only where a template reads it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def total(self) -> int:
        user = self.user
        if not getattr(user, "is_authenticated", False) or user.kind != user.Kind.COORDINATOR:
            return 0
        return queue_for(user).count()


def coordination_queue(request):
    return {"coordination_queue": QueueSize(getattr(request, "user", None))}
