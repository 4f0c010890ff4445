"""Numbered, linkable captions for tables and figures.

Markdown convention (one caption paragraph, its id on the next line, then the element)::

    Table: Cluster types after Knorringa and Meyer-Stamer [@knorringa1998new].
    { #tbl-district-typology }

    | | Italianate | Satellite | Hub-and-spoke |
    |---|---|---|---|

``attr_list`` puts the id on the caption paragraph. :func:`apply_captions` then moves the
caption into the table's ``<caption>`` (or wraps an image in ``<figure>``/``<figcaption>``),
moves the id onto the table or figure, and prefixes "Table N." / "Figure N.", numbered across
the site in reading (nav) order by :func:`number_captions`. Real ``<caption>`` elements are
what WCAG 2.1 technique H39 asks of data tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, Tag

from review_site import Problem

KINDS = {"Table": "tbl", "Figure": "fig"}
_CAPTION = re.compile(r"^(?P<kind>Table|Figure):[ \t]+\S.*\n(?P<attrs>[^\n]*)", re.MULTILINE)
#: ``{ #tbl-id }``, or ``{ #tbl-id .ordered }`` for a table whose row order carries meaning (a
#: typology, levels, the source's order): it is never offered for sorting (docs/javascripts/tables.js).
_CAPTION_ID = re.compile(r"^\{\s*#(?P<id>[a-z0-9-]+)(?:\s+\.ordered)?\s*\}\s*$")


def collect_captions(markdown: str, path: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Find the captions of one page's Markdown.

    Args:
        markdown: the page source (front matter included, so lines match the file).
        path: the page's source path for messages.

    Returns:
        ``(captions, problems)``: ``captions`` is a list of ``(kind, id)`` in page order, kind
        ``"Table"`` or ``"Figure"``; ``problems`` lists captions whose next line is not
        ``{ #tbl-… }`` / ``{ #fig-… }`` with the prefix matching the kind.
    """
    captions, problems = [], []
    for match in _CAPTION.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        kind = match.group("kind")
        id_match = _CAPTION_ID.match(match.group("attrs"))
        prefix = KINDS[kind] + "-"
        if not id_match or not id_match.group("id").startswith(prefix):
            problems.append(
                Problem(path, line, f"{kind.lower()} caption needs its id on the next line: {{ #{prefix}… }}")
            )
            continue
        captions.append((kind, id_match.group("id")))
    return captions, problems


def number_captions(
    pages: Iterable[tuple[str, list[tuple[str, str]]]],
) -> tuple[dict[str, tuple[str, int, str]], list[Problem]]:
    """Number captions across the site.

    Args:
        pages: ``(page path, captions)`` in reading order, captions as from :func:`collect_captions`.

    Returns:
        ``(numbers, problems)``: ``numbers`` maps each id to ``(kind, number, page path)``,
        numbered from 1 per kind in reading order; ``problems`` lists ids used twice.
    """
    numbers: dict[str, tuple[str, int, str]] = {}
    counters = {kind: 0 for kind in KINDS}
    problems = []
    for path, captions in pages:
        for kind, anchor in captions:
            if anchor in numbers:
                problems.append(Problem(path, 0, f"caption id '{anchor}' is already used in {numbers[anchor][2]}"))
                continue
            counters[kind] += 1
            numbers[anchor] = (kind, counters[kind], path)
    return numbers, problems


def apply_captions(html: str, numbers: dict[str, tuple[str, int, str]]) -> str:
    """Turn caption paragraphs of a rendered page into real captions.

    Args:
        html: the page's HTML as rendered by Python-Markdown.
        numbers: the site-wide numbering from :func:`number_captions`.

    Returns:
        The HTML with each ``<p id="tbl-…">Table: …</p>`` + ``<table>`` turned into
        ``<table id="tbl-…"><caption>Table N. …</caption>…`` and each ``<p id="fig-…">Figure: …</p>``
        + image paragraph (or ``<div class="generated-figure">`` holding an SVG drawn by the build) into ``<figure id="fig-…"><img …><figcaption>Figure N. …</figcaption></figure>``;
        each caption ends with a ``¶`` permalink (``a.headerlink``) like the headings.

    Raises:
        ValueError: a caption paragraph is not followed by a table (or image), naming its id.
    """
    if 'id="tbl-' not in html and 'id="fig-' not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for paragraph in soup.find_all("p", id=re.compile(r"^(tbl|fig)-")):
        anchor = paragraph["id"]
        kind, number, _ = numbers.get(anchor, (None, 0, ""))
        if kind is None:
            continue
        target = paragraph.find_next_sibling()
        label = soup.new_tag("span", attrs={"class": "caption-label"})
        label.string = f"{kind} {number}."
        _strip_prefix(paragraph, kind)
        if kind == "Table":
            if not isinstance(target, Tag) or target.name != "table":
                raise ValueError(f"caption '{anchor}' is not followed by a table")
            caption = soup.new_tag("caption")
        else:
            generated = isinstance(target, Tag) and "generated-figure" in target.get("class", [])
            image = target if generated else (target.find("img") if isinstance(target, Tag) else None)
            if image is None:
                raise ValueError(f"caption '{anchor}' is not followed by an image")
            figure = soup.new_tag("figure", attrs={"class": "numbered-figure"})
            target.replace_with(figure)
            if generated:  # a diagram drawn by the build (inline SVG), kept whole
                figure.append(image)
            else:
                figure.append(image.extract() if image.parent.name != "a" else image.parent.extract())
            target = figure
            caption = soup.new_tag("figcaption")
        caption.append(label)
        caption.append(" ")
        for child in list(paragraph.contents):
            caption.append(child.extract())
        permalink = soup.new_tag(
            "a", attrs={"class": "headerlink", "href": f"#{anchor}", "title": f"Permanent link to this {kind.lower()}"}
        )
        permalink.string = "¶"
        caption.append(permalink)
        ordered = "ordered" in paragraph.get("class", [])
        del paragraph["id"]
        paragraph.decompose()
        target["id"] = anchor
        if ordered and kind == "Table":  # rows in a meaningful order: no sort buttons (after the id)
            target["data-ordered"] = ""
        if kind == "Table":
            target.insert(0, caption)
        else:
            target.append(caption)
    return str(soup)


def _strip_prefix(paragraph: Tag, kind: str) -> None:
    """Remove the leading ``Table:`` / ``Figure:`` marker from a caption paragraph."""
    first = paragraph.contents[0] if paragraph.contents else None
    if first is not None and isinstance(first, str):
        first.replace_with(re.sub(rf"^\s*{kind}:\s*", "", str(first), count=1))
