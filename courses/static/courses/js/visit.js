// Tell the server that this module was opened, and keep telling it while the learner is
// reading, for "resume" and study time. Reading the page is a GET that writes nothing; these
// POSTs are the one explicit, throttled write. The server credits the time between two
// reports (up to 30 minutes), so a report goes every two minutes while the page is visible
// and the learner has scrolled, typed or pointed in the last five; an idle or hidden page
// sends nothing, and the time it sat there is not counted.
(function () {
  "use strict";
  var marker = document.querySelector("[data-visit-url]");
  if (!marker || !window.fetch) {
    return;
  }
  var REPORT_EVERY = 2 * 60 * 1000;
  var IDLE_AFTER = 5 * 60 * 1000;
  var lastActivity = Date.now();

  function report() {
    window.fetch(marker.getAttribute("data-visit-url"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": marker.getAttribute("data-csrf-token") },
    });
  }

  function active() {
    lastActivity = Date.now();
  }

  ["scroll", "keydown", "pointerdown", "pointermove", "touchstart"].forEach(function (name) {
    window.addEventListener(name, active, { passive: true });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && Date.now() - lastActivity < IDLE_AFTER) {
      report(); // the time read so far counts now
    }
  });
  window.setInterval(function () {
    if (document.visibilityState === "visible" && Date.now() - lastActivity < IDLE_AFTER) {
      report();
    }
  }, REPORT_EVERY);
  report();
})();
