"""The forum in Chromium: a peer worker posts and mentions another, who is notified and replies;
a third reports the reply; a peer moderator hides it with a reason the author then reads; an
employer gets the « reserved » page. axe-core on every forum page and state on the way."""

import uuid

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import Category, Post
from tests.factories import EmployerFactory
from tests.forum.conftest import make_member

from .helpers import fits_horizontally, log_in, overflowing_elements


def unique_email(local):
    # allauth rate-limits logins per address: a fresh address per test and per run.
    return f"{local}.{uuid.uuid4().hex[:10]}@example.org"


def forum_member(local, **kwargs):
    member = make_member(**kwargs)
    email = unique_email(local)
    member.user.email = email
    member.user.save()
    member.user.emailaddress_set.update(email=email)
    return member


@pytest.fixture
def category(transactional_db):
    # Created by a data migration, but a transactional test before this one may have emptied
    # the table.
    return Category.objects.get_or_create(
        slug="pratiques",
        defaults={"name": "Pratiques d'accompagnement", "kind": "theme"},
    )[0]


def test_mention_reply_report_hide(new_page, live_server, category, assert_accessible):
    alice = forum_member("alice", charter=False)
    bob = forum_member("bob")
    carol = forum_member("carol")
    mona = forum_member("mona", moderator=True)

    # Alice accepts the charter on her way to her first topic.
    page = new_page()
    log_in(page, alice.user.email)
    page.goto("/forum/")
    assert_accessible(page)
    page.get_by_role("link", name="Pratiques d'accompagnement").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Nouveau sujet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charte du forum")
    page.get_by_role("button", name="J'accepte la charte").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("J'ai lu la charte").check()
    page.get_by_role("button", name="J'accepte la charte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nouveau sujet dans « Pratiques d'accompagnement »"
    )
    page.get_by_label("Titre du sujet").fill("Se présenter à une nouvelle équipe")
    body = page.get_by_label("Votre message (obligatoire)")
    body.fill(f"Comment faites-vous, @{bob.handle} ? ")
    # The toolbar by keyboard: one Tab stop, arrows between buttons.
    toolbar = page.get_by_role("toolbar", name="Mise en forme du message")
    toolbar.get_by_role("button", name="Gras").focus()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Italique")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect(body).to_have_value(f"Comment faites-vous, @{bob.handle} ? **texte en gras**")
    page.get_by_role("button", name="Aperçu").click()
    expect(page.locator(".forum-preview strong")).to_have_text("texte en gras")
    assert_accessible(page)
    page.get_by_role("button", name="Publier le sujet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se présenter à une nouvelle équipe")
    assert_accessible(page)

    # Bob finds the mention among his notifications and replies to that post.
    bob_page = new_page()
    log_in(bob_page, bob.user.email)
    bob_page.goto("/forum/notifications/")
    assert_accessible(bob_page)
    bob_page.get_by_role("link", name="Se présenter à une nouvelle équipe").click()
    bob_page.get_by_role("link", name=f"Répondre à ce message de @{alice.handle}").click()
    assert_accessible(bob_page)
    bob_page.get_by_label("Votre message (obligatoire)").fill("Je dis trois phrases, pas plus.")
    bob_page.get_by_role("button", name="Publier ma réponse").click()
    expect(bob_page.get_by_text("Votre réponse est publiée.")).to_be_visible()
    reply = Post.objects.get(body="Je dis trois phrases, pas plus.")
    assert reply.reply_to.author_id == alice.user_id

    # Carol reports the reply (the empty form first: errors, still accessible).
    carol_page = new_page()
    log_in(carol_page, carol.user.email)
    carol_page.goto(f"/forum/message/{reply.pk}/signaler/")
    carol_page.get_by_role("button", name="Envoyer le signalement").click()
    expect(carol_page.locator(".error-summary")).to_be_visible()
    assert_accessible(carol_page)
    carol_page.get_by_label("Autre raison").check()
    carol_page.get_by_label("Précisions").fill("Je ne suis pas sûre que ce soit utile ici.")
    carol_page.get_by_role("button", name="Envoyer le signalement").click()
    expect(carol_page.get_by_text("votre signalement est envoyé")).to_be_visible()

    # Mona, a peer moderator, hides it with a reason.
    mona_page = new_page()
    log_in(mona_page, mona.user.email)
    mona_page.goto("/forum/moderation/")
    assert_accessible(mona_page)
    mona_page.get_by_role("link", name=f"Masquer le message de @{bob.handle}").click()
    assert_accessible(mona_page)
    mona_page.get_by_label("Motif").fill("Hors sujet, merci de rester sur la question.")
    mona_page.get_by_role("button", name="Masquer le message").click()
    expect(mona_page.get_by_text("Aucun message signalé en attente.")).to_be_visible()
    mona_page.goto("/forum/moderation/journal/")
    expect(mona_page.get_by_role("cell", name="Hors sujet, merci")).to_be_visible()
    assert_accessible(mona_page)

    # Bob reads the reason under his own post.
    bob_page.goto(f"/forum/sujet/{reply.topic_id}/")
    expect(
        bob_page.get_by_text("Motif : Hors sujet, merci de rester sur la question.")
    ).to_be_visible()
    assert_accessible(bob_page)


