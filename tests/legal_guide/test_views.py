"""The guide's pages: content, links both ways, review flags, bad input, PDF, admin."""

import datetime
import io
from html import unescape

import pikepdf
import pytest
from django.urls import reverse

from legal_guide.models import DecisionTree, Situation
from tests.factories import CoordinatorFactory

SLUG = "aah-debut-activite"
RESULT = (
    "/guide-juridique/orientation/?prestation=aah&taux=80-ou-plus&facture=oui&protection=non"
    "&activite=souvent&rqth=non"
)


def test_home_lists_every_published_situation_by_theme(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("legal_guide:home"))
    html = response.content.decode()
    for situation in Situation.objects.published():
        assert situation.get_absolute_url() in html
    assert Situation.objects.published().count() >= 23


def test_situation_page_and_its_falc_page_link_both_ways(client, django_assert_max_num_queries):
    situation = Situation.objects.get(slug=SLUG)
    with django_assert_max_num_queries(8):
        page = client.get(situation.get_absolute_url()).content.decode()
    falc = client.get(situation.get_falc_url()).content.decode()
    assert "En bref, facile à lire" in page and situation.get_falc_url() in page
    assert f'href="{situation.get_absolute_url()}"' in falc
    assert "Vérifié le" in page and "21 novembre 2026" in page
    assert "Chiffres et règles à confirmer" in page
    assert "725,63 €" in page


def test_falc_logo_only_once_the_review_is_recorded(client):
    situation = Situation.objects.get(slug=SLUG)
    assert "Inclusion Europe" not in client.get(situation.get_falc_url()).content.decode()
    situation.falc_status = Situation.FalcStatus.PUBLISHED
    situation.falc_reviewed_by = "Atelier FALC de Lille"
    situation.falc_reviewed_at = datetime.date(2026, 11, 30)
    situation.save()
    html = client.get(situation.get_falc_url()).content.decode()
    assert "Logo européen Facile à lire : Inclusion Europe" in html
    assert "Atelier FALC de Lille" in html


def test_a_page_past_its_review_date_says_a_revérifier(client):
    situation = Situation.objects.get(slug=SLUG)
    assert "À revérifier" not in client.get(situation.get_absolute_url()).content.decode()
    Situation.objects.filter(pk=situation.pk).update(review_due=datetime.date(2026, 1, 1))
    assert "À revérifier" in client.get(situation.get_absolute_url()).content.decode()
    assert "À revérifier" in client.get(situation.get_falc_url()).content.decode()


def test_regional_contact_comes_from_the_region_coordinators(client):
    from epop.territories.models import Region

    region = Region.objects.first()
    Region.objects.filter(pk=region.pk).update(has_regional_team=True)
    CoordinatorFactory(email="coord.region@example.org", regions=[region.code])
    url = Situation.objects.get(slug=SLUG).get_absolute_url()
    assert "coord.region@example.org" in client.get(url, {"region": region.code}).content.decode()
    other = Region.objects.exclude(pk=region.pk).filter(has_regional_team=False).first()
    html = client.get(url, {"region": other.code}).content.decode()
    assert "équipe nationale" in html
    assert client.get(url, {"region": "<script>"}).status_code == 200


def test_unknown_situation_is_a_404(client):
    assert client.get("/guide-juridique/nexiste-pas/").status_code == 404


def test_tree_one_question_per_screen_with_progress_and_back(client):
    html = unescape(client.get("/guide-juridique/orientation/?prestation=aah").content.decode())
    assert "Quel est votre taux d'incapacité ?" in html
    assert "Question 2 sur" in html
    assert "Je ne sais pas" in html
    assert 'href="/guide-juridique/orientation/?"' in html  # back to the first question


