// Keyboard: "/" focuses search, "j"/"k" move through results, "o" opens the chosen one.
"use strict";
(function () {
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  var current = -1;
  function hits() { return Array.prototype.slice.call(document.querySelectorAll("#hits .hit")); }
  function choose(index) {
    var list = hits();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (li, i) {
      li.classList.toggle("chosen", i === current);
      if (i === current) { li.setAttribute("aria-current", "true"); } else { li.removeAttribute("aria-current"); }
    });
    var link = list[current].querySelector("a.open");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    if (event.key === "/") {
      event.preventDefault();
      var box = document.getElementById("q");
      if (box) { box.focus(); box.select(); }
    } else if (event.key === "j") {
      choose(current + 1);
    } else if (event.key === "k") {
      choose(current - 1);
    } else if (event.key === "o") {
      var list = hits();
      var li = list[current < 0 ? 0 : current];
      var link = li && li.querySelector("a.open");
      if (link) { window.location.assign(link.href); }
    }
  });
})();
