"""Ids that must keep working: renamed ids (``anchor_aliases``) and ids moved to another page (``moved_anchors``).

A page's front matter ``anchor_aliases: {old-id: new-id}`` keeps a renamed id:
:func:`review_site.page_tree.apply_anchor_aliases` puts an empty element with the old id at the new place
(in Python-Markdown's tree, so MkDocs sees the id), and ``#old-id`` scrolls there with or without
JavaScript. ``moved_anchors: {old-id: other-page.md#new-id}`` keeps a section moved to another page:
:func:`resolve_moves` checks the mapping against the ids of the rendered target page,
:func:`review_site.tree_actions.add_moved_anchors` keeps an element with each old id on the old page (in the
tree), and :func:`moved_script` forwards ``#old-id`` to the new place. No MkDocs import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping

from review_site import Problem, ProblemsError
from review_site.urls import directory_href, relative_url


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


def moved_forwards(moves: Mapping[str, tuple[str, str, Collection[str]]]) -> dict[str, str]:
    """Where each moved id now lives.

    Args:
        moves: ``{old id: (href of the new page relative to the old one, new id, every id of the
            new page)}``, from the front matter ``moved_anchors: {old: page.md#new}``.

    Returns:
        ``{old id: "href#new"}``. A moved table (``tbl-…``/``fig-…``) takes its row anchors along:
        each id ``NEW-x`` of the new page also gets ``OLD-x``.

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
    return forwards


def moved_script(forwards: Mapping[str, str]) -> str:
    """The ``<script class="moved-anchors">`` that sends ``#OLD`` to ``href#NEW`` (``location.replace``, so
    Back returns to where the reader came from); ``""`` when nothing moved."""
    if not forwards:
        return ""
    mapping = json.dumps(dict(forwards), separators=(",", ":")).replace("</", "<\\/")
    return _MOVED_SCRIPT.format(mapping=mapping)


def resolve_moves(
    source: str, path: str, moved: Mapping, page_url: str, target: Callable[[str], tuple[str, Collection[str]] | None]
) -> dict[str, str]:
    """Check a page's front matter ``moved_anchors: {old: other.md#new}`` and resolve it (:func:`moved_forwards`).

    Args:
        source: the page's file text (for line numbers). path: ``docs/<page>``. moved: the mapping.
        page_url: the page's URL path. target: ``src path -> (URL path, every id of the page)`` of a
            rendered page, or None when there is no such page.

    Returns:
        ``{old id: "href#new"}`` (hrefs relative to the page).

    Raises:
        ProblemsError: ``path:line: front matter moved_anchors: …`` for a target page or id that does not exist.
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
        url, ids = found
        moves[old] = (directory_href(relative_url(url, page_url)), new, ids)
    try:
        return moved_forwards(moves)
    except MovedAnchorError as error:
        raise problem(error.old, str(error)) from error
