// Draws the team dashboard's charts from their canvases' data attributes. The table beside each chart
// carries the same numbers, so nothing depends on this script. Null values are withheld figures: gaps,
// not zeros. A canvas has either data-values (one series) or data-series ([{label, values}]).
(function () {
  "use strict";
  function series(canvas) {
    var many = canvas.getAttribute("data-series");
    if (many) { return JSON.parse(many); }
    return [{ label: canvas.getAttribute("data-label-hours") || "Hours", values: JSON.parse(canvas.getAttribute("data-values") || "[]") }];
  }
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var charts = window.TimeTrack.charts, colors = charts.prepare();
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var labels = JSON.parse(canvas.getAttribute("data-labels") || "[]");
      var sets = series(canvas).map(function (set, index) {
        var color = charts.seriesColor(colors, index);
        return { label: set.label, data: set.values, seriesIndex: index, borderColor: color, backgroundColor: color, spanGaps: false };
      });
      new Chart(canvas, {
        type: canvas.getAttribute("data-chart"),
        data: { labels: labels, datasets: sets },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: sets.length > 1 } }, scales: { y: { beginAtZero: true } } }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
