// Progressive enhancement only: the app as an installable, offline-capable web app.
//  - registers the service worker (/sw.js), which keeps the last copy of the time page for offline use;
//  - while the browser is offline, the timer's forms (data-offline-timer="start" | "stop" | "switch") are
//    not sent but queued in this browser with the time they were used, and shown as queued;
//  - so are they when an in-place post from the timer bar cannot reach the server, and, to keep the order,
//    while anything is still queued;
//  - once back online (on the next page load, or every few seconds) the queue goes, in order, to POST /{org}/time/timer/queued,
//    which applies each action at its time; what became of each one is shown on the next page.
// Signing out empties the queue and the cached pages.
(function () {
  "use strict";
  var QUEUE = "timetrack.offline-timer.queue";
  var RESULTS = "timetrack.offline-timer.results";
  var TOKEN = "__RequestVerificationToken";
  var ACTION = /\/timer\/(start|stop|switch)$/;
  var main = document.getElementById("main");
  var isCopy = document.documentElement.hasAttribute("data-offline-copy");
  // Every text this script writes comes from the page (the script tag's data-text-* attributes), in
  // the person's language; the English here is only for a page that lacks one.
  var script = document.currentScript;
  function say(name, fallback) {
    var text = (script && script.getAttribute("data-text-" + name)) || fallback;
    for (var i = 2; i < arguments.length; i++) { text = text.split("{" + (i - 2) + "}").join(arguments[i]); }
    return text;
  }
  // How often a queue left by an unreachable server is tried again while the browser believes it is online.
  var RETRY_MS = 10000;

  function read(storage, key) {
    try { return JSON.parse(storage.getItem(key) || "[]") || []; } catch (e) { return []; }
  }
  function write(storage, key, items) {
    try {
      if (items.length > 0) { storage.setItem(key, JSON.stringify(items)); } else { storage.removeItem(key); }
    } catch (e) { /* storage full or blocked: nothing more this script can do */ }
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(iso) { var d = new Date(iso); return pad(d.getHours()) + ":" + pad(d.getMinutes()); }
  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function accountName() {
    var link = document.querySelector(".account-menu a[href='/account/manage']");
    return link ? link.textContent.trim() : "";
  }
  function timerForms(kind) {
    return Array.prototype.slice.call(document.querySelectorAll(kind ? "form[data-offline-timer='" + kind + "']" : "form[data-offline-timer]"));
  }

  // --- The service worker -------------------------------------------------------------------------
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = Array.prototype.map.call(
        document.querySelectorAll("script[src], link[rel='stylesheet'], link[rel='icon'], link[rel='manifest']"),
        function (element) { return element.src || element.href; });
      if (registration.active) { registration.active.postMessage({ type: "cache-assets", urls: urls }); }
    }).catch(function () { /* no worker: the app works as before, only not offline */ });
  }

  // --- What the person sees -----------------------------------------------------------------------
  var banner = null;
  function showBanner(show) {
    if (show && !banner && main) {
      banner = document.createElement("p");
      banner.id = "offline-banner";
      banner.className = "notice offline-banner";
      banner.setAttribute("role", "status");
      banner.textContent = say("offline", "You are offline — starts and stops are queued and sent when you're back.");
      main.insertBefore(banner, main.firstChild);
    } else if (!show && banner) {
      banner.parentNode.removeChild(banner);
      banner = null;
    }
  }

  function describe(item) {
    var label = item.label ? " (" + item.label + ")" : "";
    return item.kind === "start" ? say("started", "Started offline at {0}{1} — will be sent when you're back.", clock(item.at), label)
      : item.kind === "stop" ? say("stopped", "Stopped offline at {0}{1} — will be sent when you're back.", clock(item.at), label)
      : say("switched", "Switched offline at {0}{1} — will be sent when you're back.", clock(item.at), label);
  }

  function queueArea() {
    var area = document.getElementById("offline-queue");
    var anchor = timerForms()[0];
    if (!area && anchor) {
      area = document.createElement("div");
      area.id = "offline-queue";
      area.className = "offline-queue";
      area.setAttribute("role", "status");
      var section = anchor.closest("section") || anchor.parentNode;
      var heading = section.querySelector("h2");
      section.insertBefore(area, heading ? heading.nextSibling : section.firstChild);
    }
    return area;
  }

  function hide(element, hidden) {
    if (element) { element.hidden = hidden; }
  }

  // The timer as it will be once the queue is sent: the forms that fit it are shown.
  function render() {
    var queue = read(localStorage, QUEUE).filter(function (item) { return item.page === location.pathname.replace(/\/$/, ""); });
    var area = queueArea();
    if (!area) { return; }
    while (area.firstChild) { area.removeChild(area.firstChild); }
    queue.forEach(function (item) {
      var line = document.createElement("p");
      line.className = "offline-queued";
      line.textContent = describe(item);
      area.appendChild(line);
    });
    if (queue.length === 0) { return; }
    var running = queue[queue.length - 1].kind !== "stop";
    var start = timerForms("start")[0];
    hide(start, running);
    timerForms("stop").forEach(function (form) { hide(form, !running); });
    timerForms("switch").forEach(function (form) { hide(form.closest("details") || form, !running); });
    if (running && start && timerForms("stop").length === 0) {
      // Started offline on a page that had no running timer: a way to stop it, queued the same way.
      var stop = document.createElement("form");
      stop.method = "post";
      stop.action = start.getAttribute("action").replace(ACTION, "/timer/stop");
      stop.className = "inline-form";
      stop.setAttribute("data-offline-timer", "stop");
      var token = start.querySelector("input[name='" + TOKEN + "']");
      if (token) { stop.appendChild(token.cloneNode()); }
      var button = document.createElement("button");
      button.type = "submit";
      button.textContent = say("stop", "Stop timer");
      stop.appendChild(button);
      start.parentNode.insertBefore(stop, start.nextSibling);
    }
  }

  function showResults() {
    var results = read(sessionStorage, RESULTS);
    if (results.length === 0 || !main) { return; }
    write(sessionStorage, RESULTS, []);
    var box = document.createElement("div");
    box.id = "offline-results";
    box.setAttribute("role", "status");
    results.forEach(function (result) {
      var line = document.createElement("p");
      line.className = result.ok ? "notice" : "validation-summary";
      line.textContent = result.text;
      box.appendChild(line);
    });
    main.insertBefore(box, main.firstChild);
  }

  // --- Queueing -----------------------------------------------------------------------------------
  function enqueue(form, kind, url) {
    var fields = [];
    var token = "";
    var label = "";
    var project = form.querySelector("select[name$='.ProjectId']");
    if (project && kind !== "stop") {
      if (!project.value) {
        var area = queueArea();
        var line = document.createElement("p");
        line.className = "validation-summary";
        line.textContent = say("choose-project", "Choose a project first.");
        if (area) { area.appendChild(line); }
        project.focus();
        return;
      }
      label = project.options[project.selectedIndex].text;
    }
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string") { return; }
      if (name === TOKEN) { token = value; return; }
      var dot = name.indexOf(".");
      if (kind !== "stop" && dot > 0) { fields.push(["Details" + name.slice(dot), value]); }
    });
    var queue = read(localStorage, QUEUE);
    queue.push({
      id: newId(), kind: kind, at: new Date().toISOString(), url: url, token: token, fields: fields,
      label: label, user: accountName(), page: location.pathname.replace(/\/$/, "")
    });
    write(localStorage, QUEUE, queue);
    render();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if (form.getAttribute("action") === "/account/logout") {
      // What was queued is this person's; it does not stay behind for whoever signs in next.
      write(localStorage, QUEUE, []);
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
      }
      return;
    }
    // Online with actions still queued, a new one joins the queue too, so they reach the server in order.
    if (navigator.onLine && read(localStorage, QUEUE).length === 0) { return; }
    if (queueForm(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Queues a timer form instead of posting it; false for a form that is not one. Also used by the timer
  // bar when its in-place post cannot reach the server although the browser believes it is online.
  function queueForm(form) {
    var kind = form.getAttribute("data-offline-timer");
    var path = new URL(form.action, location.href).pathname;
    if (!kind || !ACTION.test(path)) { return false; }
    enqueue(form, kind, path.replace(ACTION, "/timer/queued"));
    flush();
    return true;
  }
  window.TimeTrackOfflineTimer = { queue: queueForm };

  // --- Sending ------------------------------------------------------------------------------------
  var sending = false;

  function send(item, token) {
    var body = new URLSearchParams();
    body.append("Id", item.id);
    body.append("Kind", item.kind);
    body.append("At", item.at);
    body.append(TOKEN, token);
    item.fields.forEach(function (field) { body.append(field[0], field[1]); });
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json, application/problem+json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") < 0 || response.redirected) { return null; }
      return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
    });
  }

  // A token of this page may stand in for the queued one (say, the browser got a new antiforgery cookie)
  // only when this page is the same person's.
  function pageToken(item) {
    var input = isCopy ? null : document.querySelector("input[name='" + TOKEN + "']");
    return input && item.user && item.user === accountName() ? input.value : null;
  }

  function flush() {
    if (sending || !navigator.onLine || read(localStorage, QUEUE).length === 0) { return; }
    sending = true;
    var results = [];
    function finish(stuck) {
      sending = false;
      var answered = results.length > 0;
      if (stuck) {
        results.push({ ok: false, text: say("stuck", "Some timer actions made offline are not sent yet: sign in again as the person who made them, and they are sent.") });
      }
      if (results.length === 0) { return; }
      write(sessionStorage, RESULTS, read(sessionStorage, RESULTS).concat(results));
      // The page shows the timer as it was; after answers it is loaded again to show it as it is now.
      if (answered && (timerForms().length > 0 || isCopy)) { location.reload(); } else { showResults(); render(); }
    }
    function next() {
      var queue = read(localStorage, QUEUE);
      if (queue.length === 0) { finish(false); return; }
      var item = queue[0];
      send(item, item.token).then(function (reply) {
        var fallback = reply ? null : pageToken(item);
        return reply || !fallback ? reply : send(item, fallback);
      }).then(function (reply) {
        if (!reply) { finish(true); return; }
        var answer = reply.answer || {};
        if (reply.status >= 200 && reply.status < 300) {
          results.push({ ok: true, text: say("sent", "Sent: {0}", answer.message || say("done", "done.")) });
        } else {
          var errors = answer.errors ? Object.keys(answer.errors).map(function (key) { return answer.errors[key].join(" "); }) : [];
          var why = answer.detail || errors.join(" ") || "";
          results.push({ ok: false, text: (answer.title || say("not-applied", "A timer action made offline was not applied")) + (why ? ": " + why : ".") });
        }
        write(localStorage, QUEUE, read(localStorage, QUEUE).filter(function (queued) { return queued.id !== item.id; }));
        next();
      }).catch(function () {
        // The network is not back after all: the rest waits for the next chance.
        finish(false);
      });
    }
    next();
  }

  window.addEventListener("offline", function () { showBanner(timerForms().length > 0); });
  window.addEventListener("online", function () {
    showBanner(false);
    if (read(localStorage, QUEUE).length > 0) { flush(); } else if (isCopy) { location.reload(); }
  });

  // The browser may believe it is online while the server cannot be reached: try again now and then.
  window.setInterval(function () {
    if (read(localStorage, QUEUE).length > 0) { flush(); }
  }, RETRY_MS);

  showResults();
  render();
  showBanner((isCopy || !navigator.onLine) && timerForms().length > 0);
  flush();
})();
