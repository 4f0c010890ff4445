"""Tuning of Material for MkDocs' search index (lunr), so that search answers a student.

Material writes one index document per page section (``{"location", "title", "text"}``, text
with some HTML tags kept) and ranks with lunr's BM25 (title ×1000, text ×1, per-document
``boost``). :func:`tune_index` post-processes that index before it is written:

- **Diacritics.** lunr matches the letters typed, so "Losch" found no "Lösch". Every word with a
  diacritic is also indexed without it, in two extra fields (``title_folded``, boosted like the
  title, and ``text_folded``) that the search indexes but never displays; and a plain-ASCII word
  whose accented form occurs elsewhere in the site ("Caniels" in a correction table) gets that
  form too, so "Caniëls" finds it. Both directions work, online and offline (the offline copy
  inlines the same JSON).
- **One result per glossary term and per reference entry.** The glossary's terms (``<dt id>``
  with its ``<dd>``) and the References page's entries (``<div class="csl-entry" id="ref-…">``)
  become documents of their own (``glossary/#term-cluster``), cut out of the section that held
  them; an entry's "Cited in" links are left out (they name other works' sections).
- **Ranking.** The per-page reference lists (``#references`` sections) are dropped: every work
  has its own entry on the References page, and they made a chapter rank by its bibliography.
  Pages that list or correct rather than discuss (the References page, the correction pages,
  the places table) get a lower document boost; glossary terms a higher one, so that a concept
  question leads to its definition.

The functions take and return plain JSON data and HTML strings; no MkDocs import.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import lxml.html

from review_site import ProblemsError

#: The extra, never displayed, fields of the index and their lunr boosts (Material's title ×1000, text ×1).
FOLDED_FIELDS = {"title_folded": ("title", 1000.0), "text_folded": ("text", 1.0)}
#: A glossary term's name, indexed once more with this boost: a term named by the query outranks
#: sections and pages whose titles merely contain the word ("what is a cluster" → the term
#: "Cluster"). Material runs lunr without length normalisation (``b = 0``), so nothing would prefer
#: "Cluster" to "Cluster policy" for the query "cluster": the field repeats the words of a short
#: name (:func:`term_field`).
TERM_FIELD, TERM_BOOST = "term", 30000.0


def term_field(name: str) -> str:
    """The :data:`TERM_FIELD` value of a glossary term: its words without diacritics, repeated
    three times for a one-word name, twice for two words, once for longer names."""
    words = fold(name).split()
    return " ".join(words * max(1, 4 - len(words)))


#: Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
#: A word as the index sees it (letters and digits; apostrophes and hyphens split).
_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]+>")


@functools.lru_cache(maxsize=1 << 16)  # called once per word of the index, most words many times
def fold(text: str) -> str:
    """``text`` without diacritics on Latin letters: ``"Caniëls"`` → ``"Caniels"``, ``"Øresund"`` →
    ``"Oresund"``. Other scripts (Chinese) are returned unchanged."""
    if text.isascii():  # nothing to fold (NFKD and NFC leave ASCII as it is)
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def _words(text: str) -> list[str]:
    return _WORD.findall(_TAG.sub(" ", text))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def split_entries(html: str, page_location: str) -> list[dict]:
    """The glossary terms and bibliography entries of a page's content HTML, as index documents.

    Args:
        html: the page's content HTML (``page.content``).
        page_location: the page's location in the index (``"glossary/"``, ``"glossary.html"``).

    Returns:
        ``[{"location": "glossary/#term-cluster", "title": "Cluster", "text": "…", "term": "Cluster"}, …]``
        in page order: one per ``<dt id>`` (text: its ``<dd>``; ``term``: :func:`term_field` of its
        name) and one per ``<div class="csl-entry" id>``
        (title: the entry up to its year, ``"Lösch, August. 1954"``; text: the whole entry, without
        its "Cited in" list). Footnote numbers (``<sup>``) are left out.
    """
    if "<dt id=" not in html and "csl-entry" not in html:
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for noise in root.xpath(".//sup | .//div[contains(@class, 'cited-in')] | .//a[@class='headerlink']"):
        noise.drop_tree()
    entries = []
    for element in root.xpath(".//dt[@id] | .//div[contains(concat(' ', @class, ' '), ' csl-entry ')][@id]"):
        text = _squeeze(element.text_content())
        if element.tag == "dt":
            definition = element.getnext()
            body = _squeeze(definition.text_content()) if definition is not None and definition.tag == "dd" else ""
            entries.append(
                {
                    "location": f"{page_location}#{element.get('id')}",
                    "title": text,
                    "text": body,
                    TERM_FIELD: term_field(text),
                }
            )
        else:
            year = re.search(r"^(.*?\b(?:1[5-9]|20)\d\d[a-z]?)\.", text)
            entries.append(
                {
                    "location": f"{page_location}#{element.get('id')}",
                    "title": year.group(1) if year else text[:80],
                    "text": text,
                }
            )
    return entries


def _cut_entries(doc: dict, entries: list[dict]) -> dict:
    """``doc`` (the section that held ``entries``) with only the text before the first entry
    (what follows them in that section, such as the page's dates, is left out too); the same
    ``doc`` when the first entry's text is not found in it."""
    text = _squeeze(_TAG.sub(" ", doc["text"]))
    first = entries[0]
    start = text.find(first["title"] if first.get(TERM_FIELD) or not first["text"] else first["text"][:40])
    if start < 0:
        return doc
    return {**doc, "text": text[:start].strip()}


def _folded_fields(doc: Mapping, accented: Mapping[str, set[str]]) -> dict[str, str]:
    """The ``title_folded``/``text_folded`` values of ``doc``: each word with a diacritic without
    it, and each ASCII word's accented forms found in the site (``accented``), lowercased, once."""
    fields = {}
    for name, (source, _) in FOLDED_FIELDS.items():
        extra: list[str] = []
        for word in dict.fromkeys(word.lower() for word in _words(doc.get(source, ""))):
            plain = fold(word)
            if plain != word:
                extra.append(plain)
            elif word in accented:
                extra.extend(sorted(accented[word]))
        if extra:
            fields[name] = " ".join(dict.fromkeys(extra))
    return fields


#: A sentence end: not after an initial or an abbreviation such as "e.g." or "Dr." (two lower-case
#: letters, digits or closing marks before it).
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)”’]{2})[.!?](?=\s+[A-Z“‘(])")


def _brief(text: str) -> str:
    """The first sentence of a search document's text (``str``, tags dropped); the whole text when
    it has one sentence."""
    plain = _squeeze(_TAG.sub(" ", text))
    match = _SENTENCE_END.search(plain)
    return plain[: match.end()] if match else plain


def tune_index(
    index: dict,
    entries_by_page: Mapping[str, list[dict]],
    weights: Mapping[str, float],
    dropped_sections: Iterable[str] = ("references",),
    brief_pages: Iterable[str] = (),
) -> dict:
    """Material's search index, tuned for a student's queries (see the module docstring).

    Args:
        index: the index as Material writes it, ``{"config": {..., "fields": {...}}, "docs": [...]}``
            (Material 9.8, ``search_index.json``); not modified.
        entries_by_page: ``{page location: split_entries(...)}``: documents to add, each cut out of
            the section of its page whose text held it.
        weights: ``{page location: lunr document boost}`` for the page's sections and entries
            (1 when absent; an existing ``boost`` from front matter ``search.boost`` wins).
        dropped_sections: section ids whose documents are removed on every page (the per-page
            reference lists).
        brief_pages: page locations whose sections keep only their title and first sentence
            (:func:`_brief`): the correction pages, reached from the chapters' markers, stay findable
            by their headings without their full text weighing on every page's first visit (the
            index is loaded on every page; issue 13's budget is 150 KB gzip).

    Returns:
        A new index: the same config with :data:`FOLDED_FIELDS` added to ``fields``, and the docs
        in the original order with each page's entries after the section that held them.

    Raises:
        ValueError: a page's entries were found in none of its sections (the section text
            Material wrote no longer holds them as :func:`split_entries` reads them).
    """
    dropped = {f"#{section}" for section in dropped_sections}
    brief = set(brief_pages)
    pending = {page: list(entries) for page, entries in entries_by_page.items() if entries}
    docs: list[dict] = []
    for doc in index["docs"]:
        page, _, section = doc["location"].partition("#")
        if section and f"#{section}" in dropped:
            continue
        if pending.get(page) and (cut := _cut_entries(doc, pending[page])) is not doc:
            docs += [cut, *pending.pop(page)]
            continue
        docs.append(dict(doc, text=_brief(doc["text"])) if page in brief else dict(doc))
    if pending:
        raise ValueError(
            "search index: entries not found in any section of their page: "
            + ", ".join(entries[0]["location"] for entries in pending.values())
        )
    accented: dict[str, set[str]] = {}
    for doc in docs:
        for word in _words(doc["title"] + " " + doc["text"]):
            if fold(word) != word:
                accented.setdefault(fold(word).lower(), set()).add(word.lower())
    for doc in docs:
        page = doc["location"].partition("#")[0]
        if "boost" not in doc and weights.get(page, 1.0) != 1.0:
            doc["boost"] = weights[page]
        doc.update(_folded_fields(doc, accented))
    fields = {
        **index["config"]["fields"],
        **{name: {"boost": boost} for name, (_, boost) in FOLDED_FIELDS.items()},
        TERM_FIELD: {"boost": TERM_BOOST},
    }
    return {"config": {**index["config"], "fields": fields}, "docs": docs}


#: Search ranking: lunr document boosts of pages that list or correct rather than discuss, below the
#: chapters (1). A reference entry's title is its authors and year, and a title counts 1000 times the
#: text: 0.0005 puts a chapter that names an author once above the entry; the same for the correction
#: pages, whose section titles name authors too. A glossary term that names the query still leads (its
#: name counts 11000 times the text); a term that only mentions it follows the chapter.
SEARCH_WEIGHTS = {
    "references.md": 0.0005,
    "corrected-claims.md": 0.0005,
    "corrected-citations.md": 0.0005,
    "editorial-notes.md": 0.0005,
    "places.md": 0.5,
    "timeline.md": 0.5,
    "glossary.md": 0.7,
}


#: Pages indexed by section title and first sentence only (see :func:`tune_index`).
BRIEF_PAGES = ("corrected-claims.md", "corrected-citations.md", "editorial-notes.md")


def tune_site_index(folder: Path, pages: Iterable[tuple[str, str, str]]) -> None:
    """Rewrite the search index Material wrote into ``folder`` (and the offline copy's inlined one):
    glossary terms and reference entries as results of their own, diacritics folded, page weights.

    Args:
        folder: the built site's ``search/`` folder (nothing happens without ``search_index.json``).
        pages: ``(src_uri, URL path, content HTML)`` of the pages in the navigation.

    Raises:
        ProblemsError: the index is not what :func:`tune_index` expects.
    """
    index_file = folder / "search_index.json"
    if not index_file.is_file():
        return
    pages = list(pages)
    try:
        tuned = tune_index(
            json.loads(index_file.read_text(encoding="utf-8")),
            {url: split_entries(content, url) for _, url, content in pages},
            {url: SEARCH_WEIGHTS[src_uri] for src_uri, url, _ in pages if src_uri in SEARCH_WEIGHTS},
            brief_pages=[url for src_uri, url, _ in pages if src_uri in BRIEF_PAGES],
        )
    except ValueError as error:
        raise ProblemsError([str(error)]) from error
    data = json.dumps(tuned, separators=(",", ":"))  # compact and ASCII, as Material writes it
    index_file.write_text(data, encoding="utf-8")
    if (folder / "search_index.js").is_file():  # the offline plugin's copy, written before this hook runs
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
