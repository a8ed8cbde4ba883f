"""The forum's data: categories, topics, posts, and what each member did with them.

Access itself is not stored here: ``epop.accounts.permissions.can_access_forum`` answers it from
the account and the directory. The forum adds its own facts on top (charter accepted, suspension,
moderator role) in ``ForumMember``; ``forum.access`` combines the two.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

# One post may be long (a shared protocol, a long story) but never a way to fill the database:
# the same cap as the Markdown preview (epop.core.views.PREVIEW_MAX_CHARS).
POST_MAX_CHARS = 50_000
TITLE_MAX_CHARS = 150
# The French text-search configuration created by migration 0001 (french stemming + unaccent).
SEARCH_CONFIG = "epop_fr"


class ForumMember(models.Model):
    """What the forum knows about one of its members, created on their first visit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forum_member",
    )
    # The name shown on posts and used in @mentions (letters, digits, hyphens), never the e-mail.
    handle = models.SlugField("pseudo", max_length=40, unique=True)
    created_at = models.DateTimeField("première visite", default=timezone.now)
    charter_version = models.PositiveSmallIntegerField("version de la charte acceptée", default=0)
    charter_accepted_at = models.DateTimeField("charte acceptée le", null=True, blank=True)
    is_moderator = models.BooleanField("modérateur·rice pair", default=False)
    moderator_since = models.DateTimeField("modérateur·rice depuis", null=True, blank=True)
    suspended_until = models.DateTimeField("suspendu·e jusqu'au", null=True, blank=True)
    suspension_reason = models.CharField("motif de la suspension", max_length=500, blank=True)
    # Topics whose last post is older than this count as read (set on the first visit and by
    # « Tout marquer comme lu »): a new member does not find the whole forum « non lu ».
    read_all_before = models.DateTimeField("tout lu avant", default=timezone.now)
    first_post_at = models.DateTimeField("premier message le", null=True, blank=True)
    # A first post with links waits for a moderator; once one post is approved, no longer.
    trusted = models.BooleanField("messages publiés sans relecture", default=False)

    class Meta:
        verbose_name = "membre du forum"
        verbose_name_plural = "membres du forum"
        indexes = [
            models.Index(
                fields=["is_moderator"], condition=Q(is_moderator=True), name="forum_moderators_idx"
            )
        ]

    def __str__(self):
        return f"Membre {self.user_id}"

    def is_suspended(self, now=None) -> bool:
        return bool(self.suspended_until and self.suspended_until > (now or timezone.now()))


class Category(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", "Thème national"
        REGION = "region", "Espace régional"

    name = models.CharField("nom", max_length=100)
    slug = models.SlugField("adresse", max_length=100, unique=True)
    description = models.CharField("description", max_length=300, blank=True)
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.THEME)
    region = models.OneToOneField(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_category",
        verbose_name="région",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie"
        ordering = ["kind", "position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="theme", region__isnull=True)
                | Q(kind="region", region__isnull=False),
                name="forum_category_region_iff_regional",
            )
        ]

    def __str__(self):
        return self.name


class TopicQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Topic(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name="catégorie"
    )
    title = models.CharField("titre", max_length=TITLE_MAX_CHARS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    last_post_at = models.DateTimeField("dernier message le", default=timezone.now)
    last_post_id_cache = models.BigIntegerField("dernier message", default=0)
    post_count = models.PositiveIntegerField("messages visibles", default=0)
    is_locked = models.BooleanField("verrouillé", default=False)
    is_pinned = models.BooleanField("épinglé", default=False)
    # A topic whose first post is hidden or waits for approval is hidden with it.
    is_hidden = models.BooleanField("masqué", default=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "sujet"
        indexes = [
            models.Index(
                fields=["category", "-is_pinned", "-last_post_at"], name="forum_topic_list_idx"
            )
        ]

    def __str__(self):
        return self.title


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Post.Status.VISIBLE)

    def readable_by(self, user):
        """What a member sees in a topic: visible posts, plus their own hidden or pending ones
        (so that the reason for hiding is shown to them)."""
        return self.filter(Q(status=Post.Status.VISIBLE) | Q(author=user))


class Post(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        PENDING = "attente", "En attente de relecture"
        HIDDEN = "masque", "Masqué par la modération"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    body = models.TextField("message", max_length=POST_MAX_CHARS)
    # ``forum.text.post_html(body)``, written with the body by the services (and the migration
    # that added it): the topic page prints it instead of rendering Markdown for each post.
    body_html = models.TextField(blank=True, editable=False)
    # The topic's title, copied on its first post only: the search vector weighs it above the
    # body, with one GIN index over both (see the trigger in migration 0001).
    subject = models.CharField(max_length=TITLE_MAX_CHARS, blank=True, editable=False)
    is_first = models.BooleanField(default=False)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    edited_at = models.DateTimeField("modifié le", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    hidden_reason = models.CharField("motif du masquage", max_length=500, blank=True)
    is_useful = models.BooleanField("marqué utile par l'auteur·rice du sujet", default=False)
    thanks_count = models.PositiveIntegerField("mercis", default=0)
    # Filled by a database trigger (migration 0001), also for rows loaded with COPY.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "message"
        ordering = ["id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="forum_post_search_gin"),
            models.Index(fields=["topic", "id"], name="forum_post_topic_idx"),
            models.Index(
                fields=["created_at"],
                condition=Q(status="attente"),
                name="forum_post_pending_idx",
            ),
        ]

    def __str__(self):
        return f"Message {self.pk}"


class PostRevision(models.Model):
    """The text a post had before an edit: the history moderators can read."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=POST_MAX_CHARS)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "version précédente"
        ordering = ["-replaced_at"]

    def __str__(self):
        return f"Version du message {self.post_id} ({self.replaced_at:%d/%m/%Y})"


class Thanks(models.Model):
    """A « Merci » on a post: no score, no rank; only the count is shown."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="thanks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "merci"
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_thanks_once")]

    def __str__(self):
        return f"Merci sur le message {self.post_id}"


class TopicRead(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reads")
    last_read_post_id = models.BigIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_topic_read_once")
        ]

    def __str__(self):
        return f"Lecture du sujet {self.topic_id}"


# Split by concern; imported here so Django finds them (the directory does the same).
from .activity_models import *  # noqa: E402, F403
from .attachment_models import *  # noqa: E402, F403
from .moderation_models import *  # noqa: E402, F403
