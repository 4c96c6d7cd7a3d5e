// The timer bar, enhanced. Without this script the bar is plain forms that post and redirect; with it:
// - the three selects of project, task and outcome become one combobox (WAI-ARIA 1.2 pattern, list
//   autocomplete with the first match active) whose options are the picks that belong together, from
//   the picker's data-choices; the selects stay, hidden, and are what the form posts;
// - Start, Stop and Switch post in place and swap only the parts of the page the server sends back
//   (elements with data-fragment, matched by id), then put the focus where the person goes next.
// Every sentence shown comes from the page (data- attributes), none from here. The submit handler runs
// in the bubble phase, so a handler in the capture phase (offline queueing) can take a submit first.
(function () {
  "use strict";
  var FRAGMENT_HEADER = "X-TimeTrack-Fragment";
  var uid = 0;

  function normalize(text) { return (text || "").toLocaleLowerCase().replace(/\s+/g, " ").trim(); }

  function matches(label, query) {
    var words = normalize(query).replace(/·/g, " ").split(" ").filter(Boolean);
    var text = normalize(label);
    return words.every(function (word) { return text.indexOf(word) !== -1; });
  }

  function enhancePicker(picker) {
    if (picker.hasAttribute("data-picker-ready")) { return; }
    var box = picker.querySelector("[data-picker-box]");
    var selects = picker.querySelector("[data-picker-selects]");
    var input = box && box.querySelector("[role=combobox]");
    var list = box && box.querySelector("[role=listbox]");
    var project = selects && selects.querySelector("select[name$='.ProjectId']");
    var task = selects && selects.querySelector("select[name$='.TaskId']");
    var outcome = selects && selects.querySelector("select[name$='.OutcomeId']");
    var choices;
    try { choices = JSON.parse(picker.getAttribute("data-choices") || "[]"); } catch (e) { return; }
    if (!input || !list || !project || !task || !outcome || !Array.isArray(choices)) { return; }
    picker.setAttribute("data-picker-ready", "");

    var prefix = input.id + "-option-";
    var shown = [];
    var active = -1;

    function chosen() {
      return choices.filter(function (c) {
        return c.p === project.value && (c.t || "") === task.value && (c.o || "") === outcome.value;
      })[0] || null;
    }
    function setSelects(choice) {
      project.value = choice ? choice.p : "";
      task.value = choice && choice.t ? choice.t : "";
      outcome.value = choice && choice.o ? choice.o : "";
    }

    function open() {
      input.setAttribute("aria-expanded", "true");
      list.hidden = false;
    }
    function close() {
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      list.hidden = true;
      active = -1;
    }
    function activate(index) {
      var options = list.children;
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (index < 0 || !options[index]) { input.removeAttribute("aria-activedescendant"); return; }
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
    function render(query) {
      shown = choices.filter(function (c) { return matches(c.l, query); });
      var items = shown.map(function (choice, index) {
        var option = document.createElement("li");
        option.id = prefix + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = choice.l;
        return option;
      });
      list.replaceChildren.apply(list, items);
      active = -1;
      if (shown.length === 0) { close(); return; }
      open();
      // The first match is active, so Enter takes it straight away.
      if (normalize(query)) { activate(0); }
    }
    function pick(choice) {
      setSelects(choice);
      input.value = choice ? choice.l : "";
      clearError();
      close();
    }
    // A new pick answers the picker's errors, the server's included: they go, with the invalid marks.
    function clearError() {
      if (input.getAttribute("aria-invalid") === "true") {
        (input.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
          var error = id && document.getElementById(id);
          if (error) { error.textContent = ""; }
        });
        [project, task, outcome].forEach(function (select) { select.setAttribute("aria-invalid", "false"); });
      }
      input.setAttribute("aria-invalid", "false");
    }

    // A pick the page came back with (after an error) shows as its label; one that does not belong
    // together is not a pick, so it is cleared rather than shown as something it is not.
    var initial = chosen();
    if (!initial && project.value) {
      setSelects(null);
    }
    input.value = initial ? initial.l : "";
    selects.hidden = true;
    box.hidden = false;

    input.addEventListener("input", function () {
      // Typing changes the pick: until an option is taken, nothing is chosen.
      setSelects(null);
      render(input.value);
    });
    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var expanded = input.getAttribute("aria-expanded") === "true";
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            render(chosen() ? "" : input.value);
            if (event.altKey || active >= 0) { return; }
          }
          if (shown.length) { activate(active < shown.length - 1 ? active + 1 : 0); }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) { render(chosen() ? "" : input.value); }
          if (shown.length) { activate(active > 0 ? active - 1 : shown.length - 1); }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            pick(shown[active]);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            event.stopPropagation();
            close();
          } else if (input.value) {
            event.preventDefault();
            pick(null);
          }
          break;
        case "Tab":
          if (expanded && active >= 0 && normalize(input.value)) { pick(shown[active]); } else { close(); }
          break;
        default:
          break;
      }
    });
    input.addEventListener("blur", function () {
      // A label typed out in full is that pick, even without taking it from the list.
      if (!chosen() && input.value) {
        var exact = choices.filter(function (c) { return normalize(c.l) === normalize(input.value); })[0];
        if (exact) { setSelects(exact); }
      }
      window.setTimeout(function () { if (document.activeElement !== input) { close(); } }, 150);
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
      if (!option) { return; }
      var index = Array.prototype.indexOf.call(list.children, option);
      if (index >= 0) { pick(shown[index]); input.focus(); }
    });

    // Refused before it goes anywhere: no project, or typed text that is none of the picks.
    picker.timerBarCheck = function () {
      if (project.value) { return true; }
      var error = document.getElementById(project.getAttribute("aria-describedby"));
      if (error) {
        error.textContent = picker.getAttribute(input.value.trim() ? "data-unknown" : "data-required") || "";
      }
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return false;
    };
  }

  function enhance(root) {
    root.querySelectorAll("[data-picker]").forEach(enhancePicker);
  }

  function swap(html) {
    var incoming = new DOMParser().parseFromString(html, "text/html");
    var swapped = [];
    incoming.body.querySelectorAll("[data-fragment][id]").forEach(function (part) {
      var target = document.getElementById(part.id);
      if (!target) { return; }
      if (part.getAttribute("data-fragment") === "inner") {
        // The element stays (a live region announces the change of its content).
        target.replaceChildren.apply(target, Array.prototype.map.call(part.childNodes, function (n) { return document.importNode(n, true); }));
        swapped.push(target);
      } else {
        var fresh = document.importNode(part, true);
        target.replaceWith(fresh);
        swapped.push(fresh);
      }
    });
    swapped.forEach(enhance);
    document.dispatchEvent(new CustomEvent("timetrack:timer-updated"));
    return swapped.length > 0;
  }

  function focusAfter(refused) {
    var bar = document.getElementById("timer-bar");
    if (!bar) { return; }
    var target = null;
    if (refused) {
      target = Array.prototype.filter.call(bar.querySelectorAll("[aria-invalid=true]"), function (el) {
        return el.getClientRects().length > 0;
      })[0] || bar.querySelector(".validation-summary");
      if (target && target.matches(".validation-summary")) { target.setAttribute("tabindex", "-1"); }
    } else {
      target = bar.querySelector("[data-focus-after-swap]");
    }
    if (target) { target.focus(); }
  }

  function unreachable(form) {
    var bar = document.getElementById("timer-bar");
    var status = document.getElementById("timer-status");
    if (bar && status) { status.textContent = bar.getAttribute("data-unreachable") || ""; }
    form.removeAttribute("aria-busy");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute("data-in-place")) { return; }
    if (typeof window.fetch !== "function" || typeof DOMParser !== "function") { return; }
    event.preventDefault();
    var pickers = form.querySelectorAll("[data-picker-ready]");
    for (var i = 0; i < pickers.length; i++) {
      if (typeof pickers[i].timerBarCheck === "function" && !pickers[i].timerBarCheck()) { return; }
    }
    if (form.getAttribute("aria-busy") === "true") { return; }
    form.setAttribute("aria-busy", "true");
    var headers = {};
    headers[FRAGMENT_HEADER] = "timer";
    window.fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: headers,
      credentials: "same-origin"
    }).then(function (response) {
      var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
      if (response.redirected) {
        // Sent elsewhere (signed out, say): go there, as a plain post would have.
        window.location.assign(response.url);
        return null;
      }
      if (!html || (response.status !== 200 && response.status !== 422)) {
        // Not a fragment: post the form as it would be without script and show what the server says.
        HTMLFormElement.prototype.submit.call(form);
        return null;
      }
      return response.text().then(function (text) {
        if (!swap(text)) { window.location.reload(); return; }
        focusAfter(response.status === 422);
      });
    }, function () {
      // No answer at all: the server is unreachable. A timer action waits in this browser's queue
      // (offline-timer.js) with the time it was made; anything else is reported.
      form.removeAttribute("aria-busy");
      if (!(window.TimeTrackOfflineTimer && window.TimeTrackOfflineTimer.queue(form))) { unreachable(form); }
    }).catch(function () { unreachable(form); });
  });

  enhance(document);
})();
