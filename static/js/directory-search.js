// Directory search, progressively enhanced. Without this file the search is a plain GET form
// that the server resolves (commune typed as text, choice list when ambiguous): nothing here is
// needed to search. With it:
// - the commune field becomes accessible-autocomplete's combobox, which fills the hidden INSEE code;
// - « Autour de moi » appears and fills the hidden latitude and longitude;
// - after each htmx update of the results, focus stays where it is (or goes to the error summary,
//   or to the results heading after a page change), the count is announced and each field's
//   error state matches its (out-of-band) error message.
"use strict";

(() => {
  const form = document.querySelector("[data-search-form]");
  if (!form) return;
  // Looked up each time: htmx replaces the hidden place inputs after every search (out of
  // band), and the autocomplete replaces the server-rendered text input.
  const hidden = (name) => form.querySelector(`#id_${name}`);
  const placeInput = () => form.querySelector("#id_lieu");

  function clearCoordinates() {
    hidden("lat").value = "";
    hidden("lon").value = "";
  }

  // --- Commune combobox (accessibility.md §2.3) ---------------------------------------------
  function escapeHtml(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function labelOf(option) {
    if (!option) return "";
    return typeof option === "string" ? option : option.label;
  }

  function enhancePlace() {
    const wrapper = form.querySelector("[data-commune-autocomplete]");
    if (!wrapper || typeof window.accessibleAutocomplete !== "function") return;
    const original = wrapper.querySelector("input");
    const initial = original.value;
    const invalid = original.getAttribute("aria-invalid") === "true";
    let confirmed = hidden("commune").value ? initial : "";
    let latest = 0;
    original.remove();

    window.accessibleAutocomplete({
      element: wrapper,
      id: "id_lieu",
      name: "lieu",
      defaultValue: initial,
      minLength: 2,
      source(query, populate) {
        const ticket = ++latest;
        fetch(`${wrapper.dataset.source}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" },
        })
          .then((response) => (response.ok ? response.json() : []))
          .then((communes) => {
            if (ticket === latest) populate(communes);
          })
          .catch(() => {
            if (ticket === latest) populate([]);
          });
      },
      templates: {
        inputValue: labelOf,
        // Options are inserted as HTML by the widget: names are escaped here.
        suggestion(option) {
          if (!option) return "";
          if (typeof option === "string") return escapeHtml(option);
          const department = option.departement_nom
            ? ` <span class="autocomplete-department">${escapeHtml(option.departement_nom)}</span>`
            : "";
          return `${escapeHtml(option.label)}${department}`;
        },
      },
      onConfirm(option) {
        if (!option || typeof option === "string") return;
        hidden("commune").value = option.code;
        confirmed = option.label;
        clearCoordinates();
      },
      tNoResults: () => "Aucune commune trouvée",
      tStatusQueryTooShort: (length) => `Tapez au moins ${length} caractères pour voir des propositions.`,
      tStatusNoResults: () => "Aucune commune trouvée.",
      tStatusSelectedOption: (selected, length, index) =>
        `${selected}, ${index + 1} sur ${length}, est sélectionnée.`,
      tStatusResults: (length, selectedText) =>
        `${length} commune${length > 1 ? "s" : ""} proposée${length > 1 ? "s" : ""}. ${selectedText}`,
      // The widget's input is described by this hint only (it manages aria-describedby):
      // it carries the field's current error and help text too.
      tAssistiveHint: () =>
        [
          form.querySelector("#id_lieu_error")?.textContent.trim(),
          "Exemple : Amiens, ou le code postal 80000. Laissez vide pour chercher dans toute " +
            "la France. Quand des propositions s'affichent, choisissez avec les flèches haut " +
            "et bas, puis Entrée. Sur écran tactile, explorez au toucher ou par balayage.",
        ]
          .filter(Boolean)
          .join(" "),
    });

    const input = placeInput();
    if (!input) return;
    input.setAttribute("spellcheck", "false");
    input.setAttribute("maxlength", "100");
    if (invalid) input.setAttribute("aria-invalid", "true");
    // Typing something else than the chosen commune: the code no longer applies, and the
    // server will resolve the text. A place typed also replaces « Autour de moi ».
    input.addEventListener("input", () => {
      if (input.value !== confirmed) hidden("commune").value = "";
      clearCoordinates();
    });
  }

  // --- « Autour de moi » --------------------------------------------------------------------
  function enhanceGeolocation() {
    const box = form.querySelector("[data-geolocate]");
    if (!box || !("geolocation" in navigator)) return;
    const button = box.querySelector("[data-geolocate-button]");
    const status = box.querySelector("[data-geolocate-status]");
    box.hidden = false;
    button.addEventListener("click", () => {
      status.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const input = placeInput();
          if (input && input.value) {
            // Through an input event, so that the combobox forgets the text too.
            input.value = "";
            input.dispatchEvent(new Event("input", { bubbles: true }));
          }
          hidden("commune").value = "";
          // About a kilometre of precision: enough to search, and the address bar shares no more.
          hidden("lat").value = position.coords.latitude.toFixed(2);
          hidden("lon").value = position.coords.longitude.toFixed(2);
          status.textContent = "Position trouvée : recherche autour de vous.";
          // The search runs at once, no second click: through the form's own button, so that
          // htmx sends it as any search (and without htmx, the page loads with the results).
          form.requestSubmit(form.querySelector("#bouton-rechercher") || undefined);
        },
        () => {
          status.textContent =
            "Votre position n'est pas disponible. Tapez plutôt le nom de votre commune.";
        },
        { timeout: 15000, maximumAge: 600000 },
      );
    });
  }

  // --- After an htmx update of the results --------------------------------------------------
  const area = document.querySelector("#resultats");
  const results = document.querySelector("[data-search-results]");
  const status = document.querySelector("#statut-recherche");
  const heading = document.querySelector("#titre-resultats");

  function syncFieldErrors() {
    for (const field of form.querySelectorAll("[data-field]")) {
      const list = field.querySelector(".errorlist");
      const hasError = Boolean(list && list.children.length);
      field.classList.toggle("field-error", hasError);
      for (const input of field.querySelectorAll("input[type=text], select")) {
        if (hasError) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      if (hasError) field.closest("details")?.setAttribute("open", "");
    }
  }

  function announce(template) {
    // Emptied, then filled a moment later: screen readers announce the new count even when
    // its text is the same as before.
    status.replaceChildren();
    if (!template) return;
    window.setTimeout(() => status.replaceChildren(template.content.cloneNode(true)), 150);
  }

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.target === results) area.setAttribute("aria-busy", "true");
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.target === results) area.removeAttribute("aria-busy");
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target !== results) return;
    syncFieldErrors();
    announce(results.querySelector("template[data-status]"));
    const summary = results.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      return;
    }
    const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (trigger && trigger.closest && trigger.closest("[data-pagination]")) heading.focus();
  });

  // --- « Filtres (n) » ---------------------------------------------------------------------
  // Folded on narrow screens so that the results follow the place; open where the criteria
  // stand beside the results (the same width, in rem, as the layout's container query).
  function openFiltersWhenWide() {
    const filters = form.querySelector("[data-filters]");
    const wrap = document.querySelector(".directory-search-wrap");
    if (!filters || !wrap) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    if (wrap.clientWidth / rem >= 56) filters.open = true;
  }

  enhancePlace();
  enhanceGeolocation();
  openFiltersWhenWide();
})();
