"""Users of the platform. One account, one kind; powers come from data, not from the kind alone."""

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Lower-case the whole address, not only the domain as Django does: allauth lower-cases
        what people type at sign-up and login, and the admin, createsuperuser and imports must
        store the same form so the case-insensitive unique constraint means one person, one
        account."""
        return (email or "").strip().lower()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("kind", User.Kind.COORDINATOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class Kind(models.TextChoices):
        PEER_WORKER = "intervenant_pair", "Intervenant·e-pair"
        EMPLOYER = "employeur", "Employeur, structure ou particulier"
        COORDINATOR = "coordination", "Coordination EPoP"

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    kind = models.CharField("type de compte", max_length=20, choices=Kind.choices)
    # A coordinator acts on the regions listed here; national coordinators (staff) assign them.
    regions = models.ManyToManyField(
        "territories.Region",
        blank=True,
        related_name="coordinators",
        verbose_name="régions coordonnées",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur·rice"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.email


class OrganisationType(models.TextChoices):
    """Client organisation types (domain.md §3.8): one choice per organisation."""

    ESSMS = "essms", "Établissement ou service social ou médico-social"
    ESAT = "esat", "ESAT"
    ENTREPRISE_ADAPTEE = "entreprise_adaptee", "Entreprise adaptée"
    ETABLISSEMENT_SANTE = "etablissement_sante", "Établissement de santé"
    ENTREPRISE = "entreprise", "Entreprise"
    COLLECTIVITE = "collectivite", "Mairie, collectivité, CCAS"
    SERVICE_PUBLIC = "service_public", "Service public (MDPH, France Travail, Cap emploi…)"
    ORGANISME_FORMATION = "organisme_formation", "Organisme de formation, IRTS, université"
    ETABLISSEMENT_SCOLAIRE = "etablissement_scolaire", "École, collège, lycée"
    ASSOCIATION = "association", "Association"
    GEM = "gem", "Groupe d'entraide mutuelle (GEM)"
    CENTRE_RESSOURCES = "centre_ressources", "Centre ressources"
    RESEAU_FEDERATION = "reseau_federation", "Fédération, réseau, organisateur de colloques"
    PARTICULIER_FAMILLE = "particulier_famille", "Particulier ou famille"
    AUTRE = "autre", "Autre"


# La Poste's establishments share one SIREN whose SIRETs fail the Luhn check; INSEE validates
# them with their own rule instead (the sum of the digits is a multiple of 5).
LA_POSTE_SIREN = "356000000"


def siret_is_valid(value: str) -> bool:
    """14 digits passing the Luhn check, or La Poste's own rule."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    total = 0
    for position, digit in enumerate(reversed(value)):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    if total % 10 == 0:
        return True
    return value.startswith(LA_POSTE_SIREN) and sum(int(digit) for digit in value) % 5 == 0


def validate_siret(value: str) -> None:
    if value and not siret_is_valid(value):
        raise ValidationError(
            "ce numéro SIRET n'est pas valide. Il compte 14 chiffres, par exemple "
            "« 732 829 320 00074 ». Recopiez-le depuis une facture ou l'avis de situation "
            "INSEE, ou laissez ce champ vide.",
            code="invalid_siret",
        )


class Organisation(models.Model):
    """The structure an employer account acts for. Filled once on the account; every contact
    request carries a copy taken when it is sent, so later edits never rewrite history."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="organisation", verbose_name="compte"
    )
    name = models.CharField("nom de la structure", max_length=200)
    kind = models.CharField("type de structure", max_length=30, choices=OrganisationType.choices)
    siret = models.CharField("numéro SIRET", max_length=14, blank=True, validators=[validate_siret])
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"

    def __str__(self):
        return self.name


class AccountEmailAddress(EmailAddress):
    """allauth's e-mail addresses, shown in the admin's one « Comptes » section (issue 13)
    rather than in a second section of their own. A proxy: no table, no data moved."""

    class Meta:
        proxy = True
        verbose_name = "adresse e-mail"
        verbose_name_plural = "adresses e-mail"
