"""Reports and the moderation log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["ModerationAction", "Report"]


class Report(models.Model):
    class Reason(models.TextChoices):
        IDENTIFIABLE = "identifiable", "Permet de reconnaître une personne accompagnée"
        DISRESPECT = "irrespect", "Propos blessants, moqueurs ou discriminatoires"
        DANGER = "danger", "Une personne semble en danger"
        ADVERTISING = "publicite", "Publicité ou démarchage"
        ILLEGAL = "illegal", "Contenu illégal"
        OTHER = "autre", "Autre raison"

    class Status(models.TextChoices):
        OPEN = "ouvert", "À traiter"
        HANDLED = "traite", "Traité"
        DISMISSED = "classe", "Classé sans suite"

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("raison", max_length=20, choices=Reason.choices)
    text = models.TextField("précisions", max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "signalement"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="ouvert"),
                name="forum_report_open_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(status="ouvert"), name="forum_report_open_idx"
            )
        ]

    def __str__(self):
        return f"Signalement du message {self.post_id}"


class ModerationAction(models.Model):
    """The moderation log: every action, visible to every moderator."""

    class Action(models.TextChoices):
        HIDE = "masquer", "Message masqué"
        SHOW = "afficher", "Message rendu visible"
        APPROVE = "approuver", "Message approuvé"
        LOCK = "verrouiller", "Sujet verrouillé"
        UNLOCK = "deverrouiller", "Sujet déverrouillé"
        PIN = "epingler", "Sujet épinglé"
        UNPIN = "desepingler", "Sujet désépinglé"
        MOVE = "deplacer", "Sujet déplacé"
        SPLIT = "scinder", "Sujet scindé"
        SUSPEND = "suspendre", "Membre suspendu·e"
        LIFT = "lever", "Suspension levée"
        DISMISS = "classer", "Signalement classé"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=15, choices=Action.choices)
    topic = models.ForeignKey(
        "forum.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "forum.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField("motif", max_length=500, blank=True)
    details = models.CharField("détails", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "action de modération"
        verbose_name_plural = "journal de modération"
        ordering = ["-id"]

    def __str__(self):
        return self.get_action_display()
