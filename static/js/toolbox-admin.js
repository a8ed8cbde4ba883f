// Live preview of Markdown fields in the admin: the same rendering and sanitising as the site,
// asked from /apercu-markdown/ (core:markdown_preview) a moment after typing stops.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  for (const area of document.querySelectorAll("textarea[data-markdown-preview]")) {
    const preview = document.createElement("div");
    preview.className = "toolbox-preview";
    preview.setAttribute("aria-live", "polite");
    const heading = document.createElement("p");
    heading.textContent = "Aperçu :";
    heading.className = "toolbox-preview-title";
    const body = document.createElement("div");
    preview.append(heading, body);
    area.insertAdjacentElement("afterend", preview);
    let timer = null;
    const refresh = async () => {
      const data = new FormData();
      data.append("text", area.value);
      const response = await fetch(area.dataset.markdownPreview, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        credentials: "same-origin",
      });
      body.innerHTML = await response.text(); // sanitised by the server (nh3)
    };
    area.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }
});
