// Draws the team dashboard's trend from its canvas's data attributes. The table beside it carries the
// same numbers, so nothing depends on this script. Null values are suppressed weeks: gaps, not zeros.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var labels = JSON.parse(canvas.getAttribute("data-labels") || "[]");
      var values = JSON.parse(canvas.getAttribute("data-values") || "[]");
      new Chart(canvas, {
        type: canvas.getAttribute("data-chart"),
        data: { labels: labels, datasets: [{ label: "Hours", data: values, borderColor: "#1f5f8b", backgroundColor: "#1f5f8b", spanGaps: false }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
