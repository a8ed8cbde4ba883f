import threading
from decimal import Decimal

import pikepdf
import pytest
from django.db import connection

from tests.factories import EmployerFactory, PeerWorkerFactory
from toolbox import quote_documents, quote_services
from toolbox.quote_models import Invoice, Quote

from .pdf_text import page_text

BASE = "/boite-a-outils/devis/"


def _post_data(**overrides):
    data = {
        "subject": "Conférence du 12 mars",
        "legal_status": "micro",
        "structure_name": "",
        "issuer_name": "Alex Martin",
        "issuer_address": "1 rue de la Paix\n80000 Amiens",
        "siret": "12345678901234",
        "client_name": "Foyer Les Tilleuls",
        "client_address": "2 avenue du Parc, 80000 Amiens",
        "client_is_business": "on",
        "travel_costs": "48.40",
        "vat_rate": "0",
        "validity_days": "30",
        "payment_days": "30",
        "notes": "",
        "lignes-TOTAL_FORMS": "3",
        "lignes-INITIAL_FORMS": "0",
        "lignes-0-description": "Préparation",
        "lignes-0-unit": "heure",
        "lignes-0-quantity": "4",
        "lignes-0-unit_price": "66.00",
        "lignes-1-description": "Conférence",
        "lignes-1-unit": "jour",
        "lignes-1-quantity": "1",
        "lignes-1-unit_price": "550",
        "lignes-2-unit": "jour",
    }
    data.update(overrides)
    return data


def _quote(owner, **kwargs):
    data = {k: v for k, v in _post_data().items() if not k.startswith("lignes")}
    data.update(client_is_business=True, travel_costs=Decimal("48.40"), vat_rate=Decimal(0))
    data.update(kwargs)
    lines = [
        {"description": "Demi-journée", "unit": "jour", "quantity": Decimal("0.5"),
         "unit_price": Decimal("333.33")},
        {"description": "Heures", "unit": "heure", "quantity": Decimal("3"),
         "unit_price": Decimal("43.50")},
    ]  # fmt: skip
    return quote_services.create_quote(owner, data, lines)


def test_peer_worker_creates_a_quote_with_exact_totals(client):
    owner = PeerWorkerFactory()
    client.force_login(owner)
    response = client.post(BASE + "nouveau/", _post_data())
    quote = Quote.objects.get(owner=owner)
    assert response.status_code == 302
    assert quote.totals()["gross"] == Decimal("862.40")
    assert quote.lines.count() == 2


