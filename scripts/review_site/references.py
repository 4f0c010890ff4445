"""The full bibliography, sorted and formatted by pandoc's citeproc with a CSL style.

mkdocs-bibtex's ``\\full_bibliography`` keeps ``.bib`` file order, numbers the entries and gives
each a dead ``#fnref:key`` back-link. :func:`render_bibliography` instead asks pandoc for every
entry (``nocite: '@*'``) and returns CSL-sorted HTML in which each entry has the stable anchor
``#ref-<key>`` (pandoc's citeproc output, https://pandoc.org/MANUAL.html#citations).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pypandoc

_DOCUMENT = "---\nnocite: '@*'\n---\n"


def render_bibliography(bib_path: Path, csl_path: Path) -> str:
    """Render every entry of a BibTeX file as an HTML reference list.

    Args:
        bib_path: the ``.bib`` file (UTF-8).
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
        _DOCUMENT, to="html", format="markdown",
        extra_args=["--citeproc", "--bibliography", str(bib_path), "--csl", str(csl_path), "--wrap=none"],
    )


_ESCAPED_LINK = re.compile(r'<a href="(?P<href>[^"]+)">(?P<text>[^<]*\\[^<]*)</a>')


def unescape_url_link_texts(html: str) -> str:
    """Remove Markdown escapes that pandoc leaves in the visible text of URL links.

    mkdocs-bibtex inserts references as pandoc *Markdown*, which writes a DOI or URL link as
    ``[https://…abstract\\_id=1](https://…abstract_id=1)``; Python-Markdown keeps the backslash
    in the link text, so readers would see ``abstract\\_id``.

    Args:
        html: rendered page HTML.

    Returns:
        The HTML with each link whose text is its own address plus backslashes shown as the
        address itself; all other links are untouched.
    """
    def repair(match: re.Match) -> str:
        href, text = match.group("href"), match.group("text")
        plain = text.replace("\\", "")
        return f'<a href="{href}">{plain}</a>' if unescape(plain) == unescape(href) else match.group(0)

    return _ESCAPED_LINK.sub(repair, html)
