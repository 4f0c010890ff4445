/* Link Index filter (docs/links.md, scripts/review_site/links.py). Without JavaScript the page is
   the plain list; with it, a search box shows only the addresses whose title, summary or URL
   contain every word typed, and hides page groups left empty. */
(function () {
  "use strict";
  var box = document.getElementById("link-index-filter");
  if (!box) return;
  var form = box.closest(".link-index__filter");
  var status = form.querySelector("[role=status]");
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("ul.link-index > li"));
  var texts = items.map(function (li) { return li.textContent.toLowerCase(); });
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li, i) {
      var match = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      li.hidden = !match;
      if (match) shown++;
    });
    document.querySelectorAll("ul.link-index").forEach(function (list) {
      var empty = !list.querySelector(":scope > li:not([hidden])");
      list.hidden = empty;
      var heading = list.previousElementSibling;
      if (heading && heading.tagName === "H2") heading.hidden = empty;
    });
    status.textContent = words.length ? shown + " of " + items.length + " addresses" : "";
  }
  box.addEventListener("input", apply);
  if (box.value) apply();
})();
