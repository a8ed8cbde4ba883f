"""Quotes (devis) and invoices (factures) of peer workers.

Invoice numbers are continuous and never reused per peer worker: a counter row per person and
document kind, locked with SELECT … FOR UPDATE when a number is taken (``quote_services``), and
a unique constraint on (owner, number) as the database's last word.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class LegalStatus(models.TextChoices):
    MICRO = "micro", "Micro-entreprise (entreprise individuelle)"
    PORTAGE = "portage", "Portage salarial ou coopérative (CAE)"
    ASSOCIATION = "association", "Association"
    ESAT = "esat", "Mise à disposition par un ESAT"
    SALARIED = "salarie", "Salarié·e d'un employeur qui facture la prestation"


# Statuses where the peer worker issues the invoice; otherwise the structure invoices.
SELF_INVOICING = {LegalStatus.MICRO, LegalStatus.ASSOCIATION}


class QuoteStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    ACCEPTED = "accepte", "Accepté par le client"
    INVOICED = "facture", "Facturé"


class Unit(models.TextChoices):
    DAY = "jour", "jour"
    HOUR = "heure", "heure"
    FLAT = "forfait", "forfait"


class CounterKind(models.TextChoices):
    QUOTE = "devis", "Devis"
    INVOICE = "facture", "Facture"


class NumberCounter(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=CounterKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "compteur de numéros"
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="toolbox_one_counter_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} {self.last}"


class QuoteQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(owner=user)


class Quote(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quotes"
    )
    number = models.PositiveIntegerField("numéro")
    status = models.CharField(
        "état", max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    issued_on = models.DateField("date du devis")
    subject = models.CharField("objet", max_length=150)
    legal_status = models.CharField("votre statut", max_length=20, choices=LegalStatus.choices)
    issuer_name = models.CharField("votre nom", max_length=120)
    issuer_address = models.TextField("votre adresse", max_length=300)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    structure_name = models.CharField("structure", max_length=150, blank=True)
    client_name = models.CharField("client", max_length=150)
    client_address = models.TextField("adresse du client", max_length=300)
    client_is_business = models.BooleanField(
        "le client est une entreprise ou un organisme", default=True
    )
    travel_costs = models.DecimalField(
        "frais de déplacement", max_digits=9, decimal_places=2, default=0
    )
    vat_rate = models.DecimalField("taux de TVA", max_digits=4, decimal_places=2, default=0)
    validity_days = models.PositiveSmallIntegerField("durée de validité (jours)", default=30)
    payment_days = models.PositiveSmallIntegerField("délai de paiement (jours)", default=30)
    notes = models.TextField("remarques", blank=True, max_length=2_000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = "devis"
        verbose_name_plural = "devis"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="toolbox_quote_number_unique"),
            models.CheckConstraint(
                condition=Q(travel_costs__gte=0), name="toolbox_quote_travel_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.display_number} – {self.subject}"

    @property
    def display_number(self) -> str:
        return f"D-{self.number:04d}"

    @property
    def editable(self) -> bool:
        return self.status == QuoteStatus.DRAFT

    @property
    def can_self_invoice(self) -> bool:
        return self.legal_status in SELF_INVOICING

    def totals(self, lines=None) -> dict:
        """Exact totals: each line rounded to the cent, then summed (decimal arithmetic)."""
        lines = list(self.lines.all()) if lines is None else lines
        lines_total = sum((line.total for line in lines), Decimal("0.00"))
        net = to_cents(lines_total + self.travel_costs)
        vat = to_cents(net * self.vat_rate / 100)
        return {"lines": lines_total, "travel": self.travel_costs, "net": net, "vat": vat,
                "gross": net + vat}  # fmt: skip


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField("intervention", max_length=200)
    unit = models.CharField("unité", max_length=10, choices=Unit.choices, default=Unit.DAY)
    quantity = models.DecimalField("quantité", max_digits=7, decimal_places=2)
    unit_price = models.DecimalField("prix unitaire", max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="toolbox_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="toolbox_line_price_not_negative"
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def total(self) -> Decimal:
        return to_cents(self.quantity * self.unit_price)


class Invoice(models.Model):
    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="invoice")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.PositiveIntegerField("numéro")
    issued_on = models.DateField("date de la facture")
    due_on = models.DateField("date d'échéance")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "facture"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "number"], name="toolbox_invoice_number_unique"
            )
        ]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"F-{self.number:04d}"
