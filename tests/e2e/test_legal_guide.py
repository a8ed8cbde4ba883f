"""Browser journey of the legal guide: a peer worker on AAH answers the orientation questions,
lands on the right situations, opens the easy-to-read page, runs the simulator and reads the
chart's table. axe-core finds nothing on any page or state; the orientation works without JS."""

from playwright.sync_api import expect

from legal_guide.simulator import engine
from tests.factories import PeerWorkerFactory

from .helpers import fits_horizontally, log_in, overflowing_elements


def _answer(page, label):
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continuer").click()


def test_peer_worker_on_aah_finds_the_rules_and_the_figures(page, live_server, assert_accessible):
    # The live server runs in this process: load OpenFisca now, as a warmed-up worker would have.
    engine.tax_benefit_system()
    worker = PeerWorkerFactory(email="pair.aah@example.org")
    log_in(page, worker.email)

    page.goto("/guide-juridique/")
    assert_accessible(page)
    page.get_by_role("link", name="Trouver les règles qui vous concernent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Touchez-vous une aide ou une pension ?"
    )
    assert_accessible(page)

    # Continuing without an answer: an error summary, still accessible.
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Choisissez une réponse")
    assert_accessible(page)

    _answer(page, "L'AAH, allocation aux adultes handicapés")
    expect(page.get_by_text("Question 2 sur")).to_be_visible()
    # The back link returns to the first question; then forward again.
    page.get_by_role("link", name="Retour à la question précédente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Touchez-vous une aide ou une pension ?"
    )
    _answer(page, "L'AAH, allocation aux adultes handicapés")
    _answer(page, "80 % ou plus")
    _answer(page, "Oui")
    assert_accessible(page)
    _answer(page, "Non")
    _answer(page, "Souvent, pour plusieurs structures")
    _answer(page, "Non")

    expect(page.get_by_role("heading", level=1)).to_have_text("Les situations qui vous concernent")
    assert "prestation=aah" in page.url and "rqth=non" in page.url
    results = page.locator(".legal-results")
    expect(results).to_contain_text("Je touche l'AAH et je veux facturer une intervention.")
    expect(results).to_contain_text(
        "Je commence un travail : mon AAH baisse-t-elle tout de suite ?"
    )
    expect(
        page.get_by_role(
            "link", name="Modifier la réponse à « Quel est votre taux d'incapacité ? »"
        )
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "link", name="Je commence un travail : mon AAH baisse-t-elle tout de suite ?"
    ).click()
    expect(page.get_by_role("heading", name="En bref, facile à lire")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lire toute la page en facile à lire").click()
    expect(page).to_have_url(f"{live_server.url}/guide-juridique/aah-debut-activite/facile-a-lire/")
    assert_accessible(page)
    page.get_by_role("link", name="Lire la page complète, avec tous les détails").click()
    page.get_by_role("link", name="simulateur", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Combien vais-je gagner si je travaille ?"
    )

    # A mistake first: an absurd amount, reported in French.
    page.get_by_label("L'AAH seulement").check()
    page.get_by_label("80 % ou plus").check()
    page.get_by_label("Je vis seul·e").check()
    page.get_by_label("Non", exact=True).check()
    page.get_by_label("Salarié·e : je donne mon salaire net par mois").check()
    page.get_by_label("Le montant prévu, en euros par mois (obligatoire)").fill("-900")
    page.get_by_role("button", name="Calculer").click()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Indiquez un montant supérieur à 0 €."
    )
    assert_accessible(page)

    page.get_by_label("Le montant prévu, en euros par mois (obligatoire)").fill("900")
    page.get_by_role("button", name="Calculer").click()
    expect(page.get_by_role("heading", name="Votre estimation")).to_be_visible()
    expect(page.get_by_text("C'est une estimation, pas une décision.")).to_be_visible()
    table = page.get_by_role("table", name="Vos revenus estimés, mois par mois, en euros")
    month_7 = table.get_by_role("row", name="Mois 7")
    expect(month_7.get_by_role("cell").nth(2)).to_have_text("725,64\u00a0€")
    expect(table.get_by_role("row", name="Mois 1").get_by_role("cell").nth(2)).to_have_text(
        "1\u202f041,59\u00a0€"
    )
    expect(
        page.get_by_role(
            "img",
            name="Graphique des revenus mois par mois. Les chiffres sont dans le tableau qui suit.",
        )
    ).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert fits_horizontally(page), overflowing_elements(page)


def test_orientation_works_without_javascript(new_page, assert_accessible):
    page = new_page(java_script_enabled=False)
    page.goto("/guide-juridique/orientation/")
    _answer(page, "Aucune de ces aides")
    _answer(page, "Non")
    _answer(page, "Autrement")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre situation n'est pas encore couverte"
    )
    page.goto("/guide-juridique/orientation/?prestation=inventee")
    expect(page.locator("[data-error-summary]")).to_contain_text("Cette réponse n'existe pas")
