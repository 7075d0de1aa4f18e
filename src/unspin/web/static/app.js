// unspin's only script: show a span's labels (technique, score, explanation) in a tooltip on hover
// or keyboard focus. Text is set with textContent, never innerHTML, so nothing in it can run.
(function () {
  "use strict";
  var tip = document.getElementById("tooltip");
  if (!tip) { return; }
  function show(el) {
    var text = el.getAttribute("data-tip") || el.getAttribute("title");
    if (!text) { return; }
    if (el.hasAttribute("title")) {            // keep the text, drop the native tooltip
      el.setAttribute("data-tip", text);
      el.removeAttribute("title");
    }
    tip.textContent = text;
    var r = el.getBoundingClientRect();
    tip.style.left = (window.scrollX + r.left) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    tip.hidden = false;
  }
  function hide() { tip.hidden = true; }
  document.addEventListener("mouseover", function (e) {
    var el = e.target.closest && e.target.closest(".article [title], .article [data-tip]");
    if (el) { show(el); } else { hide(); }
  });
  document.addEventListener("focusin", function (e) {
    var el = e.target.closest && e.target.closest(".article [data-tip], .article [title]");
    if (el) { show(el); }
  });
  document.addEventListener("mouseleave", hide);
}());