def test_employer_gets_the_reserved_page(new_page, page_problems, category, assert_accessible):
    employer = EmployerFactory(email=unique_email("employeur"))
    page = new_page()
    log_in(page, employer.email)
    response = page.goto("/forum/categorie/pratiques/")
    assert response.status == 403
    # The browser logs every 403 response; that one is the point of this test.
    page_problems.console_errors[:] = [
        error for error in page_problems.console_errors if "status of 403" not in error
    ]
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Forum réservé aux intervenant·es-pairs"
    )
    assert_accessible(page)
    page.goto("/forum/")
    expect(page.get_by_text("Votre compte n'a pas accès au forum")).to_be_visible()
    assert_accessible(page)


def test_every_other_forum_page_passes_axe(new_page, category, assert_accessible):
    member = forum_member("membre")
    moderator = forum_member("modo", moderator=True)
    topic = services.create_topic(member, category, "Fatigue après les interventions", "Texte")
    post = topic.posts.get()
    services.edit_post(member, post, "Texte revu **fatigue**")
    page = new_page()
    log_in(page, moderator.user.email)
    for path in [
        "/forum/charte/",
        "/forum/recherche/?q=fatigue",
        "/forum/recherche/?q=",
        f"/forum/sujet/{topic.pk}/",
        f"/forum/sujet/{topic.pk}/repondre/?a={post.pk}&citer=1",
        f"/forum/moderation/message/{post.pk}/historique/",
        f"/forum/moderation/sujet/{topic.pk}/",
        f"/forum/moderation/membre/{member.handle}/",
    ]:
        page.goto(path)
        assert_accessible(page)
    # Reflow at 320 px on the topic page.
    narrow = new_page(viewport={"width": 320, "height": 640})
    log_in(narrow, member.user.email)
    narrow.goto(f"/forum/sujet/{topic.pk}/")
    assert fits_horizontally(narrow), overflowing_elements(narrow)
    narrow.goto(f"/forum/message/{post.pk}/modifier/")
    assert_accessible(narrow)
    anonymous = new_page()
    anonymous.goto("/forum/")
    assert_accessible(anonymous)
    # Without JavaScript the editor is a plain textarea and replying works.
    plain = new_page(java_script_enabled=False)
    log_in(plain, member.user.email)
    plain.goto(f"/forum/sujet/{topic.pk}/")
    expect(plain.get_by_role("toolbar")).to_have_count(0)
    plain.get_by_label("Votre message (obligatoire)").fill("Réponse sans JavaScript")
    plain.get_by_role("button", name="Publier ma réponse").click()
    expect(plain.get_by_text("Réponse sans JavaScript")).to_be_visible()
