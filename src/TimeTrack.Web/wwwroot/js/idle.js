// The idle-time question of the My time page, for people who chose an idle time in their reminders.
// While a timer runs (the element with data-timer-start), it notes the last moment of activity on the
// page: pointer, keys, scrolling, focus and the tab becoming visible again. When the person comes back
// after at least the chosen minutes without any, or the computer wakes from sleep (a 15-second tick
// that arrives much later than due), it asks whether to keep the idle time or discard it. Discarding
// posts the dialog's form (a plain form post); keeping it, or Escape, just closes the dialog.
(function () {
  "use strict";
  var dialog = document.getElementById("idle-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var idleMs = Number(dialog.getAttribute("data-idle-minutes")) * 60000;
  if (!(idleMs > 0)) { return; }

  var tickMs = 15000;
  var sleptAfterMs = tickMs + 60000;
  var clock;
  try {
    clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: dialog.getAttribute("data-zone") || undefined });
  } catch (e) {
    clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  var lastActivity = Date.now();
  var lastTick = lastActivity;

  function timerStart() {
    var running = document.querySelector("[data-timer-start]");
    if (!running) { return null; }
    var start = Date.parse(running.getAttribute("data-timer-start"));
    return isNaN(start) ? null : start;
  }

  function set(selector, text) {
    var element = dialog.querySelector(selector);
    if (element) { element.textContent = text; }
  }

  // Asks about the time from `from` (the last activity) to `to` (now); false when there is nothing to ask about.
  function ask(from, to) {
    var start = timerStart();
    if (start === null) { return false; }
    from = Math.max(from, start);
    if (to - from < idleMs) { return false; }
    set("[data-idle-from]", clock.format(new Date(from)));
    set("[data-idle-to]", clock.format(new Date(to)));
    set("[data-idle-length]", String(Math.round((to - from) / 60000)));
    dialog.querySelector("[data-idle-start]").value = new Date(from).toISOString();
    dialog.showModal();
    var keep = dialog.querySelector("[data-idle-keep]");
    if (keep) { keep.focus(); }
    return true;
  }

  function active() {
    if (dialog.open) { return; }
    var now = Date.now();
    if (now - lastActivity >= idleMs) { ask(lastActivity, now); }
    lastActivity = now;
  }

  function kept() {
    lastActivity = Date.now();
    lastTick = lastActivity;
  }

  ["pointermove", "pointerdown", "keydown", "wheel", "scroll", "touchstart", "focus"].forEach(function (name) {
    window.addEventListener(name, active, { capture: true, passive: true });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { active(); } else if (!dialog.open) { lastActivity = Date.now(); }
  });

  window.setInterval(function () {
    var now = Date.now();
    var slept = now - lastTick > sleptAfterMs;
    lastTick = now;
    if (slept && !dialog.open && document.visibilityState === "visible") {
      // Nothing happens on a sleeping computer: the person was away since the last activity before it slept.
      if (ask(lastActivity, now)) { lastActivity = now; }
    }
  }, tickMs);

  dialog.querySelector("[data-idle-keep]").addEventListener("click", function () { dialog.close(); });
  // Escape closes a modal dialog: that keeps the time too.
  dialog.addEventListener("close", kept);
  // The page's keyboard shortcuts must not act behind the open question.
  dialog.addEventListener("keydown", function (event) { event.stopPropagation(); });
})();
