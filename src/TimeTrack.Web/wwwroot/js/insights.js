// Draws each insights chart from its canvas's data attributes. The table beside each chart carries
// the same numbers, so nothing depends on this script.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var charts = window.TimeTrack.charts, colors = charts.prepare();
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var labels = JSON.parse(canvas.getAttribute("data-labels") || "[]");
      var values = JSON.parse(canvas.getAttribute("data-values") || "[]");
      new Chart(canvas, {
        type: canvas.getAttribute("data-chart"),
        data: { labels: labels, datasets: [{ label: canvas.getAttribute("data-label-hours") || "Hours", data: values, seriesIndex: 0, backgroundColor: charts.seriesColor(colors, 0) }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
