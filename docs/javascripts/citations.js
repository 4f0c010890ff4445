/* Citation popovers (scripts/review_site/citations.py writes the markup). Each author–date
   citation is a link, a.citation[data-cite=KEY], to the work's entry on the References page;
   the page's own reference list holds the full reference (.page-references .csl-entry).
   The popover shows that reference:
   - mouse: on hover; it stays while the pointer is over the link or the popover (WCAG 1.4.13
     "hoverable"), so its DOI link can be clicked;
   - keyboard: on focus; Tab moves on, Esc hides it and keeps the focus on the link;
   - touch: the first tap shows it (the link is not followed), a second tap on the same
     citation follows the link, a tap elsewhere hides it.
   Esc also hides Material's abbreviation and footnote tooltips (WCAG 1.4.13 "dismissible").
   Without JavaScript the citation is a plain link to the entry. */
(function () {
  "use strict";

  var popover = null, current = null, hideTimer = null, touched = false, dismissedOn = null;
  var tapped = null;  /* the citation whose popover a tap opened: the next tap on it follows it */
  var TOOLTIP_OWNERS = "abbr, .footnote-ref, [title]";

  function entryFor(link) {
    var key = link.getAttribute("data-cite");
    var entries = document.querySelectorAll(".page-references .csl-entry");
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].getAttribute("data-cite") === key) return entries[i];
    }
    return null;
  }

  function ensurePopover() {
    if (popover) return popover;
    popover = document.createElement("div");
    popover.id = "citation-popover";
    popover.className = "citation-popover md-typeset";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("mouseleave", function () { scheduleHide(); });
    document.body.appendChild(popover);
    return popover;
  }

  function place(link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    popover.style.width = width + "px";
    var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    var below = rect.bottom + window.scrollY + 6;
    popover.style.top = below + "px";
    var height = popover.offsetHeight;
    if (rect.bottom + height + 12 > window.innerHeight && rect.top > height + 12) {
      popover.style.top = (rect.top + window.scrollY - height - 6) + "px";
    }
  }

  function show(link) {
    var entry = entryFor(link);
    if (!entry) return;
    clearTimeout(hideTimer);
    ensurePopover();
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    popover.innerHTML = entry.innerHTML;
    popover.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    popover.hidden = false;
    link.setAttribute("aria-describedby", popover.id);
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (popover) popover.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tapped = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function citationOf(target) {
    return target && target.closest ? target.closest("a.citation[data-cite]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = citationOf(event.target);
    if (link && !touched) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (citationOf(event.target) && current) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = citationOf(event.target);
    if (link) { show(link); return; }
    if (popover && !popover.contains(event.target)) hide();
    document.body.classList.remove("tooltips-dismissed");
  });
  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" || event.pointerType === "pen";
  }, true);
  document.addEventListener("click", function (event) {
    var link = citationOf(event.target);
    if (link && touched && tapped !== link) {  /* first tap: show, do not follow */
      event.preventDefault();
      show(link);
      tapped = link;
      return;
    }
    if (!link && popover && !popover.contains(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (popover && !popover.hidden) hide();
    document.body.classList.add("tooltips-dismissed");  /* Material's tooltips (extra.css) */
    var hovered = document.querySelectorAll(":hover");
    var last = hovered.length ? hovered[hovered.length - 1] : null;
    dismissedOn = (last && last.closest(TOOLTIP_OWNERS)) || document.activeElement;
  });
  document.addEventListener("mouseover", function (event) {  /* a new tooltip may show again */
    if (!document.body.classList.contains("tooltips-dismissed")) return;
    var owner = event.target.closest(TOOLTIP_OWNERS + ", .md-tooltip2");
    if (owner && owner !== dismissedOn && !owner.matches(".md-tooltip2")) {
      document.body.classList.remove("tooltips-dismissed");
    }
  });
  window.addEventListener("resize", function () { if (current) place(current); });
})();
