// Draws each insights chart from its canvas's data attributes. The table beside each chart carries
// the same numbers, so nothing depends on this script.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var labels = JSON.parse(canvas.getAttribute("data-labels") || "[]");
      var values = JSON.parse(canvas.getAttribute("data-values") || "[]");
      new Chart(canvas, {
        type: canvas.getAttribute("data-chart"),
        data: { labels: labels, datasets: [{ label: "Hours", data: values, backgroundColor: "#1f5f8b" }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
