"""Browser journeys of the toolbox: both orientation paths to their real next action, a quote
made and downloaded, and axe on every toolbox page and state."""

import re

from playwright.sync_api import expect

from tests.factories import EmployerFactory, PeerWorkerFactory

from .helpers import fits_horizontally, log_in, overflowing_elements, set_display_preferences


def test_future_peer_worker_follows_the_path_to_the_profile_wizard(page, assert_accessible):
    person = PeerWorkerFactory(verified=True)
    page.goto("/boite-a-outils/")
    assert_accessible(page)
    page.get_by_role("link", name="Je veux devenir intervenant·e-pair").click()
    assert_accessible(page)
    page.get_by_role("link", name="Commencer le parcours").click()
    for _ in range(2):
        assert_accessible(page)
        page.get_by_role("button", name=re.compile("J'ai terminé cette étape")).click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("passer à l'action")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passer à l'action")
    assert_accessible(page)
    # Progress is kept in the session, then the person signs in and reaches the wizard.
    page.goto("/boite-a-outils/parcours/devenir/")
    expect(page.get_by_text("Vous avez terminé 3 étapes sur 3.")).to_be_visible()
    log_in(page, person.email)
    page.goto("/boite-a-outils/parcours/devenir/passer-a-l-action/")
    page.get_by_role("link", name="Créer mon profil dans l'annuaire").click()
    expect(page).to_have_url(re.compile(r"/annuaire/mon-profil/"))


def test_employer_follows_the_path_to_a_saved_search(page, assert_accessible):
    employer = EmployerFactory(verified=True)
    log_in(page, employer.email)
    page.goto("/boite-a-outils/parcours/faire-appel/")
    page.get_by_role("link", name="Commencer le parcours").click()
    while page.get_by_role("button", name=re.compile("J'ai terminé cette étape")).count():
        page.get_by_role("button", name=re.compile("J'ai terminé cette étape")).click()
    page.get_by_role("button", name=re.compile("passer à l'action")).click()
    assert_accessible(page)
    page.get_by_label("Sensibilisation (équipes, élèves, grand public)").check()
    page.get_by_role("button", name="Créer une alerte avec ces critères").click()
    expect(page).to_have_url(
        re.compile(r"/annuaire/alertes/nouvelle/\?.*intervention=sensibilisation")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une alerte")
    page.get_by_role("button", name="Enregistrer l'alerte").click()
    expect(page).to_have_url(re.compile(r"/annuaire/alertes/$"))


def test_peer_worker_makes_a_quote_and_downloads_the_pdf(page, assert_accessible):
    person = PeerWorkerFactory(verified=True)
    log_in(page, person.email)
    page.goto("/boite-a-outils/devis/")
    assert_accessible(page)
    page.get_by_role("link", name="Faire un nouveau devis").click()
    assert_accessible(page)
    # A failed submit first: the error summary gets focus and passes axe.
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Objet du devis (obligatoire)").fill("Conférence du 12 mars")
    page.get_by_label("Micro-entreprise (entreprise individuelle)").check()
    page.get_by_label("Votre nom (obligatoire)").fill("Alex Martin")
    page.get_by_label("Votre adresse professionnelle (obligatoire)").fill(
        "1 rue de la Paix, Amiens"
    )
    page.get_by_label("SIRET").fill("12345678901234")
    page.get_by_label("Nom du client (obligatoire)").fill("Foyer Les Tilleuls")
    page.get_by_label("Adresse du client (obligatoire)").fill("2 avenue du Parc, Amiens")
    page.get_by_label("Frais de déplacement (en euros) (obligatoire)").fill("48.40")
    first = page.locator("fieldset.quote-line").first
    first.get_by_label("Intervention (obligatoire)").fill("Conférence")
    first.get_by_label("Quantité (obligatoire)").fill("1")
    first.get_by_label("Prix unitaire (en euros) (obligatoire)").fill("550")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Devis D-0001")
    expect(page.locator("[data-total]")).to_have_text(re.compile(r"598,40"))
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger le devis D-0001")).click()
    download = download_info.value
    assert download.suggested_filename == "devis-D-0001.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_resource_pages_and_video_click_to_load(page, assert_accessible):
    page.goto("/boite-a-outils/ressources/?q=contrat")
    assert_accessible(page)
    page.goto("/boite-a-outils/ressources/charte-epop/")
    expect(page.get_by_role("link", name=re.compile(r"\(PDF, \d+ Ko\)"))).to_be_visible()
    assert_accessible(page)
    page.goto("/boite-a-outils/ressources/video-devenir-intervenant-pair/")
    assert page.locator("video").count() == 0
    page.get_by_role("button", name=re.compile("Lire la vidéo")).click()
    expect(page.locator("video")).to_be_focused()
    expect(page.locator("video track[kind=captions]")).to_have_attribute("srclang", "fr")
    page.get_by_text("Lire la transcription").click()
    assert_accessible(page)
    for url in ("/boite-a-outils/retours-d-experience/", "/boite-a-outils/formations/",
                "/boite-a-outils/evenements/"):  # fmt: skip
        page.goto(url)
        assert_accessible(page)


def test_forms_with_errors_reflow_and_pass_axe(page, live_server, assert_accessible):
    person = PeerWorkerFactory(verified=True)
    log_in(page, person.email)
    page.goto("/boite-a-outils/retours-d-experience/nouveau/")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer pour relecture").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    set_display_preferences(page, live_server.url, {"texte": "200"})
    for url in (
        "/boite-a-outils/devis/nouveau/",
        "/boite-a-outils/ressources/fiche-de-poste-intervenant-pair-salarie/",
        "/boite-a-outils/parcours/faire-appel/passer-a-l-action/",
        "/boite-a-outils/retours-d-experience/nouveau/",
    ):
        page.goto(url)
        assert fits_horizontally(page), (url, overflowing_elements(page))


def test_video_starts_from_the_keyboard(page):
    page.goto("/boite-a-outils/ressources/video-accueillir-un-intervenant-pair/")
    page.get_by_role("button", name=re.compile("Lire la vidéo")).focus()
    page.keyboard.press(" ")
    expect(page.locator("video")).to_be_focused()
