// Progressive enhancement only: the running timer's elapsed time counts up between page loads.
(function () {
  "use strict";
  function format(ms) {
    var minutes = Math.max(0, Math.floor(ms / 60000));
    var hours = Math.floor(minutes / 60);
    var rest = minutes % 60;
    if (hours === 0) { return rest + "m"; }
    if (rest === 0) { return hours + "h"; }
    return hours + "h " + (rest < 10 ? "0" : "") + rest + "m";
  }
  function tick() {
    document.querySelectorAll("[data-timer-start]").forEach(function (element) {
      var start = Date.parse(element.getAttribute("data-timer-start"));
      if (!isNaN(start)) {
        element.textContent = format(Date.now() - start);
      }
    });
  }
  tick();
  window.setInterval(tick, 15000);
})();
