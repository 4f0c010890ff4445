"""The full bibliography, sorted and formatted by pandoc's citeproc with a CSL style.

mkdocs-bibtex's ``\\full_bibliography`` keeps ``.bib`` file order, numbers the entries and gives
each a dead ``#fnref:key`` back-link. :func:`render_bibliography` instead asks pandoc for every
entry (``nocite: '@*'``) and returns CSL-sorted HTML in which each entry has the stable anchor
``#ref-<key>`` (pandoc's citeproc output, https://pandoc.org/MANUAL.html#citations).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path

import pypandoc

_DOCUMENT = "---\nnocite: '@*'\n---\n"


def render_bibliography(bib_path: Path, csl_path: Path) -> str:
    """Render every entry of a bibliography file as an HTML reference list.

    Args:
        bib_path: the bibliography: ``.bib`` (BibTeX) or ``.json`` (CSL-JSON; the site passes the
            published CSL-JSON), UTF-8.
        csl_path: the CSL style file.

    Returns:
        HTML: ``<div id="refs" class="references csl-bib-body …">`` holding one
        ``<div id="ref-KEY" class="csl-entry">`` per entry, in the style's sort order.

    Raises:
        RuntimeError: pandoc failed (its message is included); OSError: a file is missing.
    """
    for path in (bib_path, csl_path):
        if not Path(path).is_file():
            raise FileNotFoundError(path)
    return pypandoc.convert_text(
        _DOCUMENT,
        to="html",
        format="markdown",
        extra_args=["--citeproc", "--bibliography", str(bib_path), "--csl", str(csl_path), "--wrap=none"],
    )


def bibliography_csl_json(bib_path: Path, text: str | None = None) -> list[dict]:
    """Convert a BibTeX file to CSL-JSON items with pandoc (one run).

    Args:
        bib_path: the ``.bib`` file.
        text: its text (UTF-8), when already read (the build reads the file once); else it is read here.

    Returns:
        The items as parsed JSON (``list[dict]``; https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html),
        LaTeX markup resolved, in file order, cleaned by :func:`review_site.exports.clean_csl_items`
        (valid types, name particles kept, series names as written, no TeX quotes).

    Raises:
        RuntimeError: pandoc failed.
    """
    import json

    from .exports import clean_csl_items

    text = Path(bib_path).read_text(encoding="utf-8") if text is None else text
    items = json.loads(pypandoc.convert_text(text, to="csljson", format="bibtex"))
    return clean_csl_items(items, text)


_INLINE_DOCUMENT = "---\nlink-citations: true\n---\n\n"
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*?)(?=^\d+\.\s|\Z)", re.DOTALL | re.MULTILINE)
_ENTRY = re.compile(r"^::: \{#ref-(?P<key>\S+) \.csl-entry\}\n(?P<text>.*?)\n:::$", re.DOTALL | re.MULTILINE)
_REF_LINK = re.compile(r"\]\(#ref-(?P<key>[^)\s]+)\)")


def format_citations(
    blocks: Iterable[str], bib_path: Path, csl_path: Path, references_page: str = "references.md"
) -> tuple[dict[str, str], dict[str, str]]:
    """Format citation blocks and their entries in one pandoc run, each cited work linked.

    Like mkdocs-bibtex 4.4.0's own pandoc run (whose caches these results fill), but with
    pandoc's ``link-citations: true``: every author-date label links to the work's entry on
    the references page (https://pandoc.org/MANUAL.html#other-relevant-metadata-fields).

    Args:
        blocks: citation blocks as written, e.g. ``"[@porter1998clusters, 80]"``.
        bib_path: the bibliography (``.bib`` or CSL-JSON ``.json``); csl_path: the CSL style.
        references_page: the page holding the ``#ref-<key>`` entries, as a Markdown link target.

    Returns:
        ``(inline, references)``: ``inline`` maps each block to its Markdown citation, e.g.
        ``"([Porter 1998, 80](references.md#ref-porter1998clusters))"``; ``references`` maps each
        cited key to its formatted entry in pandoc Markdown.

    Raises:
        RuntimeError: pandoc failed; ValueError: its output could not be parsed.
    """
    blocks = list(dict.fromkeys(blocks))
    document = _INLINE_DOCUMENT + "\n\n".join(f"{i}. {block}" for i, block in enumerate(blocks))
    document += "\n\n# References\n\n"
    output = pypandoc.convert_text(
        # -bracketed_spans: a case-protected span ({tip}, Co-{operation}) comes out as
        # <span class="nocase">…</span>, which Python-Markdown passes through, not as [tip]{.nocase}.
        document,
        to="markdown-citations-bracketed_spans",
        format="markdown",
        extra_args=["--citeproc", "--bibliography", str(bib_path), "--csl", str(csl_path)],
    )
    inline_part, _, reference_part = output.partition("# References")
    if not reference_part:
        raise ValueError("pandoc output has no references section")
    inline = {}
    for match in _NUMBERED.finditer(inline_part.strip()):
        text = " ".join(match.group(2).split())
        inline[blocks[int(match.group(1))]] = _REF_LINK.sub(
            lambda m: f"]({references_page}#ref-{m.group('key')})", text
        )
    if len(inline) != len(blocks):
        raise ValueError(f"pandoc formatted {len(inline)} of {len(blocks)} citation blocks")
    references = {m.group("key"): " ".join(m.group("text").split()) for m in _ENTRY.finditer(reference_part)}
    return inline, references


def add_cited_in(bibliography_html: str, cited_in: Mapping[str, list[tuple[str, str]]]) -> str:
    """Add "Cited in" links under each entry of a rendered bibliography.

    Args:
        bibliography_html: HTML from :func:`render_bibliography` (``<div id="ref-KEY" …>``).
        cited_in: for each key, ``(href, label)`` pairs of the sections citing it, in order.

    Returns:
        The HTML with ``<div class="cited-in">Cited in: <a href=…>label</a>; …</div>`` as the
        last child of each cited entry; entries cited nowhere are unchanged.
    """

    def add(match: re.Match) -> str:
        places = cited_in.get(match.group("key"))
        if not places:
            return match.group(0)
        links = "; ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for href, label in places)
        return f'{match.group(0)[: -len("</div>")]}<div class="cited-in">Cited in: {links}</div></div>'

    return re.sub(
        r'<div id="ref-(?P<key>[^"]+)" class="csl-entry"[^>]*>.*?</div>', add, bibliography_html, flags=re.DOTALL
    )


# The RIS writer lives with the other exports; these names stay importable from here.
from .exports import RIS_TYPES, PlainRisWriter, csl_name, csl_to_ris  # noqa: E402, F401
