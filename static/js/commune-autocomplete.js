// Commune autocomplete: turns the plain commune text field into the accessible-autocomplete
// combobox (alphagov, vendored in static/vendor/autocomplete/), fed by /api/v1/communes/?q=.
// Without this file, or without JavaScript, the text field works alone: the server resolves
// what was typed and offers a choice when several communes match.
"use strict";

(() => {
  const MIN_LENGTH = 2;
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  // The library writes suggestions as HTML: escape them, even though they come from our API.
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]);
  const plural = (count, word) => `${count} ${word}${count > 1 ? "s" : ""}`;

  function enhance(container) {
    const original = container.querySelector("input[type='text']");
    if (!original || typeof window.accessibleAutocomplete !== "function") return;

    // What the server linked to the field: help text, error, invalid state.
    const describedBy = original.getAttribute("aria-describedby") || "";
    const invalid = original.getAttribute("aria-invalid");
    const slot = document.createElement("div");
    original.replaceWith(slot);

    let latest = 0;
    window.accessibleAutocomplete({
      element: slot,
      id: original.id,
      name: original.name,
      defaultValue: original.value,
      minLength: MIN_LENGTH,
      displayMenu: "inline",
      confirmOnBlur: false,
      source: async (query, populate) => {
        const ticket = ++latest;
        try {
          const response = await fetch(`/api/v1/communes/?q=${encodeURIComponent(query)}`, {
            headers: { Accept: "application/json" },
          });
          const communes = response.ok ? await response.json() : [];
          // An older answer arriving after a newer one must not replace it.
          if (ticket === latest) populate(communes.map((commune) => commune.label));
        } catch {
          if (ticket === latest) populate([]);
        }
      },
      templates: {
        inputValue: (value) => value,
        suggestion: (value) => escapeHtml(value),
      },
      tNoResults: () => "Aucune commune trouvée",
      tStatusQueryTooShort: (minLength) => `Tapez au moins ${minLength} caractères.`,
      tStatusNoResults: () => "Aucune commune trouvée.",
      tStatusSelectedOption: (option, length, index) =>
        `${option}, ${index + 1} sur ${length}, est sélectionnée.`,
      tStatusResults: (length, selected) =>
        `${plural(length, "proposition")}. ${selected || ""}`.trim(),
      tAssistiveHint: () =>
        "Quand des propositions apparaissent, parcourez-les avec les flèches haut et bas, " +
        "puis choisissez avec Entrée. Sur un écran tactile, explorez-les au toucher ou par " +
        "balayage.",
    });

    const input = document.getElementById(original.id);
    if (!input) return;
    if (invalid) input.setAttribute("aria-invalid", invalid);
    // The library manages aria-describedby for its own hint and removes it once typing starts;
    // keep the field's help text and error linked in every state.
    const keepDescription = () => {
      const hint = input.getAttribute("aria-describedby") || "";
      const wanted = [...new Set([...describedBy.split(" "), ...hint.split(" ")])]
        .filter(Boolean)
        .join(" ");
      if (wanted && input.getAttribute("aria-describedby") !== wanted) {
        input.setAttribute("aria-describedby", wanted);
      }
    };
    keepDescription();
    new MutationObserver(keepDescription).observe(input, {
      attributes: true,
      attributeFilter: ["aria-describedby"],
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-commune-autocomplete]").forEach(enhance);
  });
})();
