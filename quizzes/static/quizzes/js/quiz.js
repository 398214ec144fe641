// Enhances the attempt form; without this script the form works as it is (all questions on
// one page, the navigator as in-page links, "Save answers" and "Clear this answer" posting).
// With it: answers are saved a moment after each change, one question is shown at a time
// with Previous/Next and the navigator, the navigator says live which questions are
// answered, and "Clear this answer" empties the question here and saves.
(function () {
  "use strict";

  var focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget) focusTarget.focus();

  var form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  var status = document.getElementById("save-status");
  var sections = Array.prototype.slice.call(form.querySelectorAll("section.question"));
  var links = Array.prototype.slice.call(form.querySelectorAll(".quiz-nav__link"));
  var pager = form.querySelector("[data-pager]");
  var timer = null;
  var dirty = false;
  var current = 0;

  // -- saving -------------------------------------------------------------------------------

  function save() {
    timer = null;
    dirty = false;
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
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

  // -- answered or not (the rule of quizzes.selectors.answered) -------------------------------

  function defaultsOf(section) {
    try { return JSON.parse(section.dataset.defaults || "{}"); } catch (e) { return {}; }
  }

  function isAnswered(section) {
    var defaults = defaultsOf(section);
    var controls = section.querySelectorAll("input, select, textarea");
    return Array.prototype.some.call(controls, function (control) {
      if (!control.name || control.name.indexOf("q-") !== 0) return false;
      if ((control.type === "checkbox" || control.type === "radio") && !control.checked) return false;
      return control.value !== "" && control.value !== defaults[control.name];
    });
  }

  function showState(index) {
    var link = links[index];
    if (!link) return;
    var answered = isAnswered(sections[index]);
    link.querySelector("[data-state]").textContent = answered ? "answered" : "not answered";
    link.classList.toggle("quiz-nav__link--answered", answered);
  }

  function sectionOf(element) {
    return sections.indexOf(element.closest("section.question"));
  }

  // -- clearing one question --------------------------------------------------------------------

  function clearQuestion(section) {
    var defaults = defaultsOf(section);
    section.querySelectorAll("input, select, textarea").forEach(function (control) {
      if (control.type === "checkbox" || control.type === "radio") {
        control.checked = defaults[control.name] === control.value;
      } else if (control.tagName === "SELECT") {
        control.value = "";
      } else if (control.type !== "hidden") {
        control.value = "";
      }
    });
  }

  // -- one question at a time ----------------------------------------------------------------

  function show(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, n) { section.hidden = n !== current; });
    links.forEach(function (link, n) {
      if (n === current) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    pager.querySelector('[data-step="-1"]').disabled = current === 0;
    pager.querySelector('[data-step="1"]').disabled = current === sections.length - 1;
    if (focus) sections[current].focus();
  }

  function reveal(element) {
    // Open the collapsed parts that hold a control, so a link to it lands on it.
    for (var node = element.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  if (sections.length > 1 && pager) {
    pager.hidden = false;
    form.classList.add("quiz-form--paged");
    var firstError = form.querySelector(".quiz-nav__link--error");
    var hash = window.location.hash.match(/^#question-(\d+)$/);
    show(firstError ? links.indexOf(firstError) : hash ? Number(hash[1]) - 1 : 0, false);

    links.forEach(function (link, n) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(n, true);
      });
    });
    pager.addEventListener("click", function (event) {
      var step = event.target.closest("[data-step]");
      if (step) show(current + Number(step.dataset.step), true);
    });
    document.querySelectorAll(".error-summary a[data-question]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        show(Number(link.dataset.question) - 1, false);
        if (target) {
          event.preventDefault();
          reveal(target);
          target.focus();
        }
      });
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-clear]");
    if (!button) return;
    event.preventDefault();
    var index = sectionOf(button);
    clearQuestion(sections[index]);
    showState(index);
    schedule();
    status.textContent = "Answer to Question " + (index + 1) + " cleared. Saving…";
  });

  form.addEventListener("change", function (event) {
    showState(sectionOf(event.target));
    schedule();
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "number" || event.target.type === "text") {
      showState(sectionOf(event.target));
      schedule();
    }
  });
  form.addEventListener("submit", function () { if (timer) clearTimeout(timer); dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
