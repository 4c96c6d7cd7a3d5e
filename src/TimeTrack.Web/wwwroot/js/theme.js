// Runs in the head, before the body is parsed: puts the theme chosen with the footer's switch (see
// site.js) on <html>, so the page is painted in it from the start. With no choice, or no JavaScript,
// the stylesheet follows the system setting.
(function () {
  "use strict";
  var theme = null;
  try {
    theme = window.localStorage.getItem("timetrack-theme");
  } catch (e) {
    // Storage can be refused (privacy settings); the system setting then applies, as without a choice.
  }
  if (theme === "light" || theme === "dark") {
    document.documentElement.setAttribute("data-theme", theme);
  }
})();
