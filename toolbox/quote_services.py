"""Writes on quotes and invoices, one transaction each.

Numbers come from a per-person counter row locked with SELECT … FOR UPDATE: two requests of the
same peer worker wait for each other, so invoice numbers are continuous and never reused; the
unique constraint on (owner, number) would refuse a duplicate even if this code were bypassed.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .quote_models import (
    CounterKind,
    Invoice,
    NumberCounter,
    Quote,
    QuoteLine,
    QuoteStatus,
)


class QuoteError(Exception):
    """A rule refused the change; the message is French and shown as is."""


def next_number(owner, kind: str) -> int:
    """Take the next number of ``kind`` for ``owner``; must run inside a transaction."""
    NumberCounter.objects.get_or_create(owner=owner, kind=kind)
    counter = NumberCounter.objects.select_for_update().get(owner=owner, kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _replace_lines(quote: Quote, lines: list[dict]) -> None:
    quote.lines.all().delete()
    QuoteLine.objects.bulk_create(
        QuoteLine(quote=quote, position=position, **line) for position, line in enumerate(lines)
    )


@transaction.atomic
def create_quote(owner, data: dict, lines: list[dict]) -> Quote:
    quote = Quote(owner=owner, issued_on=timezone.localdate(), **data)
    quote.number = next_number(owner, CounterKind.QUOTE)
    quote.save()
    _replace_lines(quote, lines)
    return quote


@transaction.atomic
def update_quote(quote: Quote, data: dict, lines: list[dict]) -> Quote:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if not quote.editable:
        raise QuoteError("Ce devis a été accepté : il ne peut plus être modifié. Dupliquez-le.")
    for field, value in data.items():
        setattr(quote, field, value)
    quote.save()
    _replace_lines(quote, lines)
    return quote


@transaction.atomic
def duplicate_quote(quote: Quote) -> Quote:
    copy = Quote.objects.get(pk=quote.pk)
    lines = list(copy.lines.values("description", "unit", "quantity", "unit_price"))
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.status = QuoteStatus.DRAFT
    copy.issued_on = timezone.localdate()
    copy.number = next_number(quote.owner, CounterKind.QUOTE)
    copy.save()
    _replace_lines(copy, lines)
    return copy


@transaction.atomic
def accept_quote(quote: Quote) -> Quote:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if quote.status != QuoteStatus.DRAFT:
        raise QuoteError("Ce devis est déjà accepté.")
    if not quote.lines.exists():
        raise QuoteError("Ajoutez au moins une intervention avant d'accepter le devis.")
    quote.status = QuoteStatus.ACCEPTED
    quote.save(update_fields=["status", "updated_at"])
    return quote


@transaction.atomic
def invoice_quote(quote: Quote) -> Invoice:
    """Turn an accepted quote into an invoice with the next invoice number (one click)."""
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if quote.status == QuoteStatus.INVOICED:
        raise QuoteError("Ce devis a déjà sa facture.")
    if quote.status != QuoteStatus.ACCEPTED:
        raise QuoteError("Seul un devis accepté par le client peut devenir une facture.")
    if not quote.can_self_invoice:
        raise QuoteError(
            "Avec ce statut, c'est la structure (société de portage, ESAT ou employeur) qui "
            "établit la facture, pas vous."
        )
    today = timezone.localdate()
    invoice = Invoice.objects.create(
        quote=quote,
        owner=quote.owner,
        number=next_number(quote.owner, CounterKind.INVOICE),
        issued_on=today,
        due_on=today + timedelta(days=quote.payment_days),
    )
    quote.status = QuoteStatus.INVOICED
    quote.save(update_fields=["status", "updated_at"])
    return invoice


@transaction.atomic
def delete_draft(quote: Quote) -> None:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if not quote.editable:
        raise QuoteError("Seul un brouillon peut être supprimé.")
    quote.delete()
