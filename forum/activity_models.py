"""What members follow and are told: watches, in-site notifications, digest mails."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["Digest", "Notification", "Watch"]


class Watch(models.Model):
    """A topic or a category the member follows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_watches"
    )
    topic = models.ForeignKey(
        "forum.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    category = models.ForeignKey(
        "forum.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="watches"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "suivi"
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True) ^ Q(category__isnull=True),
                name="forum_watch_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="forum_watch_topic"
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_watch_category",
            ),
        ]

    def __str__(self):
        return f"Suivi {self.topic_id or self.category_id}"


class Notification(models.Model):
    """One line of a member's in-site notification list; also what digests are made of."""

    class Kind(models.TextChoices):
        MENTION = "mention", "Vous êtes mentionné·e"
        REPLY = "reponse", "Réponse à votre message"
        WATCH = "suivi", "Nouveau message dans ce que vous suivez"
        MODERATION = "moderation", "Décision de la modération"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "post", "kind"], name="forum_notification_once")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True, emailed_at__isnull=True),
                name="forum_notif_to_mail_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.post_id})"


class Digest(models.Model):
    """One digest mail per member, frequency and period: the unique constraint makes a rerun of
    the periodic job a no-op."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=10)
    period = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="forum_digest_once"
            )
        ]

    def __str__(self):
        return f"Résumé {self.frequency} {self.period}"
