"""Reports reach peer moderators with context; every action is logged and visible to them."""

import pytest
from django.urls import reverse

from forum import moderation, services
from forum.models import Category, ModerationAction, Notification, Post, Report, Topic
from forum.services import ForumError

from .conftest import log_in, make_member


@pytest.fixture
def thread(member, category):
    topic = services.create_topic(member, category, "Parler de sa maladie en réunion", "Question")
    other = make_member()
    answer = services.reply(other, topic, "Un propos <em>déplacé</em>")
    return topic, answer, other


def test_report_then_hide_with_a_reason_shown_to_the_author(client, member, moderator, thread):
    topic, answer, author = thread
    log_in(client, member)
    response = client.post(
        reverse("forum:report", args=[answer.pk]),
        {"reason": "irrespect", "text": "<b>Blessant</b> pour moi"},
    )
    assert response.status_code == 302
    # A second report by the same person is refused clearly.
    again = client.post(reverse("forum:report", args=[answer.pk]), {"reason": "autre"})
    assert "déjà signalé" in again.content.decode()
    client.logout()
    log_in(client, moderator)
    queue = client.get(reverse("forum:moderation")).content.decode()
    assert "Propos blessants" in queue and "&lt;b&gt;Blessant&lt;/b&gt;" in queue
    assert "Parler de sa maladie en réunion" in queue  # the context
    client.post(reverse("forum:hide", args=[answer.pk]), {"reason": "Propos irrespectueux."})
    answer.refresh_from_db()
    assert answer.status == Post.Status.HIDDEN
    assert Report.objects.get().status == Report.Status.HANDLED
    log = client.get(reverse("forum:moderation_log")).content.decode()
    assert "Message masqué" in log and "Propos irrespectueux." in log
    client.logout()
    log_in(client, author)
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "Motif : Propos irrespectueux." in page
    assert Notification.objects.filter(user=author.user, kind="moderation").exists()
    client.logout()
    log_in(client, member)
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "déplacé" not in page


def test_hide_needs_a_reason(client, moderator, thread):
    _, answer, _ = thread
    log_in(client, moderator)
    response = client.post(reverse("forum:hide", args=[answer.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Erreur" in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == Post.Status.VISIBLE


def test_members_cannot_moderate(member, thread):
    _, answer, _ = thread
    with pytest.raises(ForumError):
        moderation.hide(member, answer, "Non")


def test_lock_pin_move_split_are_logged(client, moderator, thread):
    topic, answer, _ = thread
    log_in(client, moderator)
    url = reverse("forum:topic_tools", args=[topic.pk])
    client.post(url, {"do": "verrouiller"})
    client.post(url, {"do": "epingler"})
    other = Category.objects.create(name="Autre", slug="autre", kind="theme")
    client.post(url, {"do": "deplacer", "category": other.pk})
    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned and topic.category == other
    response = client.post(url, {"do": "scinder", "first_post": answer.pk, "title": "Nouveau fil"})
    new = Topic.objects.get(title="Nouveau fil")
    assert response["Location"] == reverse("forum:topic", args=[new.pk])
    assert list(new.posts.values_list("pk", flat=True)) == [answer.pk]
    topic.refresh_from_db()
    assert topic.post_count == 1 and new.post_count == 1
    actions = set(ModerationAction.objects.values_list("action", flat=True))
    assert actions == {"verrouiller", "epingler", "deplacer", "scinder"}


def test_suspension_for_a_period(client, moderator, thread):
    topic, _, author = thread
    log_in(client, moderator)
    url = reverse("forum:moderation_member", args=[author.handle])
    bad = client.post(url, {"do": "suspendre", "days": "9999", "reason": "x"})
    assert "au plus 365 jours" in bad.content.decode()
    client.post(url, {"do": "suspendre", "days": "7", "reason": "Insultes répétées."})
    author.refresh_from_db()
    assert author.is_suspended()
    client.logout()
    log_in(client, author)
    response = client.get(reverse("forum:topic", args=[topic.pk]))
    assert response.status_code == 403
    assert "Insultes répétées." in response.content.decode()


def test_pending_post_appears_in_the_queue_and_is_approved(client, moderator, category):
    newcomer = make_member()
    topic = services.create_topic(newcomer, category, "Ressource utile", "Voir https://ex.org")
    other = make_member()
    log_in(client, other)
    assert client.get(reverse("forum:topic", args=[topic.pk])).status_code == 404
    client.logout()
    log_in(client, moderator)
    assert "Ressource utile" in client.get(reverse("forum:moderation")).content.decode()
    post = topic.posts.get()
    client.post(reverse("forum:post_action", args=[post.pk, "approuver"]))
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


def test_admin_shows_metadata_never_bodies(client, thread, member, db):
    from tests.factories import CoordinatorFactory

    _, answer, _ = thread
    moderation.report(member, answer, "irrespect", "Mots du signalement")
    coordinator = CoordinatorFactory(is_staff=True, is_superuser=True)
    client.force_login(coordinator)
    report = Report.objects.get()
    page = client.get(reverse("admin:forum_report_change", args=[report.pk])).content.decode()
    assert "déplacé" not in page and "Mots du signalement" not in page
    assert client.get(reverse("forum:moderation")).status_code == 403
