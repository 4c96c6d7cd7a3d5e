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

  // Chart colours come from the stylesheet's custom properties, so charts follow the theme. The chart
  // scripts take a dataset's colour from its place in the series (seriesIndex) and call prepare()
  // before drawing; a change of theme recolours every chart already drawn.
  var charts = {
    colors: function () {
      var style = window.getComputedStyle(document.documentElement);
      function read(name) { return style.getPropertyValue(name).trim(); }
      return {
        ink: read("--chart-ink"),
        grid: read("--chart-grid"),
        series: [read("--chart-1"), read("--chart-2"), read("--chart-3"), read("--chart-4")]
      };
    },
    prepare: function () {
      var colors = charts.colors();
      if (typeof Chart !== "undefined") {
        Chart.defaults.color = colors.ink;
        Chart.defaults.borderColor = colors.grid;
      }
      return colors;
    },
    seriesColor: function (colors, index) {
      return colors.series[index % colors.series.length];
    },
    recolor: function () {
      if (typeof Chart === "undefined") { return; }
      var colors = charts.prepare();
      Object.keys(Chart.instances).forEach(function (key) {
        var chart = Chart.instances[key];
        chart.data.datasets.forEach(function (set) {
          if (typeof set.seriesIndex === "number") {
            set.borderColor = set.backgroundColor = charts.seriesColor(colors, set.seriesIndex);
          }
        });
        chart.update();
      });
    }
  };
  window.TimeTrack = { charts: charts };

  // The theme switch in the footer: System (no data-theme, the stylesheet follows the system), Light or
  // Dark. theme.js applies a stored choice in the head; this shows the switch and keeps it in step.
  var storageKey = "timetrack-theme";
  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") {
      document.documentElement.setAttribute("data-theme", theme);
    } else {
      document.documentElement.removeAttribute("data-theme");
    }
    charts.recolor();
  }
  function setUpThemeSwitch() {
    var choice = document.getElementById("theme-choice");
    if (!choice) { return; }
    var current = document.documentElement.getAttribute("data-theme");
    choice.value = current === "light" || current === "dark" ? current : "system";
    choice.addEventListener("change", function () {
      try {
        if (choice.value === "system") {
          window.localStorage.removeItem(storageKey);
        } else {
          window.localStorage.setItem(storageKey, choice.value);
        }
      } catch (e) {
        // Storage refused: the choice still holds on this page, just not on the next one.
      }
      applyTheme(choice.value);
    });
    choice.closest(".theme-switch").hidden = false;
  }
  if (window.matchMedia) {
    var dark = window.matchMedia("(prefers-color-scheme: dark)");
    if (dark.addEventListener) { dark.addEventListener("change", charts.recolor); }
  }

  // A table wider than its box scrolls inside it (.table-scroll). When it does, the box becomes a named
  // region that takes focus, so that the arrow keys can scroll it; when it fits, it is no tab stop.
  // Named by the table's caption. Landmarks need distinct names, so a caption that another landmark
  // already uses (every endpoint's "Parameters", a section named like its table) is told apart by the
  // heading of its section, or failing that by "(table)".
  function nameOf(landmark) {
    var ids = landmark.getAttribute("aria-labelledby");
    if (!ids) { return (landmark.getAttribute("aria-label") || "").trim(); }
    return ids.split(/\s+/).map(function (id) {
      var source = document.getElementById(id);
      return source ? source.textContent.trim() : "";
    }).join(" ").trim();
  }
  function labelFor(box, taken) {
    var caption = box.querySelector("caption");
    var label = caption ? caption.textContent.trim() : "Table";
    var section = box.parentElement ? box.parentElement.closest("section, article") : null;
    var heading = section ? section.querySelector("h1, h2, h3") : null;
    var headingText = heading ? heading.textContent.trim() : "";
    if (taken[label]) { label += headingText && headingText !== label ? " — " + headingText : " (table)"; }
    for (var n = 2, base = label; taken[label]; n++) { label = base + " (" + n + ")"; }
    taken[label] = true;
    return label;
  }
  function updateScrollBoxes() {
    var taken = {};
    document.querySelectorAll("section[aria-label], section[aria-labelledby], [role='region']").forEach(function (landmark) {
      taken[nameOf(landmark)] = true;
    });
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", labelFor(box, taken));
        box.setAttribute("data-made-focusable", "");
      } else if (!scrolls && box.hasAttribute("data-made-focusable")) {
        ["tabindex", "role", "aria-label", "data-made-focusable"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; updateScrollBoxes(); });
  });

  function ready() {
    setUpThemeSwitch();
    updateScrollBoxes();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
