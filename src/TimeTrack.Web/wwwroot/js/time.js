// Progressive enhancement only: the running timer's elapsed time (h:mm:ss, as the server wrote it)
// counts on every second. It counts from the server's figure, not from the browser's clock, so a
// computer whose clock is off still shows the right time. When the timer bar changes in place
// (timer-bar.js sends "timetrack:timer-updated"), it starts again from the new figure.
(function () {
  "use strict";
  var pending = null;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000));
    return Math.floor(seconds / 3600) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
  }
  function start() {
    if (pending !== null) { window.clearTimeout(pending); pending = null; }
    var loaded = performance.now();
    var timers = Array.prototype.slice.call(document.querySelectorAll("[data-timer-elapsed-ms]"));
    if (timers.length === 0) { return; }
    function tick() {
      var since = performance.now() - loaded;
      var next = 1000;
      timers.forEach(function (element) {
        var elapsed = parseInt(element.getAttribute("data-timer-elapsed-ms"), 10);
        if (!isNaN(elapsed)) {
          element.textContent = format(elapsed + since);
          next = Math.min(next, 1000 - ((elapsed + since) % 1000));
        }
      });
      // Wake just after the next whole second, so the display never skips or repeats one.
      pending = window.setTimeout(tick, Math.max(50, next + 20));
    }
    tick();
  }
  document.addEventListener("timetrack:timer-updated", start);
  start();
})();
