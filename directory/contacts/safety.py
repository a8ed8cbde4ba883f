"""Safety: a participant reports a message, a peer worker blocks or unblocks an employer.
One transaction each."""

import logging

from django.db import transaction

from epop.accounts.permissions import coordinated_regions_q, coordinators_for_region

from .mail import absolute_url, send_mail
from .models import (
    ContactBlock,
    ContactMessage,
    ContactReport,
)
from .services import participant_request

Kind = ContactMessage.Kind

logger = logging.getLogger(__name__)


# --- Safety: reports and blocks -------------------------------------------------------------------


def report_message(user, request_id, message_id, reason: str, details: str = "") -> ContactReport:
    """Report a message to the coordinators of the peer worker's region (a copy of the text goes
    with the report; the thread stays private). Reporting the same message twice keeps one."""
    with transaction.atomic():
        contact = participant_request(user, request_id)
        message = contact.messages.exclude(author=user).exclude(kind=Kind.SYSTEM).get(pk=message_id)
        report, created = ContactReport.objects.get_or_create(
            message=message,
            reporter=user,
            defaults={
                "request": contact,
                "region": contact.region,
                "reason": reason,
                "details": details,
                "message_text": message.body,
            },
        )
        if created:
            context = {"report": report, "reports_url": absolute_url("directory:contact_reports")}
            for coordinator in coordinators_for_region(contact.region).only("pk", "email"):
                send_mail(
                    coordinator,
                    "Un message a été signalé dans une mise en relation",
                    "contact_report",
                    context,
                    dedup_key=f"contact.signalement:{report.pk}:{coordinator.pk}",
                )
    return report


def reports_for(user):
    """Reports a coordinator may read: those of the regions they coordinate."""
    return (
        ContactReport.objects.filter(coordinated_regions_q(user, "region"))
        .select_related("region", "request__profile")
        .order_by("-created_at", "-pk")
    )


def block_employer(user, request_id) -> ContactBlock:
    """The peer worker stops new requests and messages from this thread's employer."""
    with transaction.atomic():
        contact = participant_request(user, request_id, role="peer")
        block, _ = ContactBlock.objects.get_or_create(
            peer_worker=user, employer_id=contact.employer_id
        )
    return block


def unblock_employer(user, request_id) -> None:
    with transaction.atomic():
        contact = participant_request(user, request_id, role="peer")
        ContactBlock.objects.filter(peer_worker=user, employer_id=contact.employer_id).delete()
