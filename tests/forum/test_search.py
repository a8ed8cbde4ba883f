"""French full-text search: stems and accents ignored, ranked, highlighted, escaped, and only
what members can see."""

from django.urls import reverse

from forum import moderation, search, services

from .conftest import log_in


def test_french_stemming_and_accents(member, category):
    services.create_topic(member, category, "Réunions d'équipe", "Je prépare mes interventions.")
    services.create_topic(member, category, "Autre chose", "Rien à voir avec le sujet.")
    page = search.results("reunion")
    assert [post.topic.title for post in page.object_list] == ["Réunions d'équipe"]
    page = search.results("intervention preparer")
    assert len(page.object_list) == 1
    assert "<mark>" in str(page.object_list[0].excerpt)


def test_title_ranks_above_body(member, category):
    services.create_topic(member, category, "Fatigue après une intervention", "Comment faire ?")
    services.create_topic(member, category, "Question", "Je parle un peu de fatigue ici.")
    titles = [post.topic.title for post in search.results("fatigue").object_list]
    assert titles[0] == "Fatigue après une intervention"


def test_hidden_and_pending_posts_are_not_found(member, moderator, category):
    topic = services.create_topic(member, category, "Visible", "Un mot: girafe")
    hidden = services.reply(member, topic, "Une autre girafe")
    moderation.hide(moderator, hidden, "Hors sujet.")
    assert len(search.results("girafe").object_list) == 1


def test_excerpts_escape_html(client, member, category):
    services.create_topic(member, category, "Balises", "<script>alert(1)</script> pairémulation")
    log_in(client, member)
    page = client.get(reverse("forum:search"), {"q": "pairémulation"}).content.decode()
    assert "<script>alert(1)" not in page
    assert "<mark>pairémulation</mark>" in page


def test_bad_queries_never_fail(client, member):
    log_in(client, member)
    for query in ['"', "!!!", "&|<>", "a" * 300, "-", "' OR 1=1 --"]:
        response = client.get(reverse("forum:search"), {"q": query})
        assert response.status_code == 200
