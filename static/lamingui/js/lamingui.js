/* Shared GUI behaviour on every admin page (gui.md §4.3, §4.4).
 *
 * - Toasts: a server answer with `HX-Trigger: {"lg:toast": {"level", "message"}}`
 *   shows a message in #lg-toasts (data-testid="toast"), dismissed after 6 s or
 *   with its button.
 * - Answers htmx does not swap (403, 404, 500) and network failures get a toast
 *   saying what happened.
 * - Regions busy with a request carry aria-busy="true".
 */
(function () {
  "use strict";
  if (window.laminguiToasts) {
    return;
  }
  window.laminguiToasts = true;

  var LIFETIME_MS = 6000;
  var BY_STATUS = {
    403: "You do not have permission to do this.",
    404: "Not found — it may have been moved to the trash.",
  };

  function container() {
    var box = document.getElementById("lg-toasts");
    if (!box) {
      box = document.createElement("div");
      box.id = "lg-toasts";
      box.className = "lg-toasts";
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    return box;
  }

  function toast(message, level) {
    var item = document.createElement("div");
    item.className = "lg-toast lg-toast-" + (level || "info");
    item.setAttribute("data-testid", "toast");
    item.setAttribute("role", level === "error" ? "alert" : "status");
    var text = document.createElement("span");
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "lg-toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", function () { item.remove(); });
    item.appendChild(text);
    item.appendChild(close);
    container().appendChild(item);
    window.setTimeout(function () { item.remove(); }, LIFETIME_MS);
  }
  window.laminguiToast = toast;

  document.addEventListener("lg:toast", function (event) {
    var detail = event.detail || {};
    if (detail.message) {
      toast(String(detail.message), detail.level);
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    toast(BY_STATUS[status] || "Something went wrong. Try again.", "error");
  });

  document.addEventListener("htmx:sendError", function () {
    toast("Network error — check your connection.", "error");
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    event.target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.target.removeAttribute("aria-busy");
  });
})();
