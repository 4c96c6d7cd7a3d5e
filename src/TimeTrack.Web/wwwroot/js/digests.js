// Draws the digest trend (total and focus hours per week) from the canvas's data attributes. The
// table beside it carries the same numbers, so nothing depends on this script.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("digest-trend-chart");
    if (!canvas || typeof Chart === "undefined") { return; }
    function read(name) { return JSON.parse(canvas.getAttribute(name) || "[]"); }
    var charts = window.TimeTrack.charts, colors = charts.prepare();
    new Chart(canvas, {
      type: "line",
      data: {
        labels: read("data-labels"),
        datasets: [
          { label: "Total hours", data: read("data-totals"), seriesIndex: 0, borderColor: charts.seriesColor(colors, 0), backgroundColor: charts.seriesColor(colors, 0) },
          { label: "Focus hours", data: read("data-focus"), seriesIndex: 2, borderColor: charts.seriesColor(colors, 2), backgroundColor: charts.seriesColor(colors, 2), borderDash: [6, 4] }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
