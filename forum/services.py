"""Writing in the forum: topics, replies, edits, « Merci », useful marks, watching, reading.

Each public function is one transaction and enforces the rules whatever the caller (view, demo,
test): charter accepted, topic not locked, rate limit for new members, first post with links
held for a moderator. Notifications are created by ``forum.notify`` in the same transaction; the
outbox sends the immediate mails once it commits.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from epop.territories.models import Region

from . import access, notify
from .models import (
    Attachment,
    Category,
    ForumMember,
    Post,
    PostRevision,
    Thanks,
    Topic,
    Watch,
)
from .text import has_link, mentioned_handles, post_html

NEW_MEMBER_PERIOD = timedelta(days=7)
NEW_MEMBER_POSTS_PER_HOUR = 5


class ForumError(Exception):
    """A rule refused the action; the message is French and shown as is."""


# --- Rules ----------------------------------------------------------------------------------------


def unknown_mentions(text: str) -> list[str]:
    handles = mentioned_handles(text)
    known = set(ForumMember.objects.filter(handle__in=handles).values_list("handle", flat=True))
    return [handle for handle in handles if handle not in known]


def _check_can_post(member: ForumMember, topic: Topic | None = None, now=None) -> None:
    now = now or timezone.now()
    if not access.has_accepted_charter(member):
        raise ForumError("Acceptez la charte du forum avant d'écrire votre premier message.")
    if member.is_suspended(now):
        raise ForumError("Votre participation au forum est suspendue.")
    if topic is not None and topic.is_locked and not member.is_moderator:
        raise ForumError("Ce sujet est verrouillé par la modération : on ne peut plus y répondre.")
    if topic is not None and topic.is_hidden and not member.is_moderator:
        raise ForumError("Ce sujet n'est pas visible : on ne peut pas y répondre.")
    first = member.first_post_at
    if not member.is_moderator and (first is None or now - first < NEW_MEMBER_PERIOD):
        recent = Post.objects.filter(
            author_id=member.user_id, created_at__gte=now - timedelta(hours=1)
        )
        if recent.count() >= NEW_MEMBER_POSTS_PER_HOUR:
            raise ForumError(
                f"Pendant votre première semaine sur le forum, vous pouvez écrire "
                f"{NEW_MEMBER_POSTS_PER_HOUR} messages par heure. Réessayez un peu plus tard."
            )


def _initial_status(member: ForumMember, body: str) -> str:
    if not member.trusted and not member.is_moderator and has_link(body):
        return Post.Status.PENDING
    return Post.Status.VISIBLE


def _lock_member(member: ForumMember) -> ForumMember:
    # Serialises one member's posts, so that the hourly limit cannot be raced by double clicks.
    return ForumMember.objects.select_for_update().get(pk=member.pk)


def _after_post(member: ForumMember, post: Post, now) -> None:
    if member.first_post_at is None:
        ForumMember.objects.filter(pk=member.pk).update(first_post_at=now)
        member.first_post_at = now
    if post.status == Post.Status.VISIBLE:
        refresh_topic(post.topic)
        notify.post_published(post)
    Watch.objects.get_or_create(user_id=member.user_id, topic=post.topic)
    mark_read(member.user, post.topic, post.pk)


# --- Topics and posts ---------------------------------------------------------------------------


@transaction.atomic
def create_topic(
    member: ForumMember, category: Category, title: str, body: str, attachment=None
) -> Topic:
    member = _lock_member(member)
    now = timezone.now()
    _check_can_post(member, now=now)
    status = _initial_status(member, body)
    topic = Topic.objects.create(
        category=category,
        title=title,
        author_id=member.user_id,
        created_at=now,
        last_post_at=now,
        is_hidden=status != Post.Status.VISIBLE,
    )
    post = Post.objects.create(
        topic=topic,
        author_id=member.user_id,
        body=body,
        body_html=post_html(body),
        subject=title,
        is_first=True,
        created_at=now,
        status=status,
    )
    _attach(post, attachment)
    _after_post(member, post, now)
    return topic


@transaction.atomic
def reply(
    member: ForumMember, topic: Topic, body: str, reply_to: Post | None = None, attachment=None
) -> Post:
    member = _lock_member(member)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    now = timezone.now()
    _check_can_post(member, topic, now=now)
    if reply_to is not None and reply_to.topic_id != topic.pk:
        raise ForumError("Le message auquel vous répondez n'est pas dans ce sujet.")
    post = Post.objects.create(
        topic=topic,
        author_id=member.user_id,
        body=body,
        body_html=post_html(body),
        created_at=now,
        reply_to=reply_to,
        status=_initial_status(member, body),
    )
    _attach(post, attachment)
    _after_post(member, post, now)
    return post


def _attach(post: Post, attachment: dict | None) -> None:
    """``attachment``: the fields returned by ``forum.attachments.clean_upload``."""
    if attachment:
        Attachment.objects.create(post=post, **attachment)


@transaction.atomic
def edit_post(member: ForumMember, post: Post, body: str, title: str | None = None) -> Post:
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if post.author_id != member.user_id:
        raise ForumError("Vous ne pouvez modifier que vos propres messages.")
    if post.status == Post.Status.HIDDEN:
        raise ForumError(
            "Ce message a été masqué par la modération : il ne peut plus être modifié."
        )
    if post.topic.is_locked and not member.is_moderator:
        raise ForumError("Ce sujet est verrouillé : ses messages ne peuvent plus être modifiés.")
    changed = body != post.body
    if changed:
        PostRevision.objects.create(post=post, body=post.body, edited_by_id=member.user_id)
        post.body = body
        post.body_html = post_html(body)
        post.edited_at = timezone.now()
    if post.is_first and title and title != post.topic.title:
        Topic.objects.filter(pk=post.topic_id).update(title=title)
        post.subject = title
        changed = True
    if changed:
        post.save(update_fields=["body", "body_html", "edited_at", "subject"])
        new = set(mentioned_handles(body)) - set(
            mentioned_handles(post.revisions.values_list("body", flat=True).first() or "")
        )
        if post.status == Post.Status.VISIBLE and new:
            notify.mentions(post, new)
    return post


def refresh_topic(topic: Topic) -> None:
    """Recount a topic's visible posts and its last one (after a post, a hide, a split, a move)."""
    stats = Post.objects.filter(topic=topic, status=Post.Status.VISIBLE).aggregate(
        last=Max("id"), last_at=Max("created_at")
    )
    count = Post.objects.filter(topic=topic, status=Post.Status.VISIBLE).count()
    Topic.objects.filter(pk=topic.pk).update(
        post_count=count,
        last_post_id_cache=stats["last"] or 0,
        last_post_at=stats["last_at"] or topic.created_at,
    )


