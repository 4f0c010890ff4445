"""Published links are a public API: the lock file of every URL and anchor.

The lock file (``links.lock`` at the project root) lists, one per line, every address the site
has published, as a path from the site root: each page (``/growth/``, ``/`` for the home page),
each anchor on it (``/growth/#equilibrium-welfare-policy``: headings, tables, figures,
bibliography entries, glossary terms) and each downloadable file (``/references.bib``). Lines starting with ``#`` are comments.

A locked address must keep resolving in every later build (:func:`broken_locked_links`):

- a moved page keeps its old URL through ``mkdocs-redirects`` (``redirect_maps`` in
  ``mkdocs.yml``); the redirect page is followed here as a browser would
  (``<meta http-equiv="refresh">``, which the plugin writes, with the fragment carried along);
- a renamed section id keeps its old id through the page's front matter
  ``anchor_aliases: {old-id: new-id}``; :func:`review_site.page_tree.apply_anchor_aliases` puts an
  empty element with the old id at the new place, so ``#old-id`` scrolls there with or without
  JavaScript (:mod:`review_site.anchors`);
- a section moved to another page keeps its old address through the old page's front matter
  ``moved_anchors: {old-id: other-page.md#new-id}``; :func:`review_site.anchors.resolve_moves` keeps an
  element with the old id on the old page (the reader lands there without JavaScript) and
  forwards ``#old-id`` to the new place with a small inline script (:mod:`review_site.anchors`).

``python -m review_site.links SITE LOCK`` adds the addresses of a freshly built site to the lock
file and never drops one (``make links-lock``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from . import Problem
from .link_index import first_sentence, index_entries, link_index_html  # noqa: F401 (moved)

#: Ids that are not published anchors: footnote markers and back-links, which Python-Markdown
#: numbers per page and which change whenever a citation is added, the internal ids of the
#: "Cite this page" formats and the section-citation data (review_site.page_tools), and the
#: link index's per-page group headings (``page-<slug>``), which follow the pages' own URLs, and
#: the link index's filter box (a form control, not a place to link to).
UNSTABLE_ID = re.compile(r"^(fn(ref\d*)?:|cite-page-|section-citations$|page-|link-index-filter$)")
#: Site files that are machinery, not content: the theme's assets, the search index, the
#: sitemap, the 404 page, the site's own stylesheets and scripts, and the print view (a copy of
#: the pages whose ids follow theirs: ``growth--tbl-x`` exists as long as ``/growth/#tbl-x`` does),
#: and the link-preview cards (``og:image`` of a page, named after its source file: a moved page's
#: card moves with it, and previews read the address from the page's own meta tags).
MACHINERY = (
    "assets/",
    "search/",
    "stylesheets/",
    "javascripts/",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
    "print/",
    "images/cards/",
)
LOCK_HEADER = """\
# Every address this site has published: pages, their anchors, and downloadable files.
# Each must keep resolving in every build (scripts/review_site/links.py checks it).
# Moved page: add a redirect in mkdocs.yml (redirects: redirect_maps).
# Renamed id: add `anchor_aliases: {old-id: new-id}` to the page's front matter.
# Add new addresses with `make links-lock`; it never removes a line.
"""
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url=(.+)$", re.IGNORECASE)
_MAX_REDIRECTS = 5


def page_anchors(html: str) -> list[str]:
    """Return the published anchors of a built page, in document order.

    Args:
        html: a whole built page (Material theme), as ``str``.

    Returns:
        The ``id`` values inside the page's ``<article>`` (headings, tables, figures,
        ``ref-…`` bibliography entries, definition terms, anchor aliases), without footnote
        ids (:data:`UNSTABLE_ID`). Empty if the page has no ``<article>`` (e.g. a redirect page).
    """
    tree = lxml.html.fromstring(html)
    return [
        element.get("id")
        for element in tree.xpath("(//article)[1]//*[@id]")
        if not UNSTABLE_ID.match(element.get("id"))
    ]


def redirect_target(html: str) -> str | None:
    """Return the URL a redirect page sends the browser to, or ``None`` for a normal page.

    Args:
        html: a built page.

    Returns:
        The ``url=`` of its ``<meta http-equiv="refresh" content="0; url=…">`` (as written,
        usually relative), or ``None``. This is how mkdocs-redirects 1.2.2 writes redirects.
    """
    head = html[: html.find("</head>")] if "</head>" in html else html
    meta = next(
        (
            m
            for m in lxml.html.fromstring(head or "<p></p>").iter("meta")
            if (m.get("http-equiv") or "").lower() == "refresh"
        ),
        None,
    )
    if meta is None:
        return None
    match = _REFRESH.match(meta.get("content", ""))
    return match.group(1).strip().strip("'\"") if match else None


def published_links(site: Path) -> list[str]:
    """List every address a built site publishes, sorted: pages, anchors and content files.

    Args:
        site: the built site folder.

    Returns:
        Paths from the site root: ``"/"`` for the home page, ``"/growth/"``,
        ``"/growth/#equilibrium-welfare-policy"``, ``"/references.bib"``. Redirect pages are not
        listed (they keep old addresses alive; they are not content), nor :data:`MACHINERY`.
    """
    links: set[str] = set()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if relative.startswith(MACHINERY):
            continue
        if path.name == "index.html":
            html = path.read_text(encoding="utf-8")
            if redirect_target(html) is not None:
                continue
            url = "/" + relative.removesuffix("index.html")
            links.add(url)
            links.update(f"{url}#{anchor}" for anchor in page_anchors(html))
        elif path.suffix != ".html":
            links.add("/" + relative)
    return sorted(links, key=_lock_order)


def _lock_order(link: str) -> tuple[str, str]:
    page, _, anchor = link.partition("#")
    return page, anchor


def read_lock(text: str) -> list[tuple[int, str]]:
    """Parse a lock file.

    Args:
        text: the lock file's content.

    Returns:
        ``(line number, address)`` pairs (1-based), skipping blank and ``#`` comment lines.
    """
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def format_lock(links: Iterable[str]) -> str:
    """Return the text of a lock file holding ``links`` (deduplicated, sorted), with its header."""
    return LOCK_HEADER + "".join(f"{link}\n" for link in sorted(set(links), key=_lock_order))


def resolve(site: Path, link: str, cache: dict | None = None) -> str | None:
    """Say why a site-relative address does not resolve in a built site, or ``None`` if it does.

    Args:
        site: the built site folder.
        link: an address as in the lock file (``"/growth/#equilibrium-welfare-policy"``).
        cache: a dict reused across calls so each page is parsed once (optional).

    Returns:
        ``None`` when the file exists and, for an anchor, the page (after following up to
        five redirect pages, fragment kept) has an element with that id; otherwise a message.
    """
    cache = {} if cache is None else cache
    path, _, anchor = link.partition("#")
    path = path.lstrip("/")
    for _ in range(_MAX_REDIRECTS + 1):
        file = site / unquote(path)
        if path == "" or path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            return f"'/{path}' is missing"
        if file.suffix != ".html":
            return None if not anchor else f"'/{path}' is not a page, so it has no anchor '#{anchor}'"
        if file not in cache:
            html = file.read_text(encoding="utf-8")
            cache[file] = (redirect_target(html), set(page_anchors(html)))
        target, anchors = cache[file]
        if target is None:
            if anchor and unquote(anchor) not in anchors:
                return f"'/{path}' has no anchor '#{anchor}'"
            return None
        moved = urlsplit(urljoin("http://site/" + path, target))
        if moved.netloc != "site":
            return f"'/{path}' redirects off the site, to {target}"
        path = moved.path.lstrip("/")
        anchor = moved.fragment or anchor
    return f"'{link}' redirects more than {_MAX_REDIRECTS} times"


def broken_locked_links(lock_text: str, site: Path, lock_name: str = "links.lock") -> list[Problem]:
    """Check every locked address against a built site.

    Args:
        lock_text: the lock file's content.
        site: the built site folder.
        lock_name: the lock file's path as reported in messages.

    Returns:
        One :class:`~review_site.Problem` per address that no longer resolves, naming the
        lock file's line and saying how to keep the address working; empty when all resolve.
    """
    cache: dict = {}
    return [
        Problem(
            lock_name,
            number,
            f"published address '{link}' no longer works: {why}. Keep it with a redirect "
            "(mkdocs.yml redirect_maps) or an anchor alias (front matter anchor_aliases)",
        )
        for number, link in read_lock(lock_text)
        if (why := resolve(site, link, cache)) is not None
    ]


def lock_problems(root: Path, site: Path, pdf_name: str, lock_name: str = "links.lock") -> list[Problem]:
    """The locked addresses a built site no longer serves (:func:`broken_locked_links`), or the missing lock.

    The PDF's address (``/<pdf_name>``) is locked too, but ``make build`` prints it after the build
    (review_site.pdf checks it then): its line is blanked here, keeping the other lines' numbers.
    """
    lock = root / lock_name
    if not lock.is_file():
        return [Problem(lock_name, 0, "missing; create it with `make links-lock`")]
    lines = lock.read_text(encoding="utf-8").splitlines()
    lock_text = "\n".join("" if line.strip() == f"/{pdf_name}" else line for line in lines)
    return broken_locked_links(lock_text, site, lock_name)


def main(argv: list[str]) -> int:
    """``python -m review_site.links SITE LOCK``: add a built site's addresses to the lock file.

    Fails (exit status 1, messages on stderr) and writes nothing if a locked address no longer
    resolves; otherwise writes the union of the old and new addresses and exits 0.
    """
    if len(argv) != 2:
        print("usage: python -m review_site.links SITE LOCK", file=sys.stderr)
        return 2
    site, lock = Path(argv[0]), Path(argv[1])
    old_text = lock.read_text(encoding="utf-8") if lock.exists() else ""
    problems = broken_locked_links(old_text, site, lock.as_posix())
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    old = {link for _, link in read_lock(old_text)}
    new = published_links(site)
    lock.write_text(format_lock(old | set(new)), encoding="utf-8")
    print(f"{lock}: {len(old | set(new))} addresses ({len(set(new) - old)} new)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
