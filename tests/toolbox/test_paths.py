import pytest

from tests.factories import EmployerFactory, PeerWorkerFactory
from toolbox.path_models import PathProgress, PathStep

BECOME = "/boite-a-outils/parcours/devenir/"
HIRE = "/boite-a-outils/parcours/faire-appel/"


def test_visitor_progress_is_kept_in_the_session_then_carried_to_the_account(client):
    response = client.post(BECOME + "etape/1/")
    assert response.status_code == 302
    assert response["Location"].endswith("/parcours/devenir/etape/2/")
    assert "Vous avez terminé 1 étape sur 3." in client.get(BECOME).content.decode()
    person = PeerWorkerFactory()
    client.force_login(person)
    assert "Vous avez terminé 1 étape sur 3." in client.get(BECOME).content.decode()
    assert PathProgress.objects.filter(user=person).count() == 1


def test_last_step_leads_to_the_action_and_progress_is_separate_per_person(client):
    person = PeerWorkerFactory()
    client.force_login(person)
    for position in (1, 2):
        client.post(BECOME + f"etape/{position}/")
    response = client.post(BECOME + "etape/3/")
    assert response["Location"].endswith("/parcours/devenir/passer-a-l-action/")
    end = client.get(response["Location"]).content.decode()
    assert 'href="/annuaire/mon-profil/"' in end
    client.force_login(PeerWorkerFactory())
    assert "Ce parcours compte 3 étapes" in client.get(BECOME).content.decode()


def test_reset_forgets_progress(client):
    client.force_login(PeerWorkerFactory())
    client.post(BECOME + "etape/1/")
    client.post("/boite-a-outils/parcours/devenir/recommencer/")
    assert "Ce parcours compte 3 étapes" in client.get(BECOME).content.decode()


def test_hire_path_ends_on_a_search_and_an_alert_with_criteria(client):
    client.force_login(EmployerFactory())
    html = client.get(HIRE.replace("faire-appel/", "faire-appel/passer-a-l-action/")).content
    html = html.decode()
    assert 'action="/annuaire/"' in html
    assert 'formaction="/annuaire/alertes/nouvelle/"' in html
    assert 'name="intervention" value="sensibilisation"' in html


def test_steps_show_their_published_resources_and_checklist(client):
    step = PathStep.objects.get(path__slug="devenir", position=1)
    html = client.get(BECOME + "etape/1/").content.decode()
    assert "lu la charte" in html
    assert all(r.get_absolute_url() in html for r in step.resources.all())
    assert client.get(BECOME + "etape/99/").status_code == 404


@pytest.mark.parametrize("url", [BECOME, HIRE, BECOME + "etape/2/"])
def test_path_pages_query_count(client, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