# --- Reactions, reading, watching ----------------------------------------------------------------


@transaction.atomic
def toggle_thanks(member: ForumMember, post: Post) -> bool:
    """Say « Merci » (or take it back). One's own posts cannot be thanked. Returns the new state."""
    if post.author_id == member.user_id:
        raise ForumError("On ne peut pas se remercier soi-même.")
    deleted, _ = Thanks.objects.filter(post=post, user_id=member.user_id).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") - 1)
        return False
    Thanks.objects.create(post=post, user_id=member.user_id)
    Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") + 1)
    return True


@transaction.atomic
def toggle_useful(member: ForumMember, post: Post) -> bool:
    topic = post.topic
    if topic.author_id != member.user_id:
        raise ForumError("Seule la personne qui a ouvert le sujet peut marquer une réponse utile.")
    if post.is_first:
        raise ForumError("Marquez une réponse, pas votre propre question.")
    post.is_useful = not post.is_useful
    post.save(update_fields=["is_useful"])
    return post.is_useful


def mark_read(user, topic: Topic, up_to_post_id: int) -> None:
    """Remember the last post read in a topic (never going backwards), and mark the matching
    in-site notifications as read so that no digest mails them. One upsert: the topic page
    writes it on every visit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO forum_topicread (user_id, topic_id, last_read_post_id, "
            "read_at) VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, topic_id) DO UPDATE "
            "SET last_read_post_id = EXCLUDED.last_read_post_id, read_at = EXCLUDED.read_at "
            "WHERE forum_topicread.last_read_post_id < EXCLUDED.last_read_post_id",
            [user.pk, topic.pk, up_to_post_id, timezone.now()],
        )
    notify.mark_read_up_to(user, topic, up_to_post_id)


def mark_all_read(member: ForumMember) -> None:
    ForumMember.objects.filter(pk=member.pk).update(read_all_before=timezone.now())


@transaction.atomic
def toggle_watch(member: ForumMember, *, topic: Topic | None = None, category=None) -> bool:
    target = {"topic": topic} if topic is not None else {"category": category}
    deleted, _ = Watch.objects.filter(user_id=member.user_id, **target).delete()
    if deleted:
        return False
    Watch.objects.create(user_id=member.user_id, **target)
    return True


@transaction.atomic
def accept_charter(member: ForumMember) -> None:
    ForumMember.objects.filter(pk=member.pk).update(
        charter_version=access.CHARTER_VERSION, charter_accepted_at=timezone.now()
    )


def ensure_region_categories() -> int:
    """One regional space per region where EPoP is deployed; returns how many were created."""
    created = 0
    for region in Region.objects.filter(has_regional_team=True, forum_category__isnull=True):
        Category.objects.create(
            region=region,
            name=region.name,
            slug=f"region-{slugify(region.name)}",
            description=f"L'espace des intervenant·es-pairs de la région {region.name}.",
            kind=Category.Kind.REGION,
        )
        created += 1
    return created
