"""Users of the platform. One account, one kind; powers come from data, not from the kind alone."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
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
