"""Anchor aliases, focusable abbreviations and the copy-link and cite buttons in Python-Markdown's
element tree (steps 4–5 and the buttons of :mod:`review_site.page_tree`)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Mapping


from review_site.page_tools import cite_button, copy_link_button
from review_site.tree_html import StashText, parents_of, text_nodes, visible_text


def apply_anchor_aliases(root: etree.Element, aliases: Mapping) -> None:
    """Keep renamed ids working: add an empty element with each old id at the new id's place.

    Args:
        root: a page's tree (changed in place).
        aliases: ``{old id: new id}`` from the page's ``anchor_aliases`` front matter.

    Effects:
        ``<span id="OLD" class="anchor-alias"></span>`` inserted as the first content of the
        element with id NEW (for a table, inside its caption; for a table row, inside its first
        cell; before the element if it has neither), where HTML allows a ``<span>``. Renaming a
        table also keeps its row anchors: each row ``NEW-x`` gets the alias ``OLD-x``.

    Raises:
        ValueError: an alias is not a pair of strings, the new id does not exist in the page,
            or the old id is still in use.
    """
    by_id = {element.get("id"): element for element in root.iter() if element.get("id") is not None}
    aliases = dict(aliases)
    rows = [row.get("id") for row in root.iter("tr") if row.get("id") is not None]
    for old, new in list(aliases.items()):
        if isinstance(old, str) and isinstance(new, str) and new in by_id and by_id[new].tag == "table":
            for row in rows:
                if row.startswith(f"{new}-") and len(row) > len(new) + 1:
                    aliases.setdefault(f"{old}-{row[len(new) + 1 :]}", row)
    parents = parents_of(root)
    for old, new in aliases.items():
        if not isinstance(old, str) or not isinstance(new, str):
            raise ValueError(f"anchor alias {old!r}: {new!r} must map an old id to a new id")
        if old in by_id:
            raise ValueError(f"anchor alias '{old}': that id is still used in the page; remove the alias")
        target = by_id.get(new)
        if target is None:
            raise ValueError(f"anchor alias '{old}' -> '{new}': the page has no id '{new}'")
        span = etree.Element("span", {"id": old, "class": "anchor-alias"})
        by_id[old] = span
        _insert_first(target, [span], parents)


def _insert_first(target: etree.Element, spans: list[etree.Element], parents: Mapping) -> None:
    """Insert ``spans`` as the first content of ``target`` where HTML allows a ``<span>``: in a table, its
    caption; in a row, its first cell; before the element if it has neither."""
    inner = {"table": ("caption",), "tr": ("td", "th")}.get(target.tag)
    if inner:
        first = next((element for element in target.iter() if element.tag in inner), None)
        if first is None:  # before the element itself
            parent = parents[target]
            index = list(parent).index(target)
            parent[index:index] = spans
            return
        target = first
    spans[-1].tail, target.text = target.text, None
    target[0:0] = spans


def add_moved_anchors(root: etree.Element, forwards: Mapping[str, str]) -> None:
    """Keep the ids of sections, tables and rows that moved to another page on the old page.

    Args:
        root: the old page's tree (changed in place). forwards: ``{old id: "href#new"}``
            (:func:`review_site.anchors.resolve_moves`).

    Effects:
        Every old id the page no longer has becomes ``<span id="OLD" class="anchor-alias"></span>``,
        all inserted as the first content of the first element (document order) that has a moved
        id (e.g. the entry that links to the new place), where HTML allows a span; at the start of
        the page when there is none. Ids the page still uses are kept as they are. The script that
        forwards ``#OLD`` (:func:`review_site.anchors.moved_script`) is added after the page's content.
    """
    present = {element.get("id") for element in root.iter() if element.get("id")}
    missing = [old for old in forwards if old not in present]
    if not missing:
        return
    spans = [etree.Element("span", {"id": old, "class": "anchor-alias"}) for old in missing]
    first = next((element for element in root.iter() if element.get("id") in forwards), None)
    if first is None:
        spans[-1].tail, root.text = root.text, None
        root[0:0] = spans
        return
    _insert_first(first, spans, parents_of(root))


#: Elements inside which an ``<abbr>`` is focusable already (HTML forbids a focusable element in them).
_INTERACTIVE = ("a", "button", "summary")


def focusable_abbreviations(root: etree.Element, inside: bool = False) -> None:
    """Make each ``<abbr>`` reachable by keyboard, so its expansion shows on focus too.

    Args:
        root: a page's tree (changed in place). inside: ``root`` is inside a link, button or summary.

    Effects:
        ``tabindex="0"`` on every ``<abbr>`` without a ``tabindex`` that is not inside a link, button
        or summary (those are focusable already, and HTML forbids a focusable element inside them).
    """
    for child in root:
        if child.tag == "abbr" and not inside and child.get("tabindex") is None:
            child.set("tabindex", "0")
        focusable_abbreviations(child, inside or child.tag in _INTERACTIVE)


def _headerlink(element: etree.Element) -> bool:
    return element.tag == "a" and element.get("class") == "headerlink"


def _insert_after(parent: etree.Element, anchor: etree.Element | None, new: list[etree.Element]) -> None:
    """Insert ``new`` right after the child ``anchor`` of ``parent`` (before its tail text), or at the end."""
    if anchor is None:
        for element in new:
            parent.append(element)
        return
    position = list(parent).index(anchor) + 1
    new[-1].tail, anchor.tail = anchor.tail, None
    for offset, element in enumerate(new):
        parent.insert(position + offset, element)


def add_heading_actions(root: etree.Element, page_url: str, section_items: Mapping[str, str], stash: StashText) -> None:
    """Add a copy-link button to every H2/H3 and caption, and a cite button to cited sections.

    Args:
        root: a page's tree (changed in place; headings carry ``id`` and a ``headerlink``).
        page_url: the page's absolute URL, e.g. ``"https://example.org/growth/"``.
        section_items: ``{heading id: CSL item id}`` of the sections that can be cited.
        stash: reads placeholders (:class:`StashText`).

    Effects:
        The buttons (:func:`review_site.page_tools.copy_link_button`, :func:`~review_site.page_tools.cite_button`,
        named after the heading's or caption's text) right after each ``¶`` permalink (which keeps
        working); a heading without a permalink gets them at its end.
    """
    for element in list(root.iter()):
        if element.tag in ("h2", "h3") and element.get("id"):
            anchor = element.get("id")
            label = visible_text(element, stash, drop_noise=False, skip=_headerlink)
            buttons = [etree.fromstring(copy_link_button(f"{page_url}#{anchor}", label))]
            if anchor in section_items:
                buttons.append(etree.fromstring(cite_button(section_items[anchor], label)))
            permalink = next((child for child in element if _headerlink(child)), None)
            _insert_after(element, permalink, buttons)
        elif element.tag in ("caption", "figcaption") and not element.attrib:
            permalink = next((child for child in element if _headerlink(child)), None)
            if permalink is None or not (permalink.get("href") or "").startswith("#"):
                continue
            label = visible_text(element, stash, drop_noise=False, skip=_headerlink)
            button = etree.fromstring(copy_link_button(page_url + permalink.get("href"), label))
            _insert_after(element, permalink, [button])


def _is_item(element: etree.Element, parents: Mapping[etree.Element, etree.Element]) -> bool:
    """An addressable item: ``table[id^=tbl-] > tbody > tr[id]``, ``dt[id]``, ``div.csl-entry[id^=ref-]``."""
    anchor = element.get("id")
    if anchor is None:
        return False
    if element.tag == "tr":
        body = parents.get(element)
        table = parents.get(body) if body is not None else None
        return (
            body is not None and body.tag == "tbody" and table is not None and table.tag == "table" and _numbered(table)
        )
    if element.tag == "dt":
        return True
    return element.tag == "div" and "csl-entry" in (element.get("class") or "").split() and anchor.startswith("ref-")


def _numbered(table: etree.Element) -> bool:
    return (table.get("id") or "").startswith("tbl-")


def item_labels(root: etree.Element, stash: StashText) -> list[tuple[str, str]]:
    """The addressable items of a page's tree, in page order.

    Args:
        root: a page's tree. stash: reads placeholders (:class:`StashText`).

    Returns:
        ``[(id, label), …]``: each body row of a numbered table (label: its first cell's text), each
        glossary term (``dt[id]``: the term) and each bibliography entry (``div.csl-entry[id^=ref-]``:
        the entry's text); texts without buttons, ``¶`` permalinks and footnote numbers.
    """
    parents = parents_of(root)
    items = []
    for element in root.iter():
        if _is_item(element, parents):
            first = (
                next((cell for cell in element.iter() if cell.tag in ("td", "th")), None)
                if element.tag == "tr"
                else element
            )
            items.append((element.get("id"), visible_text(first, stash, " ") if first is not None else ""))
    return items


def add_item_links(root: etree.Element, page_url: str, stash: StashText) -> None:
    """Add a copy-link button to each table row, glossary term and bibliography entry.

    Args:
        root: a page's tree (changed in place; rows carry their ids, :func:`add_row_ids`).
        page_url: the page's absolute URL, e.g. ``"https://example.org/policy/"``.
        stash: reads placeholders (:class:`StashText`).

    Effects:
        ``<button class="heading-action copy-link item-link" …>`` at the end of each row's first cell,
        of each ``dt`` and of each entry; the button copies ``page_url#id`` and is named
        "Copy link to “Table N row …”" (a row: the table's number, the first cell's text cut at 60
        characters), "Copy link to “term”" or "Copy link to “entry”" (cut at 80 characters).
        Items without an id are unchanged.
    """
    labels = dict(item_labels(root, stash))
    parents = parents_of(root)
    for element in [element for element in root.iter() if _is_item(element, parents)]:
        anchor = element.get("id")
        label = labels.get(anchor, anchor)
        target = element
        if element.tag == "tr":
            table = parents[parents[element]]
            caption = next(table.iter("caption"), None)
            number_label = (
                next((e for e in caption.iter() if "caption-label" in (e.get("class") or "").split()), None)
                if caption is not None
                else None
            )
            number = (
                "".join(text_nodes(number_label, lambda child: False)).rstrip(".")
                if number_label is not None
                else table.get("id")
            )
            label = f"{number} row {label[:60]}"
            target = next((cell for cell in element.iter() if cell.tag in ("td", "th")), None)
        elif element.tag != "dt":
            label = label[:80]
        if target is None:
            continue
        button = etree.fromstring(copy_link_button(f"{page_url}#{anchor}", label))
        button.set("class", button.get("class") + " item-link")
        target.append(button)
