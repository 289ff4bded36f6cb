// Import pages (gui.md §7.3): busy indicators, 422 fragments swapped, commit held
// back while columns still validate or blocking errors remain, type-to-filter
// inputs kept apart.
(function () {
  "use strict";

  function allowErrorSwaps() {
    if (!window.htmx || !htmx.config) return;
    var handling = htmx.config.responseHandling || [];
    var has422 = handling.some(function (rule) { return String(rule.code) === "422"; });
    if (!has422) {
      handling.unshift({ code: "422", swap: true, error: false });
      htmx.config.responseHandling = handling;
    }
  }

  function blockingCount() {
    var summary = document.getElementById("import-summary");
    return summary ? parseInt(summary.getAttribute("data-blocking") || "0", 10) : 0;
  }

  // Columns of a big table validate one request at a time (each waiting card
  // loads itself); until all are done the summary says data-complete="false".
  function validationComplete() {
    var summary = document.getElementById("import-summary");
    return !summary || summary.getAttribute("data-complete") !== "false";
  }

  function syncCommit() {
    var form = document.querySelector("[data-testid=import-commit]");
    if (!form) return;
    var dry = form.querySelector("[name=dry_run]");
    var button = form.querySelector("[data-testid=commit-button]");
    var real = dry && !dry.checked;
    var complete = validationComplete();
    button.textContent = real ? "Import" : "Dry run";
    button.disabled = !complete || (real && blockingCount() > 0);
    button.title = !complete ? "Wait until every column is validated"
      : button.disabled ? "Fix the blocking errors first" : "";
  }

  function setupUpload() {
    var form = document.querySelector("[data-testid=import-upload]");
    if (!form) return;
    form.addEventListener("submit", function () {
      var busy = form.querySelector("[data-testid=import-busy]");
      if (busy) busy.hidden = false;
      var submit = form.querySelector("[type=submit]");
      if (submit) submit.disabled = true;
      form.setAttribute("aria-busy", "true");
    });
  }

  // Type-to-filter inputs in front of long selects ask the server (hx-get on
  // the input). Their own "change" must not reach the column form (which posts
  // on change), and Enter must not submit the upload form.
  function setupFilters() {
    document.addEventListener("change", function (event) {
      if (event.target && event.target.classList &&
          event.target.classList.contains("lamingui-import-filter")) {
        event.stopPropagation();
      }
    }, true);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target && event.target.classList &&
          event.target.classList.contains("lamingui-import-filter")) {
        event.preventDefault();
      }
    });
  }

  function init() {
    allowErrorSwaps();
    setupUpload();
    setupFilters();
    syncCommit();
    document.addEventListener("change", function (event) {
      if (event.target && event.target.name === "dry_run") syncCommit();
    });
    document.body.addEventListener("htmx:afterSettle", syncCommit);
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      event.target.setAttribute("aria-busy", "true");
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      event.target.removeAttribute("aria-busy");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
