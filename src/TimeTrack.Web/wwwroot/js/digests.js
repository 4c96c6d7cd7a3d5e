// Draws the digest trend (total and focus hours per week) from the canvas's data attributes. The
// table beside it carries the same numbers, so nothing depends on this script.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("digest-trend-chart");
    if (!canvas || typeof Chart === "undefined") { return; }
    function read(name) { return JSON.parse(canvas.getAttribute(name) || "[]"); }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: read("data-labels"),
        datasets: [
          { label: "Total hours", data: read("data-totals"), borderColor: "#1f5f8b", backgroundColor: "#1f5f8b" },
          { label: "Focus hours", data: read("data-focus"), borderColor: "#2e7d4f", backgroundColor: "#2e7d4f", borderDash: [6, 4] }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
