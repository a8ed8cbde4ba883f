"""Reports and moderation: every action is one transaction and one line of the moderation log,
which every moderator can read. Only ``ForumMember.is_moderator`` members may act (the views
check it; so does ``_check``, for any other caller)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notify
from .models import Category, ForumMember, ModerationAction, Post, Report, Topic
from .services import ForumError, refresh_topic

Action = ModerationAction.Action
MAX_SUSPENSION_DAYS = 365


def _check(moderator: ForumMember) -> None:
    if not moderator.is_moderator:
        raise ForumError("Cette action est réservée aux modérateur·rices du forum.")


def _log(moderator, action, *, topic=None, post=None, member_id=None, reason="", details=""):
    return ModerationAction.objects.create(
        moderator_id=moderator.user_id,
        action=action,
        topic=topic,
        post=post,
        member_id=member_id,
        reason=reason[:500],
        details=details[:300],
    )


def _close_reports(post: Post, moderator: ForumMember, status=Report.Status.HANDLED) -> None:
    Report.objects.filter(post=post, status=Report.Status.OPEN).update(
        status=status, handled_by_id=moderator.user_id, handled_at=timezone.now()
    )


@transaction.atomic
def report(member: ForumMember, post: Post, reason: str, text: str) -> Report:
    if post.author_id == member.user_id:
        raise ForumError("Vous ne pouvez pas signaler votre propre message.")
    try:
        with transaction.atomic():
            return Report.objects.create(
                post=post, reporter_id=member.user_id, reason=reason, text=text
            )
    except IntegrityError:
        raise ForumError(
            "Vous avez déjà signalé ce message : la modération va l'examiner."
        ) from None


def _set_visibility(post: Post, status: str) -> None:
    Post.objects.filter(pk=post.pk).update(status=status)
    post.status = status
    if post.is_first:
        Topic.objects.filter(pk=post.topic_id).update(is_hidden=status != Post.Status.VISIBLE)
    refresh_topic(post.topic)


@transaction.atomic
def hide(moderator: ForumMember, post: Post, reason: str) -> Post:
    _check(moderator)
    if not reason.strip():
        raise ForumError("Écrivez le motif : il est montré à l'auteur·rice du message.")
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    Post.objects.filter(pk=post.pk).update(hidden_reason=reason)
    _set_visibility(post, Post.Status.HIDDEN)
    _close_reports(post, moderator)
    _log(
        moderator, Action.HIDE, topic=post.topic, post=post, member_id=post.author_id, reason=reason
    )
    notify.moderation(post, f"Votre message a été masqué. Motif : {reason}")
    return post


@transaction.atomic
def show(moderator: ForumMember, post: Post) -> Post:
    _check(moderator)
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    Post.objects.filter(pk=post.pk).update(hidden_reason="")
    _set_visibility(post, Post.Status.VISIBLE)
    _log(moderator, Action.SHOW, topic=post.topic, post=post, member_id=post.author_id)
    return post


@transaction.atomic
def approve(moderator: ForumMember, post: Post) -> Post:
    """A post held for approval becomes visible; its author is trusted from now on."""
    _check(moderator)
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if post.status != Post.Status.PENDING:
        raise ForumError("Ce message n'attend pas de relecture.")
    _set_visibility(post, Post.Status.VISIBLE)
    ForumMember.objects.filter(user_id=post.author_id).update(trusted=True)
    _log(moderator, Action.APPROVE, topic=post.topic, post=post, member_id=post.author_id)
    notify.post_published(post)
    return post


@transaction.atomic
def dismiss_reports(moderator: ForumMember, post: Post, reason: str = "") -> None:
    _check(moderator)
    _close_reports(post, moderator, Report.Status.DISMISSED)
    _log(moderator, Action.DISMISS, topic=post.topic, post=post, reason=reason)


@transaction.atomic
def set_locked(moderator: ForumMember, topic: Topic, locked: bool, reason: str = "") -> None:
    _check(moderator)
    Topic.objects.filter(pk=topic.pk).update(is_locked=locked)
    _log(moderator, Action.LOCK if locked else Action.UNLOCK, topic=topic, reason=reason)


@transaction.atomic
def set_pinned(moderator: ForumMember, topic: Topic, pinned: bool) -> None:
    _check(moderator)
    Topic.objects.filter(pk=topic.pk).update(is_pinned=pinned)
    _log(moderator, Action.PIN if pinned else Action.UNPIN, topic=topic)


@transaction.atomic
def move(moderator: ForumMember, topic: Topic, category: Category, reason: str = "") -> None:
    _check(moderator)
    if category.pk == topic.category_id:
        raise ForumError("Le sujet est déjà dans cette catégorie.")
    details = f"De « {topic.category.name} » vers « {category.name} »"
    Topic.objects.filter(pk=topic.pk).update(category=category)
    _log(moderator, Action.MOVE, topic=topic, reason=reason, details=details)


@transaction.atomic
def split(moderator: ForumMember, topic: Topic, first_post: Post, title: str) -> Topic:
    """Move ``first_post`` and every later post of the topic to a new topic in the same category."""
    _check(moderator)
    if first_post.topic_id != topic.pk or first_post.is_first:
        raise ForumError("Choisissez une réponse de ce sujet (pas son premier message).")
    if not title.strip():
        raise ForumError("Donnez un titre au nouveau sujet.")
    new = Topic.objects.create(
        category_id=topic.category_id,
        title=title,
        author_id=first_post.author_id,
        created_at=first_post.created_at,
    )
    Post.objects.filter(topic=topic, id__gte=first_post.pk).update(topic=new)
    Post.objects.filter(pk=first_post.pk).update(is_first=True, subject=title, reply_to=None)
    refresh_topic(topic)
    refresh_topic(new)
    _log(
        moderator, Action.SPLIT, topic=new, post=first_post, details=f"Scindé de « {topic.title} »"
    )
    return new


@transaction.atomic
def suspend(moderator: ForumMember, member: ForumMember, days: int, reason: str) -> None:
    _check(moderator)
    if member.pk == moderator.pk:
        raise ForumError("Vous ne pouvez pas vous suspendre vous-même.")
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ForumError(f"Choisissez une durée entre 1 et {MAX_SUSPENSION_DAYS} jours.")
    if not reason.strip():
        raise ForumError("Écrivez le motif de la suspension : il est montré à la personne.")
    until = timezone.now() + timedelta(days=days)
    ForumMember.objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason)
    _log(
        moderator, Action.SUSPEND, member_id=member.user_id, reason=reason, details=f"{days} jours"
    )


@transaction.atomic
def lift_suspension(moderator: ForumMember, member: ForumMember) -> None:
    _check(moderator)
    ForumMember.objects.filter(pk=member.pk).update(suspended_until=None, suspension_reason="")
    _log(moderator, Action.LIFT, member_id=member.user_id)
