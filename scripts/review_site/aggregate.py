"""Pages made from other pages, and the order in which the build renders the pages.

Three kinds of page read what other pages rendered: the print page (``PRINT_VIEW_MARKER``: every
printed page's content), the Link Index (``LINK_INDEX_MARKER``: every address of every page in the
navigation) and a page with ``moved_anchors`` in its front matter (the ids of the pages its old
anchors moved to). Each is built while the page itself is rendered, from the content of pages
rendered before it, so no page rewrites another after rendering (no ``on_env`` pass).
:func:`render_order` gives that order.

Pure functions over :class:`review_site.model.PageSource`; no MkDocs types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from review_site import Problem, ProblemsError
from review_site.model import PageSource

#: Where a page asks for the whole review (the print page) and for the link index.
PRINT_VIEW_MARKER = "<!-- print-view -->"
LINK_INDEX_MARKER = "<!-- link-index -->"


def printed_pages(pages: Mapping[str, PageSource], nav: Sequence[str]) -> list[str]:
    """The pages of the print view, in reading order: ``nav`` without its link indexes
    (:func:`is_link_index`: they list web addresses to copy, not text to read).

    Args:
        pages: every page by ``src_uri``. nav: the pages of the navigation, in reading order.

    Returns:
        ``src_uri`` of each printed page (a page of ``nav`` missing from ``pages`` is kept).
    """
    return [src_uri for src_uri in nav if src_uri not in pages or not is_link_index(pages[src_uri])]


def is_link_index(page: PageSource) -> bool:
    """Whether the page asks for the link index (:data:`LINK_INDEX_MARKER`)."""
    return LINK_INDEX_MARKER in page.markdown


def moved_to(page: PageSource) -> list[str]:
    """The pages a page's front matter ``moved_anchors`` (``{old id: other.md#id}``) points to."""
    moved = page.meta.get("moved_anchors")
    return [str(where).partition("#")[0] for where in moved.values()] if isinstance(moved, dict) else []


def page_reads(pages: Mapping[str, PageSource], nav: Sequence[str]) -> dict[str, list[str]]:
    """Which rendered pages each page is made from.

    Args:
        pages: every page by ``src_uri``. nav: the pages of the navigation, in reading order.

    Returns:
        ``{src_uri: [src_uri it reads, …]}`` for the pages that read others (the rest are absent):
        the print page reads :func:`printed_pages`, a link index every page of ``nav`` that is not a link
        index itself (those are listed by title and address only, so two never wait for each other), a
        page with ``moved_anchors`` the pages its anchors moved to (``other.md#id``).
    """
    reads: dict[str, list[str]] = {}
    for src_uri, page in pages.items():
        read: list[str] = []
        if PRINT_VIEW_MARKER in page.markdown:
            read += printed_pages(pages, nav)
        if is_link_index(page):  # another link index is listed without its entries
            read += [other for other in nav if other != src_uri and not is_link_index(pages[other])]
        read += moved_to(page)
        read = [other for other in dict.fromkeys(read) if other in pages and other != src_uri]
        if read:
            reads[src_uri] = read
    return reads


def render_order(order: Sequence[str], reads: Mapping[str, Sequence[str]]) -> list[str]:
    """``order`` with every page moved after the pages it reads, otherwise unchanged (a stable sort).

    Args:
        order: the pages in the order MkDocs would render them (``src_uri``).
        reads: :func:`page_reads`.

    Returns:
        The pages in an order where each page comes after every page it reads; a page already in
        such a place keeps it.

    Raises:
        ProblemsError: pages that read each other (a cycle), named with the page that starts it.
    """
    placed: list[str] = []
    listed, done = set(order), set()
    waiting = list(order)
    while waiting:
        ready = next(
            (page for page in waiting if all(other in done or other not in listed for other in reads.get(page, ()))),
            None,
        )
        if ready is None:
            first = waiting[0]
            raise ProblemsError([Problem(f"docs/{first}", 1, f"pages read each other: {', '.join(waiting)}")])
        waiting.remove(ready)
        placed.append(ready)
        done.add(ready)
    return placed
