// Tell the server that this module was opened, for "resume" and reading time. Reading the
// page is a GET that writes nothing; this POST is the one explicit, throttled write.
(function () {
  "use strict";
  var marker = document.querySelector("[data-visit-url]");
  if (!marker || !window.fetch) {
    return;
  }
  window.fetch(marker.getAttribute("data-visit-url"), {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
    headers: { "X-CSRFToken": marker.getAttribute("data-csrf-token") },
  });
})();
