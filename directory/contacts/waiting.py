"""What is waiting for a participant: unread conversations and requests still to answer.

One aggregate query gives the header's count; the dashboard's list is a second query, run only
where a template reads it. Coordinators never take part in threads, so nothing is read for them.
"""

from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q

from .models import ContactMessage, ContactRequest

DASHBOARD_LIMIT = 5


def needs_attention_q(user) -> Q:
    """Threads where something waits for `user`: a message from the other side (or the platform)
    after their last visit, or, for the peer worker, a request not answered yet."""
    others = ContactMessage.objects.filter(request=OuterRef("pk")).exclude(author=user)
    as_employer = Q(employer=user) & (
        (Q(employer_seen_at__isnull=True) & Exists(others))
        | Exists(others.filter(created_at__gt=OuterRef("employer_seen_at")))
    )
    as_peer = Q(profile__user=user) & (
        Q(status__in=ContactRequest.WAITING)
        | (Q(peer_seen_at__isnull=True) & Exists(others))
        | Exists(others.filter(created_at__gt=OuterRef("peer_seen_at")))
    )
    return as_employer | as_peer


class Waiting:
    """Lazy: a template that never reads it costs no query."""

    def __init__(self, user):
        self.user = user

    @property
    def applies(self) -> bool:
        user = self.user
        return bool(getattr(user, "is_authenticated", False)) and (
            user.kind != user.Kind.COORDINATOR
        )

    def _attention(self):
        return ContactRequest.objects.for_participant(self.user).filter(
            needs_attention_q(self.user)
        )

    @cached_property
    def counts(self) -> dict:
        if not self.applies:
            return {"total": 0, "to_answer": 0}
        return self._attention().aggregate(
            total=Count("pk"),
            to_answer=Count(
                "pk", filter=Q(profile__user=self.user, status__in=ContactRequest.WAITING)
            ),
        )

    @property
    def total(self) -> int:
        return self.counts["total"]

    @property
    def to_answer(self) -> int:
        return self.counts["to_answer"]

    @cached_property
    def threads(self) -> list[ContactRequest]:
        """The most recent threads that wait for this user, for the dashboard."""
        if not self.applies:
            return []
        return list(
            self._attention()
            .select_related("profile__published")
            .order_by("-last_message_at", "-pk")[:DASHBOARD_LIMIT]
        )
