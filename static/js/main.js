// Progressive enhancements shared by every page. The site works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // After a failed submit, move focus to the error summary so it is read first (RGAA 11.10).
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    return;
  }
  // A status region that already holds its text at load is often not announced: refill it.
  for (const region of document.querySelectorAll("[data-announce]")) {
    const content = Array.from(region.childNodes);
    if (!content.length || !region.textContent.trim()) continue;
    region.replaceChildren();
    window.setTimeout(() => region.replaceChildren(...content), 150);
  }
});
