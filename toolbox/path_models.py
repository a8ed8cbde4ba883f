"""The two orientation paths, their steps (edited by coordinators) and saved progress."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class PathKind(models.TextChoices):
    BECOME = "devenir", "Je veux devenir intervenant·e-pair"
    HIRE = "faire-appel", "Je veux faire appel à un·e intervenant·e-pair"


class OrientationPath(models.Model):
    slug = models.SlugField("parcours", max_length=20, choices=PathKind.choices, unique=True)
    title = models.CharField("titre", max_length=120)
    intro = models.TextField("introduction (Markdown)", max_length=5_000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "parcours d'orientation"
        verbose_name_plural = "parcours d'orientation"
        ordering = ["slug"]

    def __str__(self):
        return self.title


class PathStep(models.Model):
    path = models.ForeignKey(OrientationPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("titre", max_length=120)
    body = models.TextField("explication (Markdown)", max_length=10_000)
    checklist = models.TextField(
        "liste de vérification", blank=True, max_length=3_000, help_text="Un point par ligne."
    )
    resources = models.ManyToManyField(
        "toolbox.Resource", blank=True, related_name="path_steps", verbose_name="ressources"
    )
    history = HistoricalRecords(m2m_fields=[resources])

    class Meta:
        verbose_name = "étape"
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="toolbox_step_position")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class PathProgress(models.Model):
    """A step a signed-in person has marked as done (visitors keep it in their session)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE)
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="toolbox_progress_once")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.step_id}"
