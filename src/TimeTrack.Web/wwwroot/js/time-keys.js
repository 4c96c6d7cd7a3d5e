// Keyboard shortcuts of the My time page. Progressive enhancement only: each one is a short way to a
// button, link or form already on the page. They never fire while the person types in a field, nor
// with Ctrl, Alt or Meta held (those belong to the browser and the system). "?" lists them.
(function () {
  "use strict";
  var dialog = document.getElementById("shortcuts-dialog");
  var opener = document.getElementById("shortcuts-button");
  if (!dialog || typeof dialog.showModal !== "function") { return; }

  function byId(id) { return document.getElementById(id); }
  function typing(target) {
    if (!(target instanceof Element)) { return false; }
    if (target.isContentEditable) { return true; }
    return target.matches("input, textarea, select");
  }
  function submit(form) {
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }
  function go(link) {
    if (!link) { return false; }
    window.location.assign(link.href);
    return true;
  }
  // The timer bar's picker: the combobox when timer-bar.js has shown it, else the project select.
  function picker(prefix) {
    var combobox = byId(prefix + "_Pick");
    return combobox && combobox.getClientRects().length > 0 ? combobox : byId(prefix + "_ProjectId");
  }
  function focusField(field) {
    if (!field) { return false; }
    field.focus();
    field.scrollIntoView({ block: "center" });
    return true;
  }

  var actions = {
    // Stops a running timer; else starts one when a project is chosen, or goes to the project to choose.
    s: function () {
      var stop = byId("timer-stop-form");
      if (stop) { submit(stop); return true; }
      var start = byId("timer-start-form");
      if (!start) { return false; }
      var project = byId("Timer_ProjectId");
      if (project && project.value) { submit(start); return true; }
      return focusField(picker("Timer"));
    },
    w: function () {
      var details = byId("timer-switch");
      if (!details) { return false; }
      details.open = true;
      return focusField(picker("Switch"));
    },
    e: function () { return focusField(byId("Entry_Date")); },
    p: function () { return go(byId("week-previous")); },
    n: function () { return go(byId("week-next")); },
    t: function () { return go(byId("timesheet-link")); },
    c: function () { return go(byId("calendar-link")); },
    "?": function () { open(); return true; }
  };

  function open() {
    if (!dialog.open) { dialog.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) { return; }
    if (dialog.open || typing(event.target)) { return; }
    var action = Object.prototype.hasOwnProperty.call(actions, event.key) ? actions[event.key] : null;
    if (action && action()) { event.preventDefault(); }
  });

  if (opener) {
    opener.hidden = false;
    opener.addEventListener("click", open);
  }
  dialog.querySelectorAll("[data-close-dialog]").forEach(function (button) {
    button.addEventListener("click", function () { dialog.close(); });
  });
})();
