// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  // Close the organization switcher when focus or a click moves elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.org-switcher[open]").forEach(function (details) {
      if (!details.contains(event.target)) {
        details.removeAttribute("open");
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.org-switcher[open]").forEach(function (details) {
        details.removeAttribute("open");
        var summary = details.querySelector("summary");
        if (summary) { summary.focus(); }
      });
    }
  });
})();
