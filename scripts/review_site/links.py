"""Published links are a public API: the lock file of every URL and anchor, and anchor aliases.

The lock file (``links.lock`` at the project root) lists, one per line, every address the site
has published, as a path from the site root: each page (``/growth/``, ``/`` for the home page),
each anchor on it (``/growth/#equilibrium-welfare-policy``: headings, tables, figures,
bibliography entries, glossary terms) and each downloadable file (``/references.bib``). Lines starting with ``#`` are comments.

A locked address must keep resolving in every later build (:func:`broken_locked_links`):

- a moved page keeps its old URL through ``mkdocs-redirects`` (``redirect_maps`` in
  ``mkdocs.yml``); the redirect page is followed here as a browser would
  (``<meta http-equiv="refresh">``, which the plugin writes, with the fragment carried along);
- a renamed section id keeps its old id through the page's front matter
  ``anchor_aliases: {old-id: new-id}``; :func:`apply_anchor_aliases` puts an empty element with
  the old id at the new place, so ``#old-id`` scrolls there with or without JavaScript.

- a section moved to another page keeps its old address through the old page's front matter
  ``moved_anchors: {old-id: other-page.md#new-id}``; :func:`apply_moved_anchors` keeps an
  element with the old id on the old page (the reader lands there without JavaScript) and
  forwards ``#old-id`` to the new place with a small inline script.

``python -m review_site.links SITE LOCK`` adds the addresses of a freshly built site to the lock
file and never drops one (``make links-lock``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from . import Problem

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


def apply_anchor_aliases(html: str, aliases: dict[str, str]) -> str:
    """Keep renamed ids working: add an empty element with each old id at the new id's place.

    Args:
        html: a page's content HTML (the output of Markdown conversion).
        aliases: ``{old id: new id}`` from the page's ``anchor_aliases`` front matter.

    Returns:
        The HTML with ``<span id="OLD" class="anchor-alias"></span>`` inserted as the first
        content of the element with id NEW (for a table, inside its caption; for a table row,
        inside its first cell), where HTML allows a ``<span>``. Renaming a table also keeps
        its row anchors: each row ``NEW-x`` gets the alias ``OLD-x``.

    Raises:
        ValueError: an alias is not a pair of strings, the new id does not exist in the page,
            or the old id is still in use.
    """
    aliases = dict(aliases)
    for old, new in list(aliases.items()):
        if isinstance(old, str) and isinstance(new, str) and re.search(rf'<table\b[^>]*\sid="{re.escape(new)}"', html):
            for row in re.findall(rf'<tr\b[^>]*\sid="{re.escape(new)}-([^"]+)"', html):
                aliases.setdefault(f"{old}-{row}", f"{new}-{row}")
    for old, new in aliases.items():
        if not isinstance(old, str) or not isinstance(new, str):
            raise ValueError(f"anchor alias {old!r}: {new!r} must map an old id to a new id")
        if re.search(rf'\sid="{re.escape(old)}"', html):
            raise ValueError(f"anchor alias '{old}': that id is still used in the page; remove the alias")
        start = re.search(rf'<(\w+)\b[^>]*\sid="{re.escape(new)}"[^>]*>', html)
        if start is None:
            raise ValueError(f"anchor alias '{old}' -> '{new}': the page has no id '{new}'")
        position = _span_position(html, start)
        html = f'{html[:position]}<span id="{old}" class="anchor-alias"></span>{html[position:]}'
    return html


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


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“(])")
#: Words ending in a full stop that do not end a sentence (besides initials such as "E.").
ABBREVIATIONS = frozenset(
    {
        "e.g.",
        "i.e.",
        "cf.",
        "al.",
        "etc.",
        "pp.",
        "p.",
        "vol.",
        "no.",
        "ed.",
        "eds.",
        "St.",
        "Mr.",
        "Dr.",
        "Prof.",
        "vs.",
        "ch.",
        "sec.",
        "fig.",
        "approx.",
        "c.",
        "ca.",
    }
)


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (whitespace collapsed).

    A full stop after an initial ("Michael E. Porter", "T. J. A. Roelandt") or after an
    abbreviation of :data:`ABBREVIATIONS` ("et al.", "e.g.") does not end the sentence.
    """
    text = " ".join(text.split())
    for boundary in _SENTENCE_END.finditer(text):
        word = text[: boundary.start()].rsplit(" ", 1)[-1].lstrip('(“"')
        if (
            re.fullmatch(r"(?:[A-Z]\.)+|(?:[A-Z]\.-?)+[A-Z]\.", word)
            or word in ABBREVIATIONS
            or word.lower() in ABBREVIATIONS
        ):
            continue
        return text[: boundary.start()]
    return text


