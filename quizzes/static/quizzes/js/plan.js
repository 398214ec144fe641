// Enhances the plan editor of case questions. Without this script every control still works:
// the list of body areas is the form. With it: a body map that sets focus on an area's row,
// a search box per long section, live counts on collapsed groups, and a postponed session
// hides the sections it does not need.
(function () {
  "use strict";

  var PATTERNS = { cap: "cap", hold: "hold", avoid: "avoid" };
  var WIDE = window.matchMedia("(min-width: 960px)").matches;

  function stateOf(select) {
    var value = select.value;
    if (!value) return "";
    if (value === "avoid") return "avoid";
    return value === "0" ? "hold" : "cap";
  }

  // Counts on collapsed groups -------------------------------------------------------------

  function countRows(group) {
    var set = 0;
    group.querySelectorAll(".area-row").forEach(function (row) {
      var select = row.querySelector("select");
      var on = (select && select.value !== "") || !!row.querySelector("input:checked");
      row.classList.toggle("area-row--set", on);
      if (on) set += 1;
    });
    var count = group.querySelector("[data-count]");
    if (count) count.textContent = set ? set + " set" : "";
  }

  function countChoices(group) {
    var count = group.querySelector("[data-count]");
    var chosen = group.querySelectorAll("input:checked").length;
    if (count) count.textContent = chosen ? chosen + " chosen" : "";
  }

  function setupCounts(editor) {
    editor.addEventListener("change", function (event) {
      var area = event.target.closest("[data-area-group]");
      if (area) countRows(area);
      var choice = event.target.closest("[data-choice-group]");
      if (choice) countChoices(choice);
    });
  }

  // Search within a section ----------------------------------------------------------------

  function setupSearch(box) {
    var section = box.closest(".plan-section");
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var groups = section.querySelectorAll("[data-choice-group]");
    box.hidden = false;
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    input.addEventListener("input", function (event) {
      event.stopPropagation();  // a search is not an answer: nothing to save
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      section.querySelectorAll("[data-choice-group] [data-option]").forEach(function (option) {
        var match = !query || option.textContent.toLowerCase().indexOf(query) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        if (!("wasOpen" in group.dataset)) group.dataset.wasOpen = group.open ? "1" : "";
        var any = !!group.querySelector("[data-option]:not([hidden])");
        group.hidden = !!query && !any;
        group.open = query ? any : group.dataset.wasOpen === "1";
        if (!query) delete group.dataset.wasOpen;
      });
      status.textContent = query ? shown + (shown === 1 ? " match" : " matches") : "";
    });
  }

  // The body map ---------------------------------------------------------------------------

  function setupMap(block) {
    var map = block.querySelector("[data-body-map]");
    if (!map) return;
    var svg = map.querySelector("svg");
    var prefix = svg.getAttribute("data-prefix");
    var shapes = Array.prototype.slice.call(svg.querySelectorAll(".body-map__area"));
    var rows = {};
    shapes = shapes.filter(function (shape) {
      var token = shape.getAttribute("data-area");
      var row = block.querySelector('.area-row[data-area="' + token + '"]');
      if (!row || !row.querySelector("select")) return false;
      rows[token] = row;
      return true;
    });
    if (!shapes.length) return;
    map.hidden = false;
    map.open = WIDE;  // on a phone, on request
    var current = 0;

    function paint(token) {
      var row = rows[token];
      var select = row.querySelector("select");
      var state = stateOf(select);
      var name = row.querySelector(".area-row__name").textContent.trim();
      var words = { "": "no separate limit", avoid: "avoid", hold: "hold only" }[state] ||
        "up to level " + select.value;
      row.querySelectorAll(".toggle input:checked").forEach(function (box) {
        words += ", " + box.labels[0].textContent.trim().toLowerCase();
      });
      shapes.forEach(function (shape) {
        if (shape.getAttribute("data-area") !== token) return;
        shape.setAttribute("data-state", state || "none");
        shape.style.fill = state ? "url(#" + prefix + "-pat-" + PATTERNS[state] + ")" : "";
        shape.setAttribute("aria-label", name + ": " + words);
      });
    }

    function focusShape(index) {
      shapes[current].setAttribute("tabindex", "-1");
      current = (index + shapes.length) % shapes.length;
      shapes[current].setAttribute("tabindex", "0");
      shapes[current].focus();
    }

    function open(shape) {
      var row = rows[shape.getAttribute("data-area")];
      var details = row.closest("details");
      if (details) details.open = true;
      var select = row.querySelector("select");
      row.classList.add("area-row--flash");
      setTimeout(function () { row.classList.remove("area-row--flash"); }, 1200);
      select.focus();
      row.scrollIntoView({ block: "nearest" });
    }

    shapes.forEach(function (shape, index) {
      shape.setAttribute("role", "button");
      shape.setAttribute("tabindex", index === 0 ? "0" : "-1");
      shape.addEventListener("click", function () { current = index; open(shape); });
    });
    Object.keys(rows).forEach(paint);

    svg.addEventListener("keydown", function (event) {
      var keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (event.key in keys) focusShape(current + keys[event.key]);
      else if (event.key === "Home") focusShape(0);
      else if (event.key === "End") focusShape(shapes.length - 1);
      else if (event.key === "Enter" || event.key === " ") open(shapes[current]);
      else return;
      event.preventDefault();
    });
    block.addEventListener("change", function (event) {
      var row = event.target.closest(".area-row");
      if (row && rows[row.getAttribute("data-area")]) paint(row.getAttribute("data-area"));
    });
  }

  // A postponed session --------------------------------------------------------------------

  function setupPostpone(editor) {
    var box = editor.querySelector('input[type=checkbox][name$="-postpone"]');
    if (!box) return;
    function apply() {
      editor.querySelectorAll(".plan-section[data-postponable]").forEach(function (section) {
        if (box.checked) section.setAttribute("data-postponed", "");
        else section.removeAttribute("data-postponed");
      });
    }
    box.addEventListener("change", apply);
    apply();
  }

  document.querySelectorAll("[data-plan-editor]").forEach(function (editor) {
    setupCounts(editor);
    editor.querySelectorAll("[data-plan-search]").forEach(setupSearch);
    editor.querySelectorAll("[data-plan-areas]").forEach(setupMap);
    // On a phone the client's sites start folded like every other group (their summary says
    // how many are set); on a wide screen, and without this script, they start open.
    if (!WIDE) {
      editor.querySelectorAll(".area-group--case").forEach(function (group) {
        if (!group.querySelector(".area-row--set")) group.open = false;
      });
    }
    setupPostpone(editor);
  });
})();
