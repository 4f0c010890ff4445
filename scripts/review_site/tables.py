"""Tables as data: the slugs of row anchors and the old ids of renamed tables.

The Markdown table in the page is the one source of truth. While Python-Markdown builds the page,
:mod:`review_site.page_tree` gives every body row of a numbered table a stable id
(:func:`review_site.page_tree.add_row_ids`, from :func:`slug`), publishes the table's cells as CSV
(:func:`review_site.page_tree.table_csvs`, RFC 4180) with a download link under it
(:func:`review_site.page_tree.add_csv_links`), and fills empty links to a table or figure with its
number (:func:`review_site.page_tree.fill_cross_references`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping


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