def _summary(text: str, limit: int = 160) -> str:
    """First sentence of ``text`` (:func:`first_sentence`); one longer than ``limit`` characters
    is cut at the last word boundary before it and ends with an ellipsis."""
    sentence = first_sentence(text) if text.strip() else ""
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def index_entries(content_html: str) -> list[dict]:
    """The sections, tables and figures of a page, for the link index.

    Uses the same ids as the lock file (:func:`page_anchors`), keeping those on ``h2``/``h3``
    headings, tables and figures.

    Args:
        content_html: the page's content HTML (what Markdown and the hook produced).

    Returns:
        ``{"anchor", "kind" ("section"|"subsection"|"table"|"row"|"figure"|"term"|"reference"),
        "title", "summary"}`` dicts in document order; a section's summary is the first sentence
        of the paragraph after its heading, a table's or figure's title is its label ("Table 3.")
        and its summary the caption; a table row's title is its first cell and its summary the
        next cell; a glossary term's (``dt``) summary is the first sentence of its definition;
        a bibliography entry's (``div.csl-entry``) title is its text up to the year and its
        summary the rest.
    """
    tree = lxml.html.fromstring(f"<article>{content_html}</article>")
    wanted = set(page_anchors(f"<article>{content_html}</article>"))
    entries = []
    for element in tree.xpath("//*[@id]"):
        anchor = element.get("id")
        if anchor not in wanted or element.tag not in ("h2", "h3", "table", "figure", "tr", "dt", "div"):
            continue
        if element.tag == "div" and "csl-entry" not in (element.get("class") or "").split():
            continue
        for noise in element.xpath(
            ".//a[@class='headerlink'] | .//button | .//span[@class='anchor-alias'] | .//div[@class='cited-in']"
        ):
            noise.drop_tree()
        if element.tag == "tr":
            cells = [" ".join(cell.text_content().split()) for cell in element.xpath("./td | ./th")]
            entries.append(
                {
                    "anchor": anchor,
                    "kind": "row",
                    "title": cells[0] if cells else anchor,
                    "summary": _summary(cells[1] if len(cells) > 1 else "", 120),
                }
            )
        elif element.tag == "dt":
            definition = element.getnext()
            text = definition.text_content() if definition is not None and definition.tag == "dd" else ""
            entries.append(
                {
                    "anchor": anchor,
                    "kind": "term",
                    "title": " ".join(element.text_content().split()),
                    "summary": _summary(text),
                }
            )
        elif element.tag == "div":
            text = " ".join(element.text_content().split())
            year = re.search(r"\. (?:\d{4}[a-z]?|n\.d\.)\. ", text)
            title, rest = (text[: year.start() + len(year.group(0)) - 2], text[year.end() :]) if year else (text, "")
            entries.append({"anchor": anchor, "kind": "reference", "title": title, "summary": _summary(rest, 200)})
        elif element.tag in ("h2", "h3"):
            following = element.getnext()
            while following is not None and following.tag not in ("p", "h2", "h3"):
                following = following.getnext()
            text = ""
            if following is not None and following.tag == "p":
                for note in following.xpath(".//sup"):  # footnote numbers
                    note.drop_tree()
                text = following.text_content()
            entries.append(
                {
                    "anchor": anchor,
                    "kind": "section" if element.tag == "h2" else "subsection",
                    "title": " ".join(element.text_content().split()),
                    "summary": _summary(text),
                }
            )
        else:
            caption = element.find("caption") if element.tag == "table" else element.find("figcaption")
            label = caption.xpath(".//span[@class='caption-label']") if caption is not None else []
            title = label[0].text_content().strip().rstrip(".") if label else element.tag.title()
            for note in caption.xpath(".//sup") if caption is not None else []:
                note.drop_tree()
            text = caption.text_content() if caption is not None else ""
            if label:
                text = text.replace(label[0].text_content(), "", 1)
            entries.append({"anchor": anchor, "kind": element.tag, "title": title, "summary": _summary(text, 200)})
    return entries


def link_index_html(pages: list[dict]) -> str:
    """The link index: every page, and each one's sections, tables and figures, with copy buttons.

    Args:
        pages: in reading order, dicts with ``title``, ``description``, ``href`` (relative to
            the index page), ``url`` (absolute), ``slug`` (for the group's id) and ``entries``
            (from :func:`index_entries`).

    Returns:
        HTML: per page an ``<h2 id="page-SLUG">`` and a list whose items give the title as a
        link, the one-line summary, the absolute URL and a copy-link button.
    """
    from html import escape

    from .page_tools import copy_link_button

    def item(title: str, href: str, url: str, summary: str, kind: str, label: str) -> str:
        text = f' <span class="link-index__summary">{escape(summary)}</span>' if summary else ""
        return (
            f'<li class="link-index__{kind}"><a href="{escape(href)}">{escape(title)}</a>{text}'
            f'<br><code class="link-index__url">{escape(url)}</code>{copy_link_button(url, label)}</li>'
        )

    parts = [
        '<p class="link-index__filter" hidden><label for="link-index-filter">Filter the addresses</label> '
        '<input type="search" id="link-index-filter" autocomplete="off" '
        'placeholder="e.g. Sialkot, Porter, agglomeration"> <span role="status" aria-live="polite"></span></p>'
    ]
    for page in pages:
        parts.append(f'<h2 id="page-{escape(page["slug"])}">{escape(page["title"])}</h2><ul class="link-index">')
        parts.append(item("Whole page", page["href"], page["url"], page["description"], "page", page["title"]))
        for entry in page["entries"]:
            parts.append(
                item(
                    entry["title"],
                    f"{page['href']}#{entry['anchor']}",
                    f"{page['url']}#{entry['anchor']}",
                    entry["summary"],
                    entry["kind"],
                    f"{page['title']}: {entry['title']}",
                )
            )
        parts.append("</ul>")
    return "".join(parts)