def test_rounding_per_line_to_the_cent():
    quote = _quote(PeerWorkerFactory())
    totals = quote.totals()
    # 0.5 × 333.33 = 166.665 → 166.67 (half up); 3 × 43.50 = 130.50; + 48.40
    assert totals["lines"] == Decimal("297.17")
    assert totals["gross"] == Decimal("345.57")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"travel_costs": "-5"}, "négatifs"),
        ({"lignes-0-unit_price": "-1"}, "négatif"),
        ({"lignes-0-unit_price": "200000"}, "trop élevé"),
        ({"lignes-0-quantity": "0"}, "quantité"),
        ({"siret": ""}, "SIRET"),
        ({"subject": "a\x01b"}, "invisibles"),
        ({"lignes-TOTAL_FORMS": "500"}, "50 interventions au plus"),
    ],
)
def test_bad_input_gets_a_french_message_and_changes_nothing(client, overrides, message):
    client.force_login(PeerWorkerFactory())
    response = client.post(BASE + "nouveau/", _post_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Quote.objects.exists()


def test_output_is_escaped(client):
    owner = PeerWorkerFactory()
    client.force_login(owner)
    client.post(BASE + "nouveau/", _post_data(subject="<script>alert(1)</script>"))
    quote = Quote.objects.get(owner=owner)
    html = client.get(f"{BASE}{quote.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<script>alert" not in quote_documents.document_html(quote)


def test_quotes_are_private_and_for_peer_workers_only(client):
    quote = _quote(PeerWorkerFactory())
    client.force_login(PeerWorkerFactory())
    assert client.get(f"{BASE}{quote.pk}/").status_code == 404
    assert client.get(f"{BASE}{quote.pk}/pdf/").status_code == 404
    client.force_login(EmployerFactory())
    assert client.get(BASE).status_code == 403


def test_micro_mentions_and_invoice_mentions():
    quote = _quote(PeerWorkerFactory())
    mentions = quote_documents.quote_mentions(quote)
    assert "TVA non applicable, art. 293 B du CGI." in mentions
    assert quote_documents.issuer_line(quote) == "Alex Martin EI"
    quote_services.accept_quote(quote)
    invoice = quote_services.invoice_quote(quote)
    text = " ".join(quote_documents.invoice_mentions(invoice))
    assert "40 €" in text and "pénalités" in text and "échéance" in text


def test_structure_invoices_for_esat_and_portage():
    quote = _quote(PeerWorkerFactory(), legal_status="esat", structure_name="ESAT du Val", siret="")
    assert any("ESAT du Val" in m for m in quote_documents.quote_mentions(quote))
    quote_services.accept_quote(quote)
    with pytest.raises(quote_services.QuoteError, match="structure"):
        quote_services.invoice_quote(quote)


def test_invoice_numbers_are_continuous_per_peer_worker_and_one_click(client):
    owner, other = PeerWorkerFactory(), PeerWorkerFactory()
    numbers = []
    for _ in range(3):
        quote = _quote(owner)
        quote_services.accept_quote(quote)
        numbers.append(quote_services.invoice_quote(quote).number)
    other_quote = _quote(other)
    quote_services.accept_quote(other_quote)
    assert quote_services.invoice_quote(other_quote).number == 1
    assert numbers == [1, 2, 3]
    with pytest.raises(quote_services.QuoteError):
        quote_services.invoice_quote(quote)
    # one click on the page
    client.force_login(owner)
    fourth = _quote(owner)
    client.post(f"{BASE}{fourth.pk}/accepter/")
    client.post(f"{BASE}{fourth.pk}/facturer/")
    assert Invoice.objects.get(quote=fourth).number == 4


def test_duplicate_makes_a_new_draft():
    quote = _quote(PeerWorkerFactory())
    quote_services.accept_quote(quote)
    copy = quote_services.duplicate_quote(quote)
    assert copy.pk != quote.pk and copy.status == "brouillon" and copy.number == quote.number + 1
    assert copy.totals() == quote.totals()


@pytest.mark.django_db(transaction=True)
def test_concurrent_invoices_never_share_a_number():
    owner = PeerWorkerFactory()
    quotes = []
    for _ in range(6):
        quote = _quote(owner)
        quote_services.accept_quote(quote)
        quotes.append(quote)
    barrier = threading.Barrier(len(quotes))
    errors = []

    def invoice(quote):
        try:
            barrier.wait()
            quote_services.invoice_quote(quote)
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=invoice, args=(q,)) for q in quotes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Invoice.objects.filter(owner=owner).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_quote_pdf_is_tagged_titled_in_french_with_embedded_fonts(client, tmp_path):
    owner = PeerWorkerFactory()
    quote = _quote(owner)
    client.force_login(owner)
    response = client.get(f"{BASE}{quote.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "devis.pdf"
    path.write_bytes(response.content)
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang).lower().startswith("fr")
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title).startswith(f"Devis {quote.display_number}")
        assert root.MarkInfo.Marked is True
        fonts = []
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).FontDescriptor
                fonts.append(
                    any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                )
        assert fonts and all(fonts)
        # The totals printed in the PDF match the lines to the cent.
        text = page_text(pdf).replace("\u202f", " ").replace("\xa0", " ")
    for amount in ("166,67 €", "130,50 €", "48,40 €", "345,57 €"):
        assert amount in text, text
    assert "TVA non applicable, art. 293 B du CGI" in " ".join(text.split())


def test_invoice_pdf_carries_the_invoice_number_and_mentions(client, tmp_path):
    owner = PeerWorkerFactory()
    quote = _quote(owner)
    quote_services.accept_quote(quote)
    quote_services.invoice_quote(quote)
    client.force_login(owner)
    path = tmp_path / "facture.pdf"
    path.write_bytes(client.get(f"{BASE}{quote.pk}/facture.pdf").content)
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo.Title).startswith("Facture F-0001")
        text = " ".join(page_text(pdf).split())
    assert "Indemnité forfaitaire pour frais de recouvrement" in text
    assert "345,57" in text


def test_quote_list_query_count(client, django_assert_max_num_queries):
    owner = PeerWorkerFactory()
    for _ in range(5):
        quote_services.accept_quote(_quote(owner))
    client.force_login(owner)
    with django_assert_max_num_queries(8):
        response = client.get(BASE)
    assert response.content.decode().count("345,57") == 5
