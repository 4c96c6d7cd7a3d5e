// Turns the week list of the calendar page into a time grid (EventCalendar). Every change is posted to the
// server, which applies the same rules as every other way of changing time; a refusal puts the entry back
// and shows the server's reason in the page's live region.
(function () {
  "use strict";
  var root = document.getElementById("calendar");
  if (!root || typeof EventCalendar === "undefined" || typeof window.fetch !== "function") { return; }

  var list = document.getElementById("calendar-list");
  var hint = document.querySelector(".calendar-hint");
  var message = document.getElementById("calendar-message");
  var weekTotal = document.getElementById("week-total");
  var dialog = document.getElementById("calendar-new-entry");
  var form = document.getElementById("calendar-new-entry-form");
  var project = document.getElementById("calendar-project");
  var when = document.getElementById("calendar-new-entry-when");
  var token = form.querySelector("input[name='__RequestVerificationToken']").value;
  // The page's language: its locale and every text this script writes come from data- attributes.
  var locale = root.getAttribute("data-locale") || "en-GB";
  function t(name, value) {
    var text = root.getAttribute("data-text-" + name) || "";
    return value === undefined ? text : text.replace("{0}", function () { return String(value); });
  }
  var totals = {};
  var pending = null;
  var justDragged = false;

  // The calendar runs in UTC and gets the person's wall-clock times without an offset, so a Date's UTC
  // fields are their wall clock, whatever the browser's zone, and no daylight-saving rule of the browser
  // bends the grid. The server turns the wall-clock times back into instants in the person's zone.
  function local(date) { return date.toISOString().slice(0, 19); }
  function dayOf(date) { return date.toISOString().slice(0, 10); }
  var dayName = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  var clock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

  function say(text, isError) {
    message.textContent = text;
    message.classList.toggle("calendar-message-error", !!isError);
  }

  function totalFor(date) {
    if (!totals[date]) {
      totals[date] = document.createElement("span");
      totals[date].className = "calendar-day-total";
      totals[date].setAttribute("data-date", date);
    }
    return totals[date];
  }

  function showTotals(week) {
    week.days.forEach(function (day) { totalFor(day.date).textContent = day.total; });
    weekTotal.textContent = week.total;
  }

  function toEvents(week) {
    var events = [];
    week.days.forEach(function (day) {
      if (day.workStart && day.workEnd) {
        events.push({ id: "hours-" + day.date, start: day.date + "T" + day.workStart, end: day.date + "T" + day.workEnd, display: "background", classNames: ["calendar-working-hours"] });
      }
    });
    week.entries.forEach(function (entry) {
      var classes = ["calendar-entry"];
      if (entry.outsideHours) { classes.push("calendar-outside-hours"); }
      if (entry.running) { classes.push("calendar-running"); }
      if (entry.durationOnly) {
        // Time without clock times (ADR 023) has a day and a length, never a place on the clock.
        classes.push("calendar-duration-only");
        events.push({ id: entry.id, allDay: true, start: entry.date, end: entry.date, title: entry.title + " · " + entry.length, editable: false, classNames: classes, extendedProps: entry });
      } else {
        events.push({ id: entry.id, start: entry.start, end: entry.end, title: entry.title, editable: entry.movable, classNames: classes, extendedProps: entry });
      }
    });
    return events;
  }

  function load(info, success, failure) {
    fetch(root.getAttribute("data-events-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(t("not-loaded", response.status)); }
        return response.json();
      })
      .then(function (week) {
        showTotals(week);
        success(toEvents(week));
      })
      .catch(function (error) {
        say(error.message + " " + t("reload"), true);
        failure(error);
      });
  }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-TOKEN": token, Accept: "application/json" },
      body: new URLSearchParams(fields),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    });
  }

  function refused(result) {
    return (result.body && (result.body.detail || result.body.title)) || t("not-saved", result.status);
  }

  function content(info) {
    var event = info.event;
    if (event.display === "background") { return ""; }
    var entry = event.extendedProps || {};
    var nodes = [];
    if (!entry.durationOnly && info.timeText) {
      var time = document.createElement("span");
      time.className = "calendar-entry-time";
      time.textContent = info.timeText;
      nodes.push(time);
    }
    var title = typeof event.title === "string" ? event.title : entry.title;
    if (entry.editUrl) {
      var link = document.createElement("a");
      link.href = entry.editUrl;
      link.className = "calendar-entry-link";
      // A link is dragged natively by default, which would take the pointer away from moving the entry.
      link.draggable = false;
      link.textContent = title;
      var about = document.createElement("span");
      about.className = "visually-hidden";
      about.textContent = " (" + t("edit-entry", entry.about) + ")";
      link.appendChild(about);
      nodes.push(link);
    } else {
      var text = document.createElement("span");
      text.textContent = title || "";
      nodes.push(text);
    }
    if (entry.outsideHours) {
      var badge = document.createElement("span");
      badge.className = "calendar-badge";
      badge.textContent = t("outside-hours");
      nodes.push(badge);
    }
    if (entry.running) {
      var running = document.createElement("span");
      running.className = "calendar-badge";
      running.textContent = t("running");
      nodes.push(running);
    }
    return { domNodes: nodes };
  }

  function describe(start, end) {
    return dayName.format(start) + ", " + clock.format(start) + "–" + clock.format(end);
  }

  function change(info) {
    var event = info.event;
    var entry = event.extendedProps;
    var url = root.getAttribute("data-move-url").replace("{id}", encodeURIComponent(event.id));
    say(t("saving"));
    post(url, { version: entry.version, start: local(event.start), end: local(event.end) }).then(function (result) {
      if (result.ok) {
        entry.version = result.body.version;
        say(t("saved", entry.title + ", " + describe(event.start, event.end)));
      } else {
        info.revert();
        say(refused(result), true);
      }
      calendar.refetchEvents();
    }, function () {
      info.revert();
      say(t("change-not-sent"), true);
    });
  }

  function markDrag() {
    justDragged = true;
  }

  function endDrag() {
    // The click that ends a drag must not follow the entry's edit link.
    window.setTimeout(function () { justDragged = false; }, 0);
  }

  root.addEventListener("click", function (e) {
    if (justDragged && e.target.closest && e.target.closest("a.calendar-entry-link")) { e.preventDefault(); }
  }, true);

  var calendar = EventCalendar.create(root, {
    view: "timeGridWeek",
    date: root.getAttribute("data-week"),
    firstDay: Number(root.getAttribute("data-first-day")),
    timeZone: "UTC",
    locale: locale,
    headerToolbar: { start: "", center: "", end: "" },
    allDaySlot: true,
    allDayContent: t("all-day"),
    editable: true,
    selectable: true,
    eventResizableFromStart: false,
    slotDuration: "00:30",
    snapDuration: "00:15",
    slotLabelFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    dayHeaderFormat: function (date) {
      var name = document.createElement("span");
      name.className = "calendar-day-name";
      name.textContent = dayName.format(date);
      return { domNodes: [name, totalFor(dayOf(date))] };
    },
    eventSources: [{ events: load }],
    eventContent: content,
    eventDragStart: markDrag,
    eventResizeStart: markDrag,
    eventDragStop: endDrag,
    eventResizeStop: endDrag,
    eventDrop: change,
    eventResize: change,
    select: function (info) {
      if (info.allDay) {
        calendar.unselect();
        say(t("all-day-select"));
        return;
      }
      pending = { start: info.start, end: info.end };
      when.textContent = describe(info.start, info.end);
      dialog.showModal();
      project.focus();
    },
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var range = pending;
    pending = null;
    dialog.close();
    calendar.unselect();
    if (!range) { return; }
    say(t("saving"));
    post(root.getAttribute("data-create-url"), { projectId: project.value, start: local(range.start), end: local(range.end) }).then(function (result) {
      if (result.ok) {
        say(t("added", project.options[project.selectedIndex].text + ", " + describe(range.start, range.end)));
        calendar.refetchEvents();
      } else {
        say(refused(result), true);
      }
    }, function () {
      say(t("entry-not-sent"), true);
    });
  });

  document.getElementById("calendar-new-entry-cancel").addEventListener("click", function () {
    pending = null;
    dialog.close();
    calendar.unselect();
  });

  dialog.addEventListener("close", function () {
    pending = null;
    calendar.unselect();
  });

  // EventCalendar marks its grid up as an ARIA table whose children also include its toolbar and the
  // entries (nav and article), which is no valid table (axe: aria-required-children). The entries' edit
  // links say the day, the times and the project, so the grid is left as plain markup.
  var tableRoles = ["table", "rowgroup", "row", "columnheader", "rowheader", "cell"];
  function plain() {
    root.querySelectorAll("[role]").forEach(function (element) {
      if (tableRoles.indexOf(element.getAttribute("role")) >= 0) {
        element.removeAttribute("role");
        element.removeAttribute("aria-colindex");
        element.removeAttribute("aria-colspan");
      }
    });
  }
  plain();
  new MutationObserver(plain).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["role"] });

  // The calendar now holds every entry with its edit link; the list stays for pages without script.
  list.hidden = true;
  hint.hidden = false;
})();
