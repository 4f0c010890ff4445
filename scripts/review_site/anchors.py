"""Ids that must keep working: renamed ids (``anchor_aliases``) and ids moved to another page (``moved_anchors``).

A page's front matter ``anchor_aliases: {old-id: new-id}`` keeps a renamed id:
:func:`review_site.page_tree.apply_anchor_aliases` puts an empty element with the old id at the new place
(in Python-Markdown's tree, so MkDocs sees the id), and ``#old-id`` scrolls there with or without
JavaScript. ``moved_anchors: {old-id: other-page.md#new-id}`` keeps a section moved to another page:
:func:`apply_moved_anchors` keeps an element with the old id on the old page and forwards ``#old-id``
to the new place with a small inline script. Plain HTML strings in and out; no MkDocs import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping

from review_site import Problem, ProblemsError
from review_site.urls import directory_href, relative_url


def _span_position(html: str, start: re.Match) -> int:
    """Where a ``<span>`` may go first inside the element whose opening tag ``start`` matched
    (group 1: its name): after the tag; in a table, inside its caption; in a row, its first cell."""
    position = start.end()
    inner = {"table": r"<caption\b[^>]*>", "tr": r"<t[dh]\b[^>]*>"}.get(start.group(1).lower())
    if inner:
        found = re.compile(inner).search(html, position)
        position = found.end() if found else start.start()
    return position


_ID = re.compile(r'\sid="([^"]+)"')


def element_ids(html: str) -> set[str]:
    """Every ``id="…"`` value in an HTML fragment (``str`` in, ``set[str]`` out; no parsing)."""
    return set(_ID.findall(html))


class MovedAnchorError(ValueError):
    """A moved anchor points at an id its new page lacks; ``old`` is the id as written."""

    def __init__(self, old: str, message: str):
        super().__init__(message)
        self.old = old


_MOVED_SCRIPT = (
    '<script class="moved-anchors">(function () {{ var moved = {mapping}; function go() {{ '
    "var id = decodeURIComponent(location.hash.slice(1)); "
    "if (Object.prototype.hasOwnProperty.call(moved, id)) location.replace(moved[id]); }} "
    'go(); window.addEventListener("hashchange", go); }})();</script>'
)


def apply_moved_anchors(html: str, moves: Mapping[str, tuple[str, str, Collection[str]]]) -> str:
    """Keep the ids of sections, tables and rows that moved to another page working.

    Args:
        html: the old page's content HTML.
        moves: ``{old id: (href of the new page relative to the old one, new id, every id of the
            new page's content)}``, from the front matter ``moved_anchors: {old: page.md#new}``.
            A moved table (``tbl-…``/``fig-…``) takes its row anchors along: each id ``NEW-x``
            of the new page also gets ``OLD-x``.

    Returns:
        The HTML where every old id exists (ids the page still uses, e.g. an index entry,
        are kept; the others are added as ``<span id="OLD" class="anchor-alias"></span>``
        inside the first element with a moved id, where HTML allows a span, else at the start), followed by one
        ``<script class="moved-anchors">`` that sends ``#OLD`` to ``href#NEW``
        (``location.replace``, so Back returns to where the reader came from).

    Raises:
        MovedAnchorError (a ValueError): an old id maps to an id the new page does not have.
    """
    forwards: dict[str, str] = {}
    for old, (href, new, target_ids) in moves.items():
        if new not in target_ids:
            raise MovedAnchorError(old, f"moved anchor '{old}' -> '{href}#{new}': that page has no id '{new}'")
        forwards[old] = f"{href}#{new}"
        if new.startswith(("tbl-", "fig-")):
            for other in sorted(target_ids):
                if other.startswith(new + "-"):
                    forwards.setdefault(old + other[len(new) :], f"{href}#{other}")
    if not forwards:
        return html
    present = element_ids(html)
    missing = [old for old in forwards if old not in present]
    if missing:
        first = re.search(r'<(\w+)\b[^>]*\sid="(?:' + "|".join(map(re.escape, forwards)) + r')"[^>]*>', html)
        position = _span_position(html, first) if first else 0
        stubs = "".join(f'<span id="{old}" class="anchor-alias"></span>' for old in missing)
        html = html[:position] + stubs + html[position:]
    mapping = json.dumps(forwards, separators=(",", ":")).replace("</", "<\\/")
    return html + _MOVED_SCRIPT.format(mapping=mapping)


def move_page_anchors(
    source: str,
    path: str,
    moved: Mapping,
    page_url: str,
    html: str,
    target: Callable[[str], tuple[str, str] | None],
) -> str:
    """Apply a page's front matter ``moved_anchors: {old: other.md#new}`` (:func:`apply_moved_anchors`).

    Args:
        source: the page's file text (for line numbers). path: ``docs/<page>``. moved: the mapping.
        page_url: the page's URL path. html: its content. target: ``src path -> (URL path, content HTML)``
            of a page, or None when there is no such page.

    Raises:
        ProblemsError: ``path:line: front matter moved_anchors: …`` for a target that does not exist.
    """
    lines = source.splitlines()

    def problem(old, message: str) -> ProblemsError:
        line = next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{old}:")), 1)
        return ProblemsError([Problem(path, line, f"front matter moved_anchors: {message}")])

    moves = {}
    for old, where in moved.items():
        target_path, _, new = str(where).partition("#")
        found = target(target_path)
        if not isinstance(old, str) or not new or found is None:
            raise problem(old, f"'{old}: {where}' must map an old id to an existing page and id, e.g. other.md#new-id")
        url, content = found
        moves[old] = (directory_href(relative_url(url, page_url)), new, element_ids(content))
    try:
        return apply_moved_anchors(html, moves)
    except MovedAnchorError as error:
        raise problem(error.old, str(error)) from error
