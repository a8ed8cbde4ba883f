"""The topic page's cost does not depend on what is on it (decision 0013): a constant number of
queries, the stored HTML of each post, the read state written in one statement."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Post, TopicRead
from forum.text import post_html

from .conftest import log_in, make_member


def _queries(client, topic, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("forum:topic", args=[topic.pk]), params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_same_number_of_queries_for_one_post_and_a_busy_page(
    client, member, category, django_assert_max_num_queries
):
    small = services.create_topic(member, category, "Petit sujet", "Seul message")
    busy = services.create_topic(member, category, "Grand sujet", "Question **importante**")
    others = [make_member() for _ in range(7)]  # new members may post 5 messages an hour
    first = busy.posts.get()
    for index in range(25):  # two pages; replies, quotes, thanks, useful marks, watches
        answer = services.reply(
            others[index % 7], busy, f"Réponse {index} @{member.handle}", reply_to=first
        )
        if index % 3 == 0:
            services.toggle_thanks(member, answer)
    services.toggle_useful(member, answer)
    services.toggle_watch(member, topic=busy)
    log_in(client, member)
    baseline = _queries(client, small)
    assert _queries(client, busy) == baseline
    assert _queries(client, busy, page=2) == baseline
    with django_assert_max_num_queries(10):
        client.get(reverse("forum:topic", args=[busy.pk]))


def test_page_prints_the_stored_html_and_read_state_never_goes_back(client, member, category):
    topic = services.create_topic(member, category, "Un sujet", "Du **gras** et <script>x</script>")
    post = topic.posts.get()
    assert post.body_html == post_html(post.body)
    assert "<strong>gras</strong>" in post.body_html and "<script>" not in post.body_html
    # What the page prints is the stored HTML (written by the services, never per request).
    Post.objects.filter(pk=post.pk).update(body_html="<p>Version enregistrée</p>")
    other = make_member()
    later = services.reply(other, topic, "Suite")
    log_in(client, member)
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "<p>Version enregistrée</p>" in page
    assert TopicRead.objects.get(user=member.user, topic=topic).last_read_post_id == later.pk
    services.mark_read(member.user, topic, post.pk)  # an older page: the mark stays further
    assert TopicRead.objects.get(user=member.user, topic=topic).last_read_post_id == later.pk


def test_editing_rewrites_the_stored_html(member, category):
    topic = services.create_topic(member, category, "Un sujet", "Premier jet")
    post = services.edit_post(member, topic.posts.get(), "Texte *revu*")
    post.refresh_from_db()
    assert post.body_html == post_html("Texte *revu*")
    assert "<em>revu</em>" in post.body_html
