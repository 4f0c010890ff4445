"""Tables as data: row anchors, CSV downloads and "Table N" cross-references.

The Markdown table in the page is the one source of truth. After it is rendered, the build
gives every body row of a numbered table a stable id (:func:`add_row_ids`), publishes the
table's cells as CSV (:func:`table_csvs`, RFC 4180) with a download link under it
(:func:`add_csv_links`), and fills empty links to a table or figure with its number
(:func:`fill_cross_references`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from html import escape

import lxml.html

_TABLE = re.compile(r'<table(?=[^>]*\sid="(?P<id>tbl-[^"]+)")[^>]*>.*?</table>', re.DOTALL)  # any attribute order
_ROW = re.compile(r"<tr(?P<attrs>[^>]*)>(?P<first>\s*<t[dh][^>]*>(?P<cell>.*?)</t[dh]>)", re.DOTALL)
_EMPTY_LINK = re.compile(r'<a href="(?P<href>[^"#]*#(?P<id>(?:tbl|fig)-[^"]+))">\s*</a>')


def slug(text: str, limit: int = 40) -> str:
    """Lowercase ASCII kebab-case of ``text`` (``"Tuttlingen (Germany)"`` → ``"tuttlingen-germany"``),
    cut at a word boundary to at most ``limit`` characters; ``"row"`` if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit and out:
            break
        out = f"{out}-{word}" if out else word
    return out or "row"


def _cell_text(html: str) -> str:
    """Visible text of a cell, without footnote numbers, buttons or the ¶ permalink."""
    element = lxml.html.fragment_fromstring(html, create_parent="div")
    for noise in element.xpath(".//sup | .//button | .//a[@class='headerlink']"):
        noise.drop_tree()
    return " ".join(element.text_content().split())


def add_row_ids(html: str) -> str:
    """Give every body row of each numbered table an id ``<table id>-<slug of its first cell>``.

    Args:
        html: a page's content HTML.

    Returns:
        The HTML with ``id`` on each ``<tbody>`` row that has none (e.g.
        ``tbl-empirical-studies-sialkot-pakistan``); a repeated slug gets ``-2``, ``-3``.
        Header rows and rows that already have an id are unchanged.
    """

    def table(match: re.Match) -> str:
        table_id, body = match.group("id"), match.group(0)
        start = body.find("<tbody")
        if start < 0:
            return body
        used: set[str] = set()

        def row(row_match: re.Match) -> str:
            if " id=" in row_match.group("attrs"):
                return row_match.group(0)
            base = f"{table_id}-{slug(_cell_text(row_match.group('cell')))}"
            anchor, number = base, 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
            return f'<tr{row_match.group("attrs")} id="{anchor}">{row_match.group("first")}'

        return body[:start] + _ROW.sub(row, body[start:])

    return _TABLE.sub(table, html)


def table_csvs(html: str) -> dict[str, str]:
    """The cells of each numbered table as CSV.

    Args:
        html: a page's content HTML.

    Returns:
        ``{table id: CSV text}``: the header row, then one line per body row, each cell's
        visible text (footnote numbers removed), CRLF line ends (RFC 4180).
    """
    out = {}
    for match in _TABLE.finditer(html):
        table = lxml.html.fragment_fromstring(match.group(0))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in table.xpath("./thead/tr | ./tbody/tr | ./tr"):
            writer.writerow(
                [
                    _cell_text(lxml.html.tostring(cell, encoding="unicode", with_tail=False))
                    for cell in row.xpath("./th | ./td")
                ]
            )
        out[match.group("id")] = buffer.getvalue()
    return out


def add_csv_links(html: str, hrefs: Mapping[str, str]) -> str:
    """Add "Download this table as CSV" after each numbered table listed in ``hrefs``.

    Args:
        html: a page's content HTML. hrefs: ``{table id: relative URL of its CSV file}``.

    Returns:
        The HTML with ``<p class="table-download"><a href=… download>…</a></p>`` after each table.
    """

    def link(match: re.Match) -> str:
        href = hrefs.get(match.group("id"))
        if href is None:
            return match.group(0)
        return (
            f'{match.group(0)}<p class="table-download"><a href="{escape(href)}" download>'
            f"Download this table as CSV</a></p>"
        )

    return _TABLE.sub(link, html)


def fill_cross_references(html: str, numbers: Mapping[str, tuple[str, int, str]]) -> tuple[str, list[str]]:
    """Write "Table N" / "Figure N" into empty links to a table or figure.

    ``[](policy.md#tbl-empirical-studies)`` renders as an empty link; it becomes
    ``<a href=…>Table 4</a>``, numbered as in the captions (site-wide, reading order).

    Args:
        html: a page's content HTML. numbers: ``{id: (kind, number, page)}`` of the captions.

    Returns:
        ``(html, unknown)``: the filled HTML, and the ids of empty links that name no table
        or figure (the caller fails the build on them).
    """
    unknown = []

    def fill(match: re.Match) -> str:
        anchor = match.group("id")
        if anchor not in numbers:
            unknown.append(anchor)
            return match.group(0)
        kind, number, _ = numbers[anchor]
        return f'<a class="cross-reference" href="{match.group("href")}">{kind}&nbsp;{number}</a>'

    return _EMPTY_LINK.sub(fill, html), unknown


def old_ids(aliases: Mapping[str, str], anchor: str) -> list[str]:
    """Every old id that front matter ``anchor_aliases`` (``{old id: new id}``) maps to ``anchor``.

    Args:
        aliases: a page's ``anchor_aliases``; may be empty.
        anchor: the current id of a heading or table.

    Returns:
        The old ids in front-matter order: a table renamed twice has two, each a published CSV
        address (``tables/<old id>.csv``) that must keep working.
    """
    return [str(old) for old, new in aliases.items() if new == anchor]
