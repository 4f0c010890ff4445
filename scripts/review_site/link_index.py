"""The link index page (docs/links.md): every page's addresses to copy, with a one-sentence summary each.

:func:`index_entries` reads a rendered page's sections, tables, figures, glossary terms and bibliography
entries (lxml); :func:`link_index_html` writes the list. No MkDocs import.
"""

from __future__ import annotations

import re

import lxml.html

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
    from review_site.links import page_anchors  # the addresses links.lock would publish

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
