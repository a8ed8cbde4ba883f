"""Mentions and replies notify; mail follows the preference; digests are idempotent and never
contain what was read; one click unsubscribes."""

import pytest
from django.urls import reverse

from epop.notifications.models import OutboxMessage
from epop.notifications.preferences import preference_for
from epop.notifications.services import save_preferences
from forum import notify, services
from forum.models import Digest, Notification

from .conftest import log_in, make_member


def test_mention_and_reply_create_in_site_notifications(client, member, category):
    other = make_member()
    topic = services.create_topic(
        member, category, "Un sujet", f"Qu'en penses-tu @{other.handle} ?"
    )
    assert Notification.objects.get(user=other.user).kind == "mention"
    first = topic.posts.get()
    answer = services.reply(other, topic, "Je réponds", reply_to=first)
    assert Notification.objects.get(user=member.user, post=answer).kind == "reponse"
    log_in(client, other)
    page = client.get(reverse("forum:notifications")).content.decode()
    assert "Vous êtes mentionné·e" in page and "Un sujet" in page
    # Reading the topic marks the notification read.
    client.get(reverse("forum:topic", args=[topic.pk]))
    assert Notification.objects.get(user=other.user).read_at is not None


def _forget_setup_mail():
    """Publishing the members' directory profiles (how they reach the forum) mails them « Votre
    profil est publié »: not what these tests count."""
    OutboxMessage.objects.all().delete()


def test_weekly_by_default_and_immediate_on_request(member, category):
    other = make_member()
    _forget_setup_mail()
    assert preference_for(other.user, "forum.mention") == "weekly"
    services.create_topic(member, category, "Sans mail", f"Bonjour @{other.handle}")
    assert not OutboxMessage.objects.exists()
    save_preferences(other.user, {"forum.mention": "immediate"})
    services.create_topic(member, category, "Avec mail", f"Re-bonjour @{other.handle}")
    message = OutboxMessage.objects.get()
    assert message.to == [other.user.email]
    assert "List-Unsubscribe" in message.headers
    assert "Re-bonjour" not in message.body  # post bodies stay in the forum


def test_digest_is_idempotent_and_skips_what_was_read(client, member, category):
    other = make_member()
    _forget_setup_mail()
    read_topic = services.create_topic(member, category, "Déjà lu", f"@{other.handle} un")
    services.create_topic(member, category, "Pas encore lu", f"@{other.handle} deux")
    log_in(client, other)
    client.get(reverse("forum:topic", args=[read_topic.pk]))
    assert notify.send_digests("weekly") == 1
    message = OutboxMessage.objects.get()
    assert "Pas encore lu" in message.body and "Déjà lu" not in message.body
    assert notify.send_digests("weekly") == 0  # a rerun sends nothing
    assert Digest.objects.count() == 1
    assert notify.send_digests("daily") == 0  # not their frequency


def test_one_click_unsubscribe(client, member):
    token = notify.unsubscribe_token(member.user.pk)
    url = reverse("forum:unsubscribe", args=[token])
    assert "Confirmer" in client.get(url).content.decode()
    assert preference_for(member.user, "forum.reponse") == "weekly"
    client.post(url)  # no CSRF token, no login: a mail client's one-click POST
    assert preference_for(member.user, "forum.reponse") == "never"
    assert client.get(reverse("forum:unsubscribe", args=["abimé"])).status_code == 400


@pytest.mark.parametrize("frequency", ["daily", "weekly"])
def test_digest_never_reaches_someone_who_lost_access(member, category, frequency):
    other = make_member()
    save_preferences(other.user, {"forum.mention": frequency})
    services.create_topic(member, category, "Un sujet", f"@{other.handle}")
    other.user.is_active = False
    other.user.save()
    assert notify.send_digests(frequency) == 0


def test_watching_a_category(client, member, category):
    other = make_member()
    log_in(client, other)
    client.post(reverse("forum:watch_category", args=[category.slug]))
    services.create_topic(member, category, "Nouveau sujet suivi", "Texte")
    assert Notification.objects.get(user=other.user).kind == "suivi"
