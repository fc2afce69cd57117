/* Runs in the page head, before the first paint (inlined by the extension): marks that the edition's
   script is at work and applies the reader's note layers, so that hidden layers never flash into view. */
(function () {
  var root = document.documentElement;
  root.classList.add("edition-js");
  // Where notes will go, as far as the window's width tells; edition.js measures and corrects it.
  root.classList.add(window.matchMedia("(min-width: 1200px)").matches ? "edition-margin" : "edition-narrow");
  // Should edition.js fail to run, the theme's own layout comes back and every note is shown.
  window.addEventListener("load", function () {
    if (!root.classList.contains("edition-ready")) root.classList.remove("edition-js", "edition-margin", "edition-narrow");
  });
  try {
    var shown = JSON.parse(localStorage.getItem("edition-layers") || "{}");
    ["notes", "apparatus", "themes"].forEach(function (layer) {
      if (shown[layer] === false) root.classList.add("edition-hide-" + layer);
    });
  } catch (e) {
    /* storage blocked or unreadable: every layer is shown */
  }
})();
