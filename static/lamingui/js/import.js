// Import pages (gui.md §7.3): busy indicators, 422 fragments swapped, the real
// run held back while blocking errors remain, type-to-filter for long selects.
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

  function syncCommit() {
    var form = document.querySelector("[data-testid=import-commit]");
    if (!form) return;
    var dry = form.querySelector("[name=dry_run]");
    var button = form.querySelector("[data-testid=commit-button]");
    var real = dry && !dry.checked;
    button.textContent = real ? "Import" : "Dry run";
    button.disabled = real && blockingCount() > 0;
    button.title = button.disabled ? "Fix the blocking errors first" : "";
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

  function setupFilters() {
    document.querySelectorAll(".lamingui-import-filter").forEach(function (input) {
      var select = document.getElementById(input.getAttribute("data-filters"));
      if (!select) return;
      input.addEventListener("input", function () {
        var needle = input.value.toLowerCase();
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = option.value !== "" && needle !== "" &&
            option.text.toLowerCase().indexOf(needle) === -1;
        });
      });
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
