"""Writing: topics, replies, quotes, mentions, edits, charter, locks, rate limits, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post, PostRevision, Topic
from forum.services import ForumError

from .conftest import log_in, make_member


def new_topic(client, category, title="Comment présenter son parcours ?", body="Bonjour à tous."):
    return client.post(
        reverse("forum:new_topic", args=[category.slug]), {"title": title, "body": body}
    )


def test_member_opens_a_topic_and_another_replies(client, member, category):
    log_in(client, member)
    response = new_topic(client, category)
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert topic.post_count == 1
    other = make_member()
    client.logout()
    log_in(client, other)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Moi je commence par…"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.post_count == 2
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "Moi je commence par…" in page
    assert f"@{member.handle}" in page


def test_charter_comes_before_the_first_post(client, category):
    member = make_member(charter=False)
    log_in(client, member)
    response = client.get(reverse("forum:new_topic", args=[category.slug]))
    assert response.status_code == 302
    assert reverse("forum:charter") in response["Location"]
    response = client.post(
        reverse("forum:charter"), {"accept": "on", "next": "https://ailleurs.example.com/"}
    )
    assert response["Location"] == reverse("forum:home")  # no open redirect
    assert client.get(reverse("forum:new_topic", args=[category.slug])).status_code == 200


def test_script_and_html_are_escaped_everywhere(client, member, category):
    log_in(client, member)
    new_topic(
        client,
        category,
        title='<script>alert("titre")</script>',
        body=(
            '<script>alert("corps")</script><img src=x onerror=alert(1)> '
            "[lien](javascript:alert(1))"
        ),
    )
    topic = Topic.objects.get()
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "<script>alert" not in page
    assert "onerror" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt;" in page


def test_a_one_megabyte_post_is_refused_with_a_clear_message(client, member, category):
    topic = services.create_topic(member, category, "Un sujet", "Premier message")
    log_in(client, member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "a" * 1_000_000})
    assert response.status_code == 400
    assert "ce texte est trop long" in response.content.decode()
    assert Post.objects.count() == 1


def test_control_characters_are_refused(client, member, category):
    topic = services.create_topic(member, category, "Un sujet", "Premier message")
    log_in(client, member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Bonjour\x00\x07"})
    assert response.status_code == 400
    assert Post.objects.count() == 1


def test_unknown_mentions_are_refused_with_the_name(client, member, category):
    topic = services.create_topic(member, category, "Un sujet", "Premier message")
    log_in(client, member)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Merci @personne-inconnue !"}
    )
    assert response.status_code == 400
    assert "@personne-inconnue ne correspond à aucun membre" in response.content.decode()


def test_locked_topic_refuses_replies(client, member, moderator, category):
    topic = services.create_topic(member, category, "Un sujet", "Premier message")
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    other = make_member()
    log_in(client, other)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Encore un mot"})
    assert response.status_code == 400
    assert "Ce sujet est verrouillé" in response.content.decode()
    assert Post.objects.count() == 1
    # The page offers no reply form.
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "Publier ma réponse" not in page


def test_new_members_are_rate_limited(member, category):
    topic = services.create_topic(member, category, "Un sujet", "Premier message")
    for number in range(services.NEW_MEMBER_POSTS_PER_HOUR - 1):
        services.reply(member, topic, f"Message {number}")
    with pytest.raises(ForumError, match="première semaine"):
        services.reply(member, topic, "Un de trop")
    # A member past their first week is not limited.
    member.first_post_at = timezone.now() - timedelta(days=8)
    member.save()
    services.reply(member, topic, "Plus de limite")


def test_first_post_with_a_link_waits_for_a_moderator(member, moderator, category):
    topic = services.create_topic(member, category, "Un sujet", "Voir https://exemple.org")
    assert topic.is_hidden
    post = topic.posts.get()
    assert post.status == Post.Status.PENDING
    from forum import moderation

    moderation.approve(moderator, post)
    topic.refresh_from_db()
    member.refresh_from_db()
    assert not topic.is_hidden and member.trusted
    # Trusted now: the next link is published at once.
    assert services.reply(member, topic, "Et www.exemple.org").status == Post.Status.VISIBLE


def test_quote_and_reply_to_a_post(client, member, category):
    topic = services.create_topic(member, category, "Un sujet", "Ma question précise")
    first = topic.posts.get()
    other = make_member()
    log_in(client, other)
    form = client.get(reverse("forum:reply", args=[topic.pk]) + f"?a={first.pk}&citer=1")
    assert f"@{member.handle} a écrit :" in form.content.decode()
    assert "&gt; Ma question précise" in form.content.decode()
    client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Ma réponse", "reply_to": first.pk}
    )
    assert Post.objects.get(body="Ma réponse").reply_to == first


def test_edit_keeps_history_for_moderators_and_shows_edited(client, member, moderator, category):
    topic = services.create_topic(member, category, "Un sujet", "Version une")
    post = topic.posts.get()
    log_in(client, member)
    client.post(
        reverse("forum:edit", args=[post.pk]), {"title": "Un sujet", "body": "Version deux"}
    )
    post.refresh_from_db()
    assert post.body == "Version deux" and post.edited_at
    assert PostRevision.objects.get(post=post).body == "Version une"
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "Modifié le" in page
    assert client.get(reverse("forum:history", args=[post.pk])).status_code == 403
    client.logout()
    log_in(client, moderator)
    history = client.get(reverse("forum:history", args=[post.pk])).content.decode()
    assert "Version une" in history


def test_only_the_author_edits(client, member, category):
    topic = services.create_topic(member, category, "Un sujet", "Version une")
    other = make_member()
    log_in(client, other)
    response = client.post(reverse("forum:edit", args=[topic.posts.get().pk]), {"body": "Pirate"})
    assert response.status_code == 404


def test_thanks_and_useful(member, category):
    topic = services.create_topic(member, category, "Un sujet", "Question")
    other = make_member()
    answer = services.reply(other, topic, "Réponse")
    assert services.toggle_thanks(member, answer) is True
    answer.refresh_from_db()
    assert answer.thanks_count == 1
    with pytest.raises(ForumError):
        services.toggle_thanks(other, answer)  # not one's own
    assert services.toggle_useful(member, answer) is True
    with pytest.raises(ForumError):
        services.toggle_useful(other, answer)  # only the topic's author


def test_unread_marks(client, member, category):
    other = make_member()
    topic = services.create_topic(member, category, "Un sujet", "Question")
    log_in(client, other)
    badge = "forum-badge-new"
    listing = client.get(reverse("forum:category", args=[category.slug])).content.decode()
    assert badge in listing
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert badge in page  # the post is new on this first reading
    listing = client.get(reverse("forum:category", args=[category.slug])).content.decode()
    assert badge not in listing
    services.reply(member, topic, "Du neuf")
    listing = client.get(reverse("forum:category", args=[category.slug])).content.decode()
    assert badge in listing
    # « Tout marquer comme lu » clears it without opening the topic.
    client.post(reverse("forum:mark_all_read"))
    listing = client.get(reverse("forum:category", args=[category.slug])).content.decode()
    assert badge not in listing


def test_topic_page_queries_do_not_grow(client, member, category, django_assert_max_num_queries):
    topic = services.create_topic(member, category, "Un sujet", "Question")
    others = [make_member() for _ in range(3)]
    for index in range(15):
        services.reply(others[index % 3], topic, f"Réponse **{index}** à @{member.handle}")
    log_in(client, member)
    client.get(reverse("forum:topic", args=[topic.pk]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("forum:topic", args=[topic.pk]))
    assert response.content.decode().count('<article class="forum-post') == 16


def test_category_list_queries(client, member, category, django_assert_max_num_queries):
    member.first_post_at = timezone.now() - timedelta(days=8)  # past the new-member limit
    member.save()
    for index in range(30):
        services.create_topic(member, category, f"Sujet numéro {index}", "Texte")
    log_in(client, member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("forum:category", args=[category.slug]))
    assert "Page 1 sur 2" in response.content.decode()
