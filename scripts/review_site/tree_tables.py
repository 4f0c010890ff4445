"""Tables and figures in Python-Markdown's element tree: generated blocks, captions, row ids, CSVs,
CSV links, "Table N" cross-references and cell labels (steps 1–3 of :mod:`review_site.page_tree`)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping

from markdown import Markdown


from review_site.tables import slug
from review_site.tree_html import (
    StashText,
    generated_name,
    parents_of,
    placeholder_index,
    remove_keeping_tail,
    visible_text,
)

#: The blocks the build draws: name -> kind (``generated-figure`` or ``generated-table``).
GENERATED_NAMES = {
    "places-map": "figure",
    "places-table": "table",
    "literature-timeline": "figure",
    "timeline-list": "table",
}
#: Generated blocks that are data tables: they become elements (rows, CSV, labels, captions).
TABLE_BLOCKS = {"places-table"}


def generated_blocks(
    root: etree.Element, md: Markdown, draw: Callable[[str], str] | None, path: str, problems: list[str]
) -> set[etree.Element]:
    """Draw the generated blocks of a page (module docstring, step 1).

    Args:
        root: the page's tree. md: its Markdown instance (the HTML stash). draw: ``name -> HTML``.
        path: the page for messages. problems: unknown blocks are appended (``"docs/x.md: unknown
            generated block (known: …)"``).

    Returns:
        The placeholder paragraphs now standing for a drawn figure (``<div class="generated-figure">``),
        for :func:`apply_captions`.
    """
    figures = set()
    blocks = md.htmlStash.rawHtmlBlocks
    parents = None
    for paragraph in list(root.iter("p")):
        index = placeholder_index(paragraph)
        if index is None or index >= len(blocks):
            continue
        name = generated_name(str(blocks[index]))
        if name is None:
            continue
        if name not in GENERATED_NAMES or draw is None:
            known = ", ".join(GENERATED_NAMES)
            problems.append(f"{path}: unknown generated block (known: {known})")
            continue
        html = draw(name)
        if name not in TABLE_BLOCKS:
            blocks[index] = html
            if GENERATED_NAMES[name] == "figure":
                figures.add(paragraph)
            continue
        parents = parents or parents_of(root)
        parent = parents[paragraph]
        table = etree.fromstring(html.strip())  # our own markup (escaped XHTML), as elements
        table.tail = paragraph.tail
        position = list(parent).index(paragraph)
        parent.remove(paragraph)
        parent.insert(position, table)
    return figures


def apply_captions(
    root: etree.Element, numbers: Mapping[str, tuple[str, int, str]], figures: set[etree.Element] = frozenset()
) -> None:
    """Turn the caption paragraphs of a page's tree into real captions (``review_site.captions``).

    Args:
        root: the page's tree (changed in place).
        numbers: the site-wide numbering from :func:`review_site.captions.number_captions`.
        figures: placeholder paragraphs standing for a drawn figure (:func:`generated_blocks`).

    Effects:
        Each ``<p id="tbl-…">Table: …</p>`` + ``<table>`` becomes
        ``<table id="tbl-…"><caption><span class="caption-label">Table N.</span> …</caption>…``
        (``data-ordered=""`` when the paragraph had class ``ordered``), and each
        ``<p id="fig-…">Figure: …</p>`` + image paragraph (or drawn figure) becomes
        ``<figure class="numbered-figure" id="fig-…"><img …><figcaption>Figure N. …</figcaption></figure>``;
        each caption ends with a ``¶`` permalink (``a.headerlink``) like the headings.
        Paragraphs whose id is not in ``numbers`` are unchanged.

    Raises:
        ValueError: a caption paragraph is not followed by a table (or image), naming its id.
    """
    parents = parents_of(root)
    captions = [p for p in root.iter("p") if (p.get("id") or "").startswith(("tbl-", "fig-"))]
    for paragraph in captions:
        anchor = paragraph.get("id")
        kind, number, _ = numbers.get(anchor, (None, 0, ""))
        if kind is None:
            continue
        parent = parents[paragraph]
        siblings = list(parent)
        position = siblings.index(paragraph)
        target = siblings[position + 1] if position + 1 < len(siblings) else None
        label = etree.Element("span", {"class": "caption-label"})
        label.text = f"{kind} {number}."
        if kind == "Table":
            if target is None or target.tag != "table":
                raise ValueError(f"caption '{anchor}' is not followed by a table")
            caption = etree.Element("caption")
        else:
            caption = etree.Element("figcaption")
            target = _figure(anchor, target, parent, figures)
        text = (paragraph.text or "").lstrip()
        text = text[len(kind) + 1 :].lstrip() if text.startswith(f"{kind}:") else (paragraph.text or "")
        caption.append(label)
        label.tail = " " + text
        for child in list(paragraph):
            caption.append(child)
        permalink = etree.SubElement(
            caption,
            "a",
            {"class": "headerlink", "href": f"#{anchor}", "title": f"Permanent link to this {kind.lower()}"},
        )
        permalink.text = "¶"
        ordered = "ordered" in (paragraph.get("class") or "").split()
        remove_keeping_tail(paragraph, parent)
        target.set("id", anchor)
        if kind == "Table":
            if ordered:  # rows in a meaningful order: no sort buttons (docs/javascripts/tables.js)
                target.set("data-ordered", "")
            caption.tail, target.text = target.text, None
            target.insert(0, caption)
        else:
            target.append(caption)


def _figure(anchor: str, target: etree.Element | None, parent: etree.Element, figures) -> etree.Element:
    """Replace ``target`` (an image paragraph or a drawn figure) by ``<figure class="numbered-figure">``
    holding the image (with its link, if any) or the drawing; return the figure."""
    if target is None:
        raise ValueError(f"caption '{anchor}' is not followed by an image")
    if target in figures:  # a diagram drawn by the build (inline SVG), kept whole
        content = target
    else:
        image = next(target.iter("img"), None) if target.tag != "img" else None
        if image is None:
            raise ValueError(f"caption '{anchor}' is not followed by an image")
        holder = parents_of(target)[image]
        content = holder if holder.tag == "a" else image
    figure = etree.Element("figure", {"class": "numbered-figure"})
    figure.tail, target.tail = target.tail, None
    position = list(parent).index(target)
    parent.remove(target)
    parent.insert(position, figure)
    content.tail = None
    figure.append(content)
    return figure


def numbered_tables(root: etree.Element) -> list[etree.Element]:
    return [table for table in root.iter("table") if (table.get("id") or "").startswith("tbl-")]


def body_rows(table: etree.Element) -> list[etree.Element]:
    return [row for body in table.findall("tbody") for row in body.findall("tr")]


def row_cells(row: etree.Element) -> list[etree.Element]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def add_row_ids(root: etree.Element, stash: StashText) -> None:
    """Give every body row of each numbered table an id ``<table id>-<slug of its first cell>``.

    Args:
        root: the page's tree (changed in place). stash: reads placeholders (:class:`StashText`).

    Effects:
        ``id`` on each ``<tbody>`` row that has none (e.g. ``tbl-empirical-studies-sialkot-pakistan``;
        :func:`review_site.tables.slug` of the first cell's visible text); a repeated slug gets
        ``-2``, ``-3``. Header rows and rows that already have an id are unchanged.
    """
    for table in numbered_tables(root):
        used: set[str] = set()
        for row in body_rows(table):
            cells = row_cells(row)
            if row.get("id") is not None or not cells:
                continue
            base = f"{table.get('id')}-{slug(visible_text(cells[0], stash))}"
            anchor, number = base, 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
            row.set("id", anchor)


def table_csvs(root: etree.Element, stash: StashText) -> dict[str, str]:
    """The cells of each numbered table as CSV.

    Args:
        root: the page's tree. stash: reads placeholders (:class:`StashText`).

    Returns:
        ``{table id: CSV text}``: the header row, then one line per body row, each cell's
        visible text (footnote numbers removed), CRLF line ends (RFC 4180).
    """
    out = {}
    for table in numbered_tables(root):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for child in table:
            rows = [child] if child.tag == "tr" else child.findall("tr") if child.tag in ("thead", "tbody") else []
            for row in rows:
                writer.writerow([visible_text(cell, stash) for cell in row_cells(row)])
        out[table.get("id")] = buffer.getvalue()
    return out


def add_csv_links(root: etree.Element, hrefs: Mapping[str, str]) -> None:
    """Add "Download this table as CSV" after each numbered table listed in ``hrefs``.

    Args:
        root: the page's tree (changed in place). hrefs: ``{table id: relative URL of its CSV file}``.

    Effects:
        ``<p class="table-download"><a download="" href=…>Download this table as CSV</a></p>``
        right after each such table.
    """
    parents = parents_of(root)
    for table in numbered_tables(root):
        href = hrefs.get(table.get("id"))
        if href is None:
            continue
        parent = parents[table]
        paragraph = etree.Element("p", {"class": "table-download"})
        link = etree.SubElement(paragraph, "a", {"href": href, "download": ""})
        link.text = "Download this table as CSV"
        paragraph.tail, table.tail = table.tail, None
        parent.insert(list(parent).index(table) + 1, paragraph)


def fill_cross_references(root: etree.Element, numbers: Mapping[str, tuple[str, int, str]], md: Markdown) -> list[str]:
    """Write "Table N" / "Figure N" into empty links to a table or figure.

    ``[](policy.md#tbl-empirical-studies)`` renders as an empty link; it becomes
    ``<a class="cross-reference" href=…>Table&nbsp;4</a>``, numbered as in the captions (site-wide,
    reading order).

    Args:
        root: the page's tree (changed in place). numbers: ``{id: (kind, number, page)}`` of the
            captions. md: the Markdown instance (the ``&nbsp;`` is stored in its HTML stash).

    Returns:
        The ids of empty links that name no table or figure (the caller fails the build on them).
    """
    unknown = []
    for link in root.iter("a"):
        href = link.get("href") or ""
        _, hash_mark, anchor = href.partition("#")
        if len(link) or (link.text or "").strip() or set(link.keys()) != {"href"} or not hash_mark:
            continue
        if not anchor.startswith(("tbl-", "fig-")):
            continue
        if anchor not in numbers:
            unknown.append(anchor)
            continue
        kind, number, _ = numbers[anchor]
        link.set("class", "cross-reference")
        link.text = f"{kind}{md.htmlStash.store('&nbsp;')}{number}"
    return unknown


def add_cell_labels(root: etree.Element, stash: StashText) -> None:
    """Label each body cell of a numbered table with its column header, for stacked rows.

    On narrow screens (``extra.css``) each row of a numbered table becomes a card in which every
    cell shows its column's header (``td::before { content: attr(data-label) }``), so no column
    sits off-screen and the caption stays whole above the table.

    Args:
        root: the page's tree (changed in place). stash: reads placeholders (:class:`StashText`).

    Effects:
        ``data-label="<header text>"`` on each body cell of ``table[id^=tbl-]`` that has a header
        row, and ``data-stack=""`` on the table; other tables are unchanged.
    """
    for table in numbered_tables(root):
        headers = [
            visible_text(th, stash, " ", drop_noise=False)
            for thead in table.findall("thead")
            for tr in thead.findall("tr")
            for th in tr.findall("th")
        ]
        if not headers:
            continue
        table.set("data-stack", "")
        for row in body_rows(table):
            for header, cell in zip(headers, row_cells(row), strict=False):
                if header:
                    cell.set("data-label", header)
