// Toolbox enhancements. Without this file, the video link opens the file directly.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Click-to-load videos: nothing is requested before the person asks (accessibility.md §2.6).
  for (const box of document.querySelectorAll("[data-video]")) {
    const start = box.querySelector("[data-video-start]");
    if (!start) continue;
    start.setAttribute("role", "button");
    // A button also answers the space bar (a link only answers Enter).
    start.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        start.click();
      }
    });
    start.addEventListener("click", (event) => {
      event.preventDefault();
      const video = document.createElement("video");
      video.controls = true;
      video.preload = "none";
      video.src = box.dataset.src;
      video.setAttribute("title", box.dataset.title);
      video.setAttribute("aria-label", box.dataset.title);
      video.tabIndex = 0;
      const track = document.createElement("track");
      track.kind = "captions";
      track.srclang = "fr";
      track.label = "Français";
      track.src = box.dataset.captions;
      track.default = true;
      video.append(track);
      start.closest("p").replaceWith(video);
      video.focus();
    });
  }
});
