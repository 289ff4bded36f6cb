/* Global search box: "/" focuses, ArrowUp/ArrowDown move, Enter opens, Esc clears
 * the box and closes the results.
 * The results (#panel-search) are fetched and swapped in by htmx; this file only
 * adds the keyboard. No inline scripts (gui.md §2.3). */
(function () {
  "use strict";

  function box() {
    return document.getElementById("lamingui-search-input");
  }
  function panel() {
    return document.getElementById("panel-search");
  }
  function results() {
    var p = panel();
    return p ? Array.prototype.slice.call(p.querySelectorAll("[data-search-result]")) : [];
  }
  function isOpen() {
    var p = panel();
    return !!p && !p.hidden;
  }
  function setOpen(open) {
    var p = panel();
    var input = box();
    if (p) p.hidden = !open;
    if (input) input.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function selectedIndex(items) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("aria-selected") === "true") return i;
    }
    return -1;
  }
  function select(items, index) {
    var input = box();
    items.forEach(function (item, i) {
      var on = i === index;
      item.setAttribute("aria-selected", on ? "true" : "false");
      item.classList.toggle("is-selected", on);
      if (on) {
        item.scrollIntoView({ block: "nearest" });
        if (input) input.setAttribute("aria-activedescendant", item.id);
      }
    });
  }
  function typingElsewhere(target) {
    if (!target || target === box()) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    var input = box();
    if (!input) return;
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.target === input || typingElsewhere(event.target)) return;
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.target !== input) return;
    var items = results();
    var index = selectedIndex(items);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!items.length) return;
      event.preventDefault();
      if (!isOpen()) {
        setOpen(true);
      }
      var step = event.key === "ArrowDown" ? 1 : -1;
      select(items, (index + step + items.length) % items.length);
    } else if (event.key === "Enter") {
      if (isOpen() && index >= 0) {
        event.preventDefault();
        window.location.assign(items[index].href);
      }
    } else if (event.key === "Escape") {
      // first Esc clears the box and closes the results; a second one leaves it
      if (input.value || isOpen()) {
        event.preventDefault();
        input.value = "";
        var p = panel();
        if (p) p.replaceChildren();
        input.removeAttribute("aria-activedescendant");
        setOpen(false);
      } else {
        input.blur();
      }
    }
  });

  // a fresh fragment: nothing selected yet; shown unless it is the empty one
  document.addEventListener("htmx:afterSettle", function () {
    var p = panel();
    var input = box();
    if (!p || !input) return;
    input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-expanded", p.hidden ? "false" : "true");
  });

  // a click outside the search form closes the results
  document.addEventListener("click", function (event) {
    var form = document.getElementById("lamingui-search");
    if (form && isOpen() && !form.contains(event.target)) setOpen(false);
  });
})();
