"""Files attached to posts, stored in the database: they are served only to forum members by
``forum.attachments.download``, never from the public media folder."""

from django.db import models
from django.utils import timezone

__all__ = ["Attachment"]


class Attachment(models.Model):
    post = models.OneToOneField("forum.Post", on_delete=models.CASCADE, related_name="attachment")
    name = models.CharField("nom du fichier", max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("taille en octets")
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "pièce jointe"

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