def test_tree_result_lists_situations_with_summary_and_change_links(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(RESULT)
    html = response.content.decode()
    assert "Les situations qui vous concernent" in html
    assert Situation.objects.get(slug="aah-facturer-une-intervention").get_absolute_url() in html
    assert (
        '/guide-juridique/orientation/?prestation=aah&amp;taux=80-ou-plus&amp;facture=oui"' in html
    )


def test_tree_not_covered_page(client):
    html = client.get(
        "/guide-juridique/orientation/?prestation=aucune&protection=non&activite=autre"
    ).content.decode()
    assert "Votre situation n'est pas encore couverte" in html


def test_tree_bad_input_gives_french_messages_never_a_500(client):
    response = client.get("/guide-juridique/orientation/?prestation=inventee")
    assert response.status_code == 200
    assert "Cette réponse n'existe pas" in unescape(response.content.decode())
    missing = client.get("/guide-juridique/orientation/?etape=prestation")
    assert "Choisissez une réponse pour continuer" in missing.content.decode()
    forged = client.get(
        "/guide-juridique/orientation/?prestation=aucune&taux=80-ou-plus&x=" + "a" * 5000
    )
    assert forged.status_code == 200
    assert "elles sont ignorées" in forged.content.decode()
    assert (
        "Cette réponse n"
        in client.get("/guide-juridique/orientation/?prestation=%00").content.decode()
    )


def test_tree_result_as_a_tagged_pdf(client):
    response = client.get(RESULT.replace("orientation/?", "orientation/resultat.pdf?"))
    assert response["Content-Type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert str(pdf.Root.Lang).startswith("fr")
        assert "/StructTreeRoot" in pdf.Root
        assert "situations qui vous concernent" in str(pdf.open_metadata().get("dc:title", ""))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"montant": "-5"}, "Indiquez un montant supérieur à 0 €."),
        ({"montant": "90000"}, "vérifiez qu&#x27;il est bien mensuel"),
        ({"montant": "abc"}, "Écrivez un nombre"),
        ({"montant": ""}, "Indiquez un montant en euros."),
        ({"prestation": "inconnue"}, "Cette réponse n&#x27;existe pas"),
        ({"prestation": "invalidite"}, "Indiquez le montant de votre pension par mois."),
        ({"enfants": "-1"}, "ne peut pas être négatif"),
    ],
)
def test_simulator_bad_input(client, data, message):
    form = {
        "prestation": "aah",
        "taux": "80",
        "foyer": "seul",
        "enfants": "0",
        "aide_logement": "non",
        "activite": "salarie",
        "montant": "900",
    } | data
    response = client.post(reverse("legal_guide:simulator"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Votre estimation" not in response.content.decode()


def test_simulator_page_without_answers(client):
    html = client.get(reverse("legal_guide:simulator")).content.decode()
    assert "Combien vais-je gagner si je travaille ?" in html
    assert "mesdroitssociaux.gouv.fr" in html


def test_admin_refuses_an_invalid_tree_and_keeps_history(admin_client):
    decision_tree = DecisionTree.objects.get(active=True)
    url = reverse("admin:legal_guide_decisiontree_change", args=[decision_tree.pk])
    broken = decision_tree.source.replace("suite: rqth", "suite: prestation", 1)
    response = admin_client.post(
        url, {"name": decision_tree.name, "active": "on", "source": broken}
    )
    assert response.status_code == 200
    assert "Boucle dans l&#x27;arbre" in response.content.decode()
    decision_tree.refresh_from_db()
    assert "suite: prestation" not in decision_tree.source
    ok = decision_tree.source.replace("Quel est votre taux", "Quel est donc votre taux")
    admin_client.post(url, {"name": decision_tree.name, "active": "on", "source": ok})
    decision_tree.refresh_from_db()
    assert decision_tree.data["questions"]["taux"]["text"].startswith("Quel est donc")
    assert decision_tree.history.count() >= 1


def test_admin_situation_list_flags_pages_to_recheck(admin_client):
    Situation.objects.filter(slug=SLUG).update(review_due=datetime.date(2026, 1, 1))
    html = admin_client.get(reverse("admin:legal_guide_situation_changelist")).content.decode()
    assert "ont dépassé leur date de vérification" in html
    assert "À revérifier" in html


def test_easy_read_index_is_registered_for_the_site_falc_list(client):
    html = client.get(reverse("core:easy_read")).content.decode()
    assert reverse("legal_guide:easy_read") in html
    falc = client.get(reverse("legal_guide:easy_read")).content.decode()
    assert Situation.objects.get(slug=SLUG).get_falc_url() in falc


def test_admin_situation_form_offers_the_markdown_preview_and_falc_aid(admin_client):
    situation = Situation.objects.get(slug=SLUG)
    html = admin_client.get(
        reverse("admin:legal_guide_situation_change", args=[situation.pk])
    ).content.decode()
    assert html.count("data-markdown-preview") == 3
    assert "js/legal-admin.js" in html
    assert "criture facile à lire" in html
    preview = admin_client.post(
        reverse("core:markdown_preview"), {"text": "## Titre\n<script>x</script>"}
    )
    assert (
        "<h3>Titre</h3>" in preview.content.decode() and "<script>" not in preview.content.decode()
    )


def test_admin_refuses_a_review_without_reviewers(admin_client):
    situation = Situation.objects.get(slug=SLUG)
    from django.db import IntegrityError, transaction

    situation.falc_status = Situation.FalcStatus.REVIEWED
    with pytest.raises(IntegrityError), transaction.atomic():
        situation.save()
