/* Notes panel behaviour (gui.md §4.3, §4.4, §6.6). No inline scripts: the
 * Content-Security-Policy forbids them, so everything the panel needs is here.
 *
 * - 409 (edit conflict) and 422 (refused text) responses inside a notes panel
 *   are swapped in like a 200: they carry the editor with the user's text.
 * - In the editor's textarea, Ctrl/Cmd+Enter saves; Esc cancels (asking first
 *   when the text was changed). Tab is left alone, so it leaves the textarea.
 *
 * The panel fragment includes this file, so htmx may run it more than once;
 * the listeners are installed only the first time.
 */
(function () {
  "use strict";
  if (window.laminguiNotes) {
    return;
  }

  var NOTES = "[data-notes-panel], #lamingui-notes-page";

  function inNotes(element) {
    return Boolean(element && element.closest && element.closest(NOTES));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 409 || status === 422) && inNotes(event.detail.target)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function editorOf(textarea) {
    var form = textarea.closest("form");
    // A key pressed right after the editor was swapped in can come before htmx
    // has processed the new form's hx-* attributes (it does so while settling);
    // process it now so the save or cancel goes through htmx, not a plain
    // form submit or a click that nothing listens to. Processing is idempotent.
    if (form && window.htmx) {
      window.htmx.process(form);
    }
    return form;
  }

  function save(textarea) {
    var form = editorOf(textarea);
    if (!form) {
      return;
    }
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    }
  }

  function cancel(textarea) {
    var form = editorOf(textarea);
    var button = form && form.querySelector("[data-testid='note-cancel']");
    if (!button) {
      return;
    }
    if (textarea.value !== textarea.defaultValue &&
        !window.confirm("Discard your changes to this note?")) {
      return;
    }
    button.click();
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches("[data-testid='note-textarea']")) {
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save(target);
    } else if (event.key === "Escape") {
      event.preventDefault();
      cancel(target);
    }
  });

  window.laminguiNotes = { save: save, cancel: cancel };
})();
