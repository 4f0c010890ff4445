"""Copy-link buttons for every addressable item below a section: table rows, glossary terms and
bibliography entries (the cell labels that let tables stack into cards on a phone are added in the
tree: :func:`review_site.page_tree.add_cell_labels`).

Headings and captions get their buttons from :func:`review_site.page_tools.add_heading_actions`;
the items here have locked addresses too (``/policy/#tbl-empirical-studies-sialkot``,
``/glossary/#term-agglomeration``, ``/references/#ref-porter1998clusters``, see ``links.lock``),
so instructors can copy them the same way. The button is the same element (``button.heading-action.copy-link``
with ``data-clipboard-text``, copied by Material's clipboard support).
"""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup, Tag

from .page_tools import copy_link_button


def _parse(html: str) -> BeautifulSoup:
    """Parse a page's content HTML (a fragment) with lxml, several times faster than
    ``html.parser`` on the long pages; :func:`_serialise` gives the fragment back."""
    return BeautifulSoup(f"<!DOCTYPE html><html><body>{html}</body></html>", "lxml")


def _serialise(soup: BeautifulSoup) -> str:
    """The fragment parsed by :func:`_parse`, as HTML (``str``)."""
    return soup.body.decode_contents()


def _text(tag: Tag) -> str:
    for noise in tag.select("button, a.headerlink, sup"):
        noise.extract()
    return " ".join(tag.get_text(" ").split())


def item_labels(html: str) -> list[tuple[str, str]]:
    """The addressable items of a page's content, in page order.

    Args:
        html: a page's content HTML.

    Returns:
        ``[(id, label), …]``: each body row of a numbered table (``tr[id]`` inside
        ``table[id^=tbl-]``; label ``"Table row “first cell”"`` plus its table id), each glossary
        term (``dt[id]``: the term) and each bibliography entry (``div.csl-entry[id^=ref-]``:
        the entry's text).
    """
    return _labels(_parse(html))


#: The addressable items of a page's content (see :func:`item_labels`).
_ITEMS = "table[id^='tbl-'] > tbody > tr[id], dt[id], div.csl-entry[id^='ref-']"


def _labels(soup: BeautifulSoup, elements: list[Tag] | None = None) -> list[tuple[str, str]]:
    items = []
    for element in soup.select(_ITEMS) if elements is None else elements:
        first = element.find(["td", "th"]) if element.name == "tr" else element
        items.append((element["id"], _text(copy.copy(first)) if first is not None else ""))
    return items


def add_item_links(html: str, page_url: str) -> str:
    """Add a copy-link button to each table row, glossary term and bibliography entry.

    Args:
        html: a page's content HTML (after the build gave rows their ids).
        page_url: the page's absolute URL, e.g. ``"https://example.org/policy/"``.

    Returns:
        The HTML with ``<button class="heading-action copy-link item-link" …>`` at the end of
        each row's first cell, of each ``dt``, and of each entry's first line; the button copies
        ``page_url#id`` and is named "Copy link to “…”". Items without an id are unchanged.
    """
    if not any(marker in html for marker in ("<tr id=", "<dt id=", 'id="ref-')):
        return html
    soup = _parse(html)
    elements = soup.select(_ITEMS)
    labels = dict(_labels(soup, elements))  # one parse: the labels are read from copies of the elements
    for element in elements:
        anchor = element["id"]
        label = labels.get(anchor, anchor)
        if element.name == "tr":
            table = element.find_parent("table")
            caption = table.find("caption")
            number = (
                caption.find(class_="caption-label").get_text().rstrip(".")
                if caption and caption.find(class_="caption-label")
                else table["id"]
            )
            label = f"{number} row {label[:60]}"
            target = element.find(["td", "th"])
        elif element.name == "dt":
            target = element
        else:
            label = label[:80]
            target = element
        if target is None:
            continue
        button = BeautifulSoup(copy_link_button(f"{page_url}#{anchor}", label), "html.parser").button
        button["class"] = button.get("class", []) + ["item-link"]
        target.append(button)
    return _serialise(soup)
