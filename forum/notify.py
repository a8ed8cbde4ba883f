"""Forum notifications: the in-site list, immediate mails, digests and one-click unsubscribe.

Three notification types are registered in ``epop.notifications`` (weekly digest by default):
mentions, replies to one's posts, and new posts in what one follows. Each new visible post gives
every concerned member at most one in-site notification (a mention beats a reply, which beats a
watch). Mails go through the outbox; a digest never contains what the member already read.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from epop.accounts.models import User
from epop.accounts.permissions import can_access_forum
from epop.notifications.preferences import preferences_for
from epop.notifications.registry import Frequency
from epop.notifications.services import enqueue_email, save_preferences

from .models import Digest, ForumMember, Notification, Post, Watch
from .notifications import TYPES
from .text import mentioned_handles

Kind = Notification.Kind
UNSUBSCRIBE_SALT = "forum.desabonnement"


# --- Creating notifications ---------------------------------------------------------------------


def post_published(post: Post) -> None:
    """Notify mentions, the author replied to, and watchers of the topic or category."""
    recipients: dict[int, str] = {}
    for user_id in Watch.objects.filter(topic_id=post.topic_id).values_list("user_id", flat=True):
        recipients[user_id] = Kind.WATCH
    category_watchers = Watch.objects.filter(category_id=post.topic.category_id)
    for user_id in category_watchers.values_list("user_id", flat=True):
        recipients[user_id] = Kind.WATCH
    if post.reply_to_id:
        recipients[post.reply_to.author_id] = Kind.REPLY
    handles = mentioned_handles(post.body)
    for user_id in ForumMember.objects.filter(handle__in=handles).values_list("user_id", flat=True):
        recipients[user_id] = Kind.MENTION
    recipients.pop(post.author_id, None)
    _create(post, recipients)


def mentions(post: Post, handles) -> None:
    members = ForumMember.objects.filter(handle__in=list(handles)).exclude(user_id=post.author_id)
    _create(post, dict.fromkeys(members.values_list("user_id", flat=True), Kind.MENTION))


def moderation(post: Post, text: str) -> None:
    """Tell an author what the moderation did to their post (in-site only)."""
    Notification.objects.get_or_create(
        user_id=post.author_id, post=post, kind=Kind.MODERATION, defaults={"text": text[:300]}
    )


def _create(post: Post, recipients: dict[int, str]) -> None:
    if not recipients:
        return
    users = {user.pk: user for user in User.objects.filter(pk__in=recipients)}
    suspended = set(
        ForumMember.objects.filter(
            user_id__in=recipients, suspended_until__gt=timezone.now()
        ).values_list("user_id", flat=True)
    )
    rows = [
        Notification(user_id=user_id, post=post, kind=kind)
        for user_id, kind in recipients.items()
        if user_id in users and user_id not in suspended and can_access_forum(users[user_id])
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = Notification.objects.filter(
        post=post, user_id__in=[row.user_id for row in rows], emailed_at__isnull=True
    ).select_related("post__topic")
    for notification in created:
        user = users[notification.user_id]
        if preferences_for(user)[TYPES[notification.kind].key] == Frequency.IMMEDIATE:
            _send_immediate(user, notification)


def mark_read_up_to(user, topic, up_to_post_id: int) -> None:
    Notification.objects.filter(
        user=user, post__topic=topic, post_id__lte=up_to_post_id, read_at__isnull=True
    ).update(read_at=timezone.now())


# --- Mail ---------------------------------------------------------------------------------------


def _url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> User | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return User.objects.get(pk=payload["u"])
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        return None


def unsubscribe(user) -> None:
    """Stop every forum mail (the in-site list stays)."""
    save_preferences(
        user, {notification_type.key: Frequency.NEVER for notification_type in TYPES.values()}
    )


def _headers(user_id: int) -> tuple[dict, str]:
    url = _url("forum:unsubscribe", unsubscribe_token(user_id))
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return headers, url


def _send_immediate(user, notification: Notification) -> None:
    headers, unsubscribe_url = _headers(user.pk)
    post = notification.post
    context = {
        "items": [_item(notification)],
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": _url("notifications:preferences"),
    }
    enqueue_email(
        user.email,
        f"Forum EPoP : {notification.get_kind_display().lower()}",
        render_to_string("forum/emails/notifications.txt", context),
        headers=headers,
        dedup_key=f"forum:{notification.kind}:post={post.pk}:user={user.pk}",
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _item(notification: Notification) -> dict:
    post = notification.post
    return {
        "kind": notification.get_kind_display(),
        "topic": post.topic.title,
        "url": _url("forum:post", post.pk),
    }


def period_key(frequency: str, now=None) -> str:
    today = timezone.localdate(now)
    if frequency == Frequency.WEEKLY:
        year, week, _ = today.isocalendar()
        return f"{year}-S{week:02d}"
    return today.isoformat()


def send_digests(frequency: str, now=None) -> int:
    """One mail per member for the period with what they have not read nor been mailed yet.
    Idempotent: the Digest row (unique per member, frequency and period) is written first."""
    now = now or timezone.now()
    period = period_key(frequency, now)
    pending = (
        Notification.objects.filter(
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=now - timedelta(days=30),
            post__status=Post.Status.VISIBLE,
        )
        .exclude(kind=Kind.MODERATION)
        .select_related("post__topic")
        .order_by("user_id", "id")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for user in User.objects.filter(pk__in=by_user):
        if not can_access_forum(user):
            continue
        preferences = preferences_for(user)
        chosen = [n for n in by_user[user.pk] if preferences[TYPES[n.kind].key] == frequency]
        if chosen and _send_digest(user, frequency, period, chosen):
            sent += 1
    return sent


def _send_digest(user, frequency, period, notifications) -> bool:
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                user=user, frequency=frequency, period=period, notification_count=len(notifications)
            )
            headers, unsubscribe_url = _headers(user.pk)
            context = {
                "items": [_item(n) for n in notifications],
                "unsubscribe_url": unsubscribe_url,
                "preferences_url": _url("notifications:preferences"),
            }
            enqueue_email(
                user.email,
                f"Forum EPoP : {len(notifications)} nouveauté{pluralize(len(notifications))}",
                render_to_string("forum/emails/notifications.txt", context),
                headers=headers,
                dedup_key=f"forum.digest:{digest.pk}",
            )
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True
