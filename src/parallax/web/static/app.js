// Parallax: progressive enhancement only; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("toggle-marks");
  const text = document.getElementById("article-text");
  if (toggle && text) {
    toggle.addEventListener("change", () => text.classList.toggle("marks-on", toggle.checked));
  }
  // Keep the raw text panel's state in the URL so "?raw=1" links can be shared.
  const raw = document.getElementById("raw");
  if (raw) {
    raw.addEventListener("toggle", () => {
      const url = new URL(window.location.href);
      if (raw.open) url.searchParams.set("raw", "1"); else url.searchParams.delete("raw");
      window.history.replaceState(null, "", url);
    });
  }
});
