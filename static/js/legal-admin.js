// Legal guide admin: an « Aperçu » button under each Markdown field. The preview comes from
// POST /apercu-markdown/, the same sanitised rendering as the published page; it is inserted as
// HTML that the server already sanitised (nh3).
(function () {
  "use strict";
  function setUp(textarea) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Aperçu";
    var output = document.createElement("div");
    output.className = "legal-preview";
    output.setAttribute("role", "region");
    output.setAttribute("aria-live", "polite");
    output.setAttribute("aria-label", "Aperçu du texte");
    output.hidden = true;
    textarea.insertAdjacentElement("afterend", output);
    textarea.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      var token = document.querySelector("[name=csrfmiddlewaretoken]");
      var body = new FormData();
      body.append("text", textarea.value);
      fetch("/apercu-markdown/", {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          output.innerHTML = html;
          output.hidden = false;
        })
        .catch(function () {
          output.textContent = "Erreur : l'aperçu n'a pas pu être chargé.";
          output.hidden = false;
        });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(setUp);
  });
})();
