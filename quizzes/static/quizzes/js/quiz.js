// Saves quiz answers as the learner works. Without this script the "Save answers" button
// does the same with a normal form post; with it, answers are saved a moment after each change.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  var status = document.getElementById("save-status");
  var timer = null;
  var dirty = false;

  function save() {
    timer = null;
    dirty = false;
    var data = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (body) {
      var time = new Date(body.saved_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      status.textContent = "Answers saved at " + time + ".";
    }).catch(function () {
      dirty = true;
      status.textContent = "Could not save just now. Use the Save answers button.";
    });
  }

  function schedule() {
    dirty = true;
    status.textContent = "Saving…";
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) {
    if (event.target.type === "number" || event.target.type === "text") schedule();
  });
  form.addEventListener("submit", function () { if (timer) clearTimeout(timer); dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
