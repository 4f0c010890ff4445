"""One citation mechanism: author–date links and each page's reference list in the style's order.

mkdocs-bibtex (``bib_by_default``) writes every cited work twice: the author–date citation that
pandoc formatted (``Porter ([1998](references.md#ref-porter1998clusters))``) *and* a footnote
marker ``[^porter1998clusters]`` whose definition is the full reference. Readers then see
"Porter (1998)¹", two numbers for one work, and a reference list in order of first citation.

:class:`AuthorDateCitations` is a Python-Markdown extension whose treeprocessor runs after the
footnotes extension has built its tree (priority 12: after ``footnote`` 50, the inline patterns
20 and ``footnote-duplicate`` 15; before ``toc``/MkDocs' anchor extraction 5 and ``relpath`` 0).
For every footnote whose id is a bibliography key it

* removes the footnote marker (``<sup id="fnref:KEY">``) from the running text;
* marks each link to the work's entry as a citation: ``<a class="citation" data-cite="KEY">``
  (``docs/javascripts/citations.js`` shows the full reference in a popover);
* moves the footnote's text, without its back-links, into
  ``<div class="references csl-bib-body page-references">`` holding one
  ``<div class="csl-entry" data-cite="KEY">`` per work, sorted in the style's order (the order
  of the full bibliography, pandoc citeproc's sort for the CSL style),

and leaves other footnotes (prose notes) as footnotes, numbered 1, 2, … in reading order.
Pure Python-Markdown and ElementTree: no MkDocs types, no regular expressions over HTML.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor

#: Where entries of the full bibliography live: ``…#ref-KEY`` (pandoc's citeproc ids).
REF_PREFIX = "#ref-"


class AuthorDateCitations(Extension):
    """Turn mkdocs-bibtex's citation footnotes into author–date links and a sorted list.

    Args:
        order: bibliography keys in the style's order (``list[str]``); may be set later with
            :meth:`set_order` (the build knows it only after reading the bibliography).
    """

    def __init__(self, order: Iterable[str] = (), **kwargs):
        self.rank: dict[str, int] = {}
        self.set_order(order)
        super().__init__(**kwargs)

    def set_order(self, order: Iterable[str]) -> None:
        """Set the keys (``list[str]``, style order) whose footnotes are citations."""
        self.rank = {key: index for index, key in enumerate(order)}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        md.treeprocessors.register(_CitationTreeprocessor(md, self), "author-date-citations", 12)


class _CitationTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: AuthorDateCitations):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        rank = self.extension.rank
        parents = {child: parent for parent in root.iter() for child in parent}
        notes = next((div for div in root.iter("div") if div.get("class") == "footnote"), None)
        if notes is None or not rank:
            return
        items = notes.find("ol")
        entries = []
        for item in list(items) if items is not None else []:
            key = (item.get("id") or "").removeprefix("fn:")
            if key in rank:
                entries.append((rank[key], key, item))
                items.remove(item)
        if not entries:
            return
        cited = {key for _, key, _ in entries}
        for sup in [sup for sup in root.iter("sup") if _marker_key(sup) in cited]:
            _remove_keeping_tail(sup, parents)
        for link in root.iter("a"):
            href = link.get("href") or ""
            key = href[href.find(REF_PREFIX) + len(REF_PREFIX) :] if REF_PREFIX in href else None
            if key in cited and not link.get("class"):
                link.set("class", "citation")
                link.set("data-cite", key)
        references = etree.Element("div", {"class": "references csl-bib-body page-references"})
        for _, key, item in sorted(entries):
            references.append(_entry(key, item))
        parent = parents[notes]
        position = list(parent).index(notes)
        parent.insert(position, references)
        if items is None or len(items) == 0:
            parent.remove(notes)
        else:
            _renumber(root, items)
            _notes_above_references(parent, notes, references)


def _notes_above_references(parent: etree.Element, notes: etree.Element, references: etree.Element) -> None:
    """Put the prose footnotes (``notes``) above the page's "References" heading, so a note is
    never read as an entry of the reference list; mark them ``footnote footnote-notes``.

    The heading is the last ``<h2>`` before ``references`` whose id is (or whose text, before
    ``attr_list`` has run, ends in) ``#references``; without one, nothing moves.
    """
    children = list(parent)
    before = children[: children.index(references)]
    heading = next(
        (
            h
            for h in reversed(before)
            if h.tag == "h2"
            and (h.get("id") == "references" or "".join(h.itertext()).rstrip().endswith("#references }"))
        ),
        None,
    )
    notes.set("class", "footnote footnote-notes")
    if heading is not None:
        parent.remove(notes)
        parent.insert(list(parent).index(heading), notes)


def _marker_key(sup: etree.Element) -> str | None:
    """The footnote id a ``<sup id="fnref:KEY">`` (or ``fnref2:KEY``) marks, else ``None``."""
    marker = sup.get("id") or ""
    if not marker.startswith("fnref"):
        return None
    return marker.partition(":")[2] or None


def _remove_keeping_tail(element: etree.Element, parents: dict) -> None:
    parent = parents[element]
    tail = element.tail or ""
    index = list(parent).index(element)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _entry(key: str, item: etree.Element) -> etree.Element:
    """``<div class="csl-entry" data-cite=KEY>`` with the footnote's text, back-links dropped."""
    entry = etree.Element("div", {"class": "csl-entry", "data-cite": key})
    paragraph = item.find("p") if item.find("p") is not None else item
    entry.text = paragraph.text
    for child in list(paragraph):
        if child.tag == "a" and "footnote-backref" in (child.get("class") or ""):
            tail = child.tail or ""
            if len(entry):
                entry[-1].tail = (entry[-1].tail or "") + tail
            else:
                entry.text = (entry.text or "") + tail
            continue
        entry.append(child)
    if len(entry):  # the no-break space the footnotes extension puts before its back-link
        entry[-1].tail = (entry[-1].tail or "").replace(NBSP_PLACEHOLDER, "").rstrip() or None
    else:
        entry.text = (entry.text or "").replace(NBSP_PLACEHOLDER, "").rstrip()
    return entry


def _renumber(root: etree.Element, items: etree.Element) -> None:
    """Number the remaining (prose) footnotes 1, 2, … in list order, markers and back-links too."""
    numbers = {(item.get("id") or "").removeprefix("fn:"): n for n, item in enumerate(items, 1)}
    for sup in root.iter("sup"):
        key = _marker_key(sup)
        link = sup.find("a")
        if key in numbers and link is not None:
            link.text = str(numbers[key])
    for item in items:
        number = numbers[(item.get("id") or "").removeprefix("fn:")]
        for link in item.iter("a"):
            if "footnote-backref" in (link.get("class") or ""):
                link.set("title", f"Jump back to footnote {number} in the text")


def style_order(bibliography_html: str) -> list[str]:
    """The keys of a rendered bibliography in its order.

    Args:
        bibliography_html: HTML of :func:`review_site.references.render_bibliography`, one
            ``<div id="ref-KEY" class="csl-entry">`` per entry in the CSL style's sort order.

    Returns:
        ``["KEY", …]`` in document order.
    """
    import lxml.html

    tree = lxml.html.fromstring(bibliography_html)
    return [
        entry.get("id").removeprefix("ref-")
        for entry in tree.xpath('//div[contains(concat(" ", @class, " "), " csl-entry ")][@id]')
    ]
