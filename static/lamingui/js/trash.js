/* Trash page (gui.md §6.7.3). Restore and permanent delete post with htmx into
 * #trash-feedback; the rows they affect leave the page through out-of-band
 * swaps and a toast reports the count (lamingui.js).
 *
 * htmx does not swap 4xx answers by default; on this page a 400 (bad
 * selection), 409 (restore conflict, protected relations) or 422 (wrong
 * "delete N" phrase) carries a fragment that says what went wrong, so it is
 * swapped like a 200. "Select all" toggles the row checkboxes.
 */
(function () {
  "use strict";
  if (window.laminguiTrash) {
    return;
  }
  window.laminguiTrash = true;

  var SHOWN = { 400: true, 409: true, 422: true };

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (SHOWN[event.detail.xhr.status] && target && target.closest &&
        target.closest("[data-testid=trash-page]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all || !all.matches || !all.matches("[data-testid=trash-select-all]")) {
      return;
    }
    document.querySelectorAll("[data-testid=trash-select]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
