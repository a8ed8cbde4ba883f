"""Legal mentions by status (legal-facts.md §2) and the quote or invoice as a tagged PDF."""

from django.template.loader import render_to_string
from django.utils.formats import date_format

from epop.core.pdf import html_to_pdf

from .quote_models import Invoice, LegalStatus, Quote

RECOVERY_INDEMNITY = "40 €"


def issuer_line(quote: Quote) -> str:
    """Micro-entrepreneurs write « EI » next to their name."""
    if quote.legal_status == LegalStatus.MICRO:
        return f"{quote.issuer_name} EI"
    return quote.issuer_name


def status_mentions(quote: Quote) -> list[str]:
    structure = quote.structure_name
    mentions = {
        LegalStatus.MICRO: ["Entrepreneur individuel (EI), micro-entreprise."],
        LegalStatus.ASSOCIATION: [
            f"{structure}, association régie par la loi du 1er juillet 1901."
        ],
        LegalStatus.PORTAGE: [
            f"Prestation réalisée en portage salarial ou en coopérative d'activité et d'emploi : "
            f"la facture sera établie par {structure}."
        ],
        LegalStatus.ESAT: [
            f"Intervention réalisée dans le cadre d'une mise à disposition par l'ESAT {structure}"
            " : la convention de mise à disposition et la facture sont établies par l'ESAT."
        ],
        LegalStatus.SALARIED: [
            f"Intervention réalisée en tant que salarié·e de {structure}, qui établit la facture."
        ],
    }[quote.legal_status]
    if quote.siret:
        mentions.append(f"SIRET : {quote.siret}.")
    if not quote.vat_rate:
        if quote.legal_status == LegalStatus.MICRO:
            mentions.append("TVA non applicable, art. 293 B du CGI.")
        else:
            mentions.append("TVA non applicable.")
    return mentions


def quote_mentions(quote: Quote) -> list[str]:
    issued = date_format(quote.issued_on, "j F Y")
    return [
        *status_mentions(quote),
        f"Devis valable {quote.validity_days} jours à compter du {issued}.",
        "Bon pour accord : date, nom et signature du client.",
    ]


def invoice_mentions(invoice: Invoice) -> list[str]:
    quote = invoice.quote
    mentions = [
        *status_mentions(quote),
        f"Date d'échéance : {date_format(invoice.due_on, 'j F Y')} "
        f"(paiement à {quote.payment_days} jours).",
        "Pas d'escompte en cas de paiement anticipé.",
        "En cas de retard de paiement, des pénalités sont dues au taux de trois fois le taux "
        "d'intérêt légal.",
    ]
    if quote.client_is_business:
        mentions.append(
            f"Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : "
            f"{RECOVERY_INDEMNITY} (articles L441-10 et D441-5 du Code de commerce)."
        )
    return mentions


def document_html(quote: Quote, invoice: Invoice | None = None) -> str:
    lines = list(quote.lines.all())
    if invoice is not None:
        title = f"Facture {invoice.display_number}"
        mentions = invoice_mentions(invoice)
    else:
        title = f"Devis {quote.display_number}"
        mentions = quote_mentions(quote)
    return render_to_string(
        "toolbox/quotes/document.html",
        {
            "quote": quote,
            "invoice": invoice,
            "title": f"{title} – {quote.subject}",
            "heading": title,
            "issuer": issuer_line(quote),
            "lines": lines,
            "totals": quote.totals(lines),
            "mentions": mentions,
        },
    )


def render_pdf(quote: Quote, invoice: Invoice | None = None) -> bytes:
    return html_to_pdf(document_html(quote, invoice))
