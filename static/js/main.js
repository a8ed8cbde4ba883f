// Progressive enhancements shared by every page. The site works without this file.
"use strict";

// The header's menu is a <details> (it works without JavaScript). Where the page is wide enough
// for the whole navigation (measured in rem, so that 200 % text counts as a narrow screen), it
// stays open and its « Menu » button is hidden; on narrow screens it starts closed.
(() => {
  const WIDE_REM = 64;
  const menu = document.querySelector("[data-site-menu]");
  if (!menu) return;

  function wide() {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    return document.documentElement.clientWidth / rem >= WIDE_REM;
  }

  let staticMenu = null;
  function layout() {
    const isWide = wide();
    if (isWide === staticMenu) return;
    staticMenu = isWide;
    menu.classList.toggle("site-menu-static", isWide);
    if (isWide) menu.open = true;
    else if (!menu.contains(document.activeElement)) menu.open = false;
  }
  layout();
  let resizing = 0;
  window.addEventListener("resize", () => {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(layout, 100);
  });

  // The skip links « Aller au menu » and « Aller à la recherche » lead into the menu: open it.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (target && menu.contains(target)) menu.open = true;
  });
  // Escape closes the open menu (narrow screens) and returns focus to its button.
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && !staticMenu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();

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
