// Forum Markdown editor: a formatting toolbar (one Tab stop, arrow keys move between buttons)
// and an « Aperçu » rendered by the server (POST /apercu-markdown/ with members=1). Without
// JavaScript the textarea works alone: this only enhances it.
(function () {
  "use strict";

  var ACTIONS = [
    { label: "Gras", before: "**", after: "**", placeholder: "texte en gras" },
    { label: "Italique", before: "*", after: "*", placeholder: "texte en italique" },
    { label: "Lien", before: "[", after: "](https://)", placeholder: "texte du lien" },
    { label: "Liste", before: "\n- ", after: "", placeholder: "élément de liste", line: true },
    { label: "Citation", before: "\n> ", after: "", placeholder: "citation", line: true },
  ];

  function wrap(textarea, action) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    var selected = value.slice(start, end) || action.placeholder;
    var before = action.line && (start === 0 || value[start - 1] === "\n")
      ? action.before.replace("\n", "")
      : action.before;
    textarea.value = value.slice(0, start) + before + selected + action.after + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + before.length, start + before.length + selected.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function toolbar(textarea) {
    var bar = document.createElement("div");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Mise en forme du message");
    bar.setAttribute("aria-controls", textarea.id);
    bar.className = "forum-toolbar";
    var buttons = ACTIONS.map(function (action, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button-secondary";
      button.textContent = action.label;
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", function () { wrap(textarea, action); });
      bar.appendChild(button);
      return button;
    });
    bar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      var next = null;
      if (event.key === "ArrowRight") next = (index + 1) % buttons.length;
      if (event.key === "ArrowLeft") next = (index - 1 + buttons.length) % buttons.length;
      if (event.key === "Home") next = 0;
      if (event.key === "End") next = buttons.length - 1;
      if (next === null) return;
      event.preventDefault();
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    return bar;
  }

  function preview(editor, textarea) {
    var form = textarea.form;
    var box = document.createElement("div");
    box.className = "forum-preview-box";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button-secondary";
    button.textContent = "Aperçu";
    button.setAttribute("aria-expanded", "false");
    var region = document.createElement("section");
    region.className = "forum-preview";
    region.hidden = true;
    region.setAttribute("aria-label", "Aperçu du message");
    var status = document.createElement("p");
    status.className = "sr-only";
    status.setAttribute("role", "status");
    box.appendChild(button);
    box.appendChild(status);
    box.appendChild(region);
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-expanded") === "true") {
        region.hidden = true;
        button.setAttribute("aria-expanded", "false");
        button.textContent = "Aperçu";
        return;
      }
      var data = new FormData();
      data.append("text", textarea.value);
      data.append("members", "1");
      var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(editor.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          region.innerHTML = html;
          region.hidden = false;
          button.setAttribute("aria-expanded", "true");
          button.textContent = "Masquer l'aperçu";
          status.textContent = "Aperçu affiché sous le bouton.";
        })
        .catch(function () {
          status.textContent = "L'aperçu n'a pas pu être affiché. Votre texte est conservé.";
        });
    });
    return box;
  }

  document.querySelectorAll(".forum-editor[data-preview-url]").forEach(function (editor) {
    var textarea = editor.querySelector("textarea");
    if (!textarea) return;
    textarea.parentNode.insertBefore(toolbar(textarea), textarea);
    editor.appendChild(preview(editor, textarea));
  });
})();
