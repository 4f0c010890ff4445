/* Cite this section: the cite button beside a heading opens a dialog with the section's
   citation in each format. The build writes each page's data into a script of its own
   (#section-citations names it), loaded on the first click only, so readers who never cite
   do not download it; a <script> rather than fetch() also works from file://. The Copy
   buttons of citations (data-copy-target) are handled here, with a visible confirmation; the
   access date of BibTeX and RIS is set to the reader's today. */
(function () {
  "use strict";

  function today() {
    var now = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return [now.getFullYear(), pad(now.getMonth() + 1), pad(now.getDate())];
  }

  /* The build wrote its own date as the access date; a reader accesses the page today. */
  function accessedToday(root) {
    var d = today();
    root.querySelectorAll(".cite-formats code").forEach(function (code) {
      code.textContent = code.textContent
        .replace(/(urldate = ["{])\d{4}-\d{2}-\d{2}/, "$1" + d.join("-"))
        .replace(/^Y2  - \d{4}\/\d{2}\/\d{2}/m, "Y2  - " + d.join("/"));
    });
  }

  var dialog = null;
  var opener = null;

  var loading = null;
  function withCitations(callback) {
    if (window.reviewSectionCitations) { callback(window.reviewSectionCitations); return; }
    var source = document.getElementById("section-citations");
    if (!source) return;
    if (!loading) {
      loading = [];
      var script = document.createElement("script");
      script.src = source.getAttribute("data-src");
      script.onload = function () {
        var waiting = loading; loading = null;
        waiting.forEach(function (fn) { fn(window.reviewSectionCitations || {}); });
      };
      script.onerror = function () { loading = null; };
      document.head.appendChild(script);
    }
    loading.push(callback);
  }

  /* The heading's own words: without its permalink "¶" and its buttons. */
  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink, .heading-action").forEach(function (el) { el.remove(); });
    return copy.textContent.trim();
  }

  function openDialog(button) {
    withCitations(function (data) { showDialog(button, data); });
  }

  function showDialog(button, data) {
    var formats = data[button.getAttribute("data-cite")];
    if (!formats) return;
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "cite-dialog md-typeset";
      dialog.setAttribute("aria-labelledby", "cite-dialog-title");
      dialog.addEventListener("close", function () { if (opener) opener.focus(); });
      dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
      document.body.appendChild(dialog);
    }
    var heading = button.closest("h2, h3");
    var title = heading ? headingText(heading) : "";
    dialog.innerHTML =
      '<p class="cite-dialog__title" id="cite-dialog-title">Cite this section</p>' +
      '<p class="cite-dialog__section"></p>' + formats +
      '<form method="dialog"><button class="md-button md-button--primary" type="submit">Close</button></form>';
    dialog.querySelector(".cite-dialog__section").textContent = title;
    accessedToday(dialog);
    opener = button;
    dialog.showModal();
  }

  /* Copy-link buttons carry their hover hint as data-title (review_site.page_tools): a title on
     each at load would make Material mount 300+ tooltips on the Link Index. The first hover or
     focus gives the button its native title. */
  function hint(event) {
    var button = event.target.closest && event.target.closest("[data-title]");
    if (button && !button.title) button.title = button.getAttribute("data-title");
  }
  document.addEventListener("pointerover", hint);
  document.addEventListener("focusin", hint);

  document.addEventListener("click", function (event) {
    var cite = event.target.closest(".cite-section");
    if (cite) { openDialog(cite); return; }
    var copy = event.target.closest(".cite-copy");
    if (copy) copyCitation(copy);
  });

  var live = null;
  function status() {  /* one polite live region announces each copy to screen readers */
    if (!live) {
      live = document.createElement("div");
      live.className = "md-visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      (dialog && dialog.open ? dialog : document.body).appendChild(live);
    }
    var container = dialog && dialog.open ? dialog : document.body;
    if (live.parentNode !== container) container.appendChild(live);
    return live;
  }

  /* Copy the citation's text; confirm on the button itself (visible inside the modal dialog,
     announced through its live region). Without clipboard access, select the text instead. */
  function copyCitation(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    var done = function (message) {
      status().textContent = "";
      status().textContent = message === "Copied" ? "Citation copied to the clipboard" : message;
      button.textContent = message;
      button.classList.add("cite-copy--done");
      setTimeout(function () { button.textContent = "Copy"; button.classList.remove("cite-copy--done"); }, 2500);
    };
    var select = function () {
      var range = document.createRange();
      range.selectNodeContents(target);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      done("Selected: press Ctrl+C");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(target.innerText.trim()).then(function () { done("Copied"); }, select);
    } else {
      select();
    }
  }

  /* The page's own panel gets the reader's date when it is opened (toggle does not bubble, so
     listen while capturing), which keeps this work out of page load. */
  document.addEventListener("toggle", function (event) {
    if (event.target.id === "cite-this-page" && event.target.open) accessedToday(event.target);
  }, true);
})();
