"""What each page offers an instructor: copy-link and cite buttons, a "Cite this page" panel,
and Highwire Press ``citation_*`` meta tags for reference managers.

Copy-link buttons carry ``data-clipboard-text``: Material for MkDocs copies on click with its
bundled clipboard.js and shows "Copied to clipboard". Citation copy buttons carry
``data-copy-target`` and are handled by ``docs/javascripts/cite.js`` (clipboard.js cannot copy
from inside a modal ``<dialog>``), which also opens the section "Cite" dialog. The dialogs' data
is a separate script per page (:func:`section_citations_script`), loaded on the first click.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from html import escape

from .references import csl_name
from .exports import plain_item

#: The buttons' icons are Material Design icons (Apache-2.0) drawn by extra.css as a CSS mask,
#: so the SVG is sent once in the cached stylesheet rather than once per heading.


def copy_link_button(url: str, label: str) -> str:
    """A button that copies ``url``; its accessible name is ``Copy link to “label”``.

    Its hover hint "Copy link" is ``data-title``, made a ``title`` by cite.js on first hover or
    focus: Material's ``content.tooltips`` mounts a tooltip for every ``[title]`` at page load,
    which for the Link Index's 300+ buttons cost a phone about 0.8 s of first paint (issue 11).
    """
    return (
        f'<button type="button" class="heading-action copy-link" data-clipboard-text="{escape(url)}" '
        f'data-title="Copy link" aria-label="Copy link to “{escape(label)}”"></button>'
    )


def cite_button(item_id: str, label: str) -> str:
    """A button that opens the citation dialog of the item ``item_id`` (see cite.js)."""
    return (
        f'<button type="button" class="heading-action cite-section" data-cite="{escape(item_id)}" '
        f'title="Cite this section" aria-label="Cite “{escape(label)}”"></button>'
    )


def cite_formats_html(item_id: str, formats: Mapping[str, str]) -> str:
    """The formats of one citation as a definition list with a copy button per format.

    Args:
        item_id: the CSL item id (used to build element ids).
        formats: ``{label: text}``; labels ``BibTeX`` and ``RIS`` are shown as code,
            the others (formatted styles) as HTML.

    Returns:
        ``<dl class="cite-formats">…</dl>``.
    """
    rows = []
    for number, (label, text) in enumerate(formats.items()):
        element = f"cite-{item_id}-{number}"
        body = (
            f'<pre><code id="{element}">{escape(text)}</code></pre>'
            if label in ("BibTeX", "RIS")
            else f'<p id="{element}">{text}</p>'
        )
        rows.append(
            f'<dt>{escape(label)}</dt><dd>{body}<button type="button" class="md-button cite-copy" '
            f'data-copy-target="{element}" aria-label="Copy {escape(label)} citation">Copy</button></dd>'
        )
    return f'<dl class="cite-formats">{"".join(rows)}</dl>'


def section_citations_script(dialogs: Mapping[str, str]) -> str:
    """The JavaScript file holding a page's section citations, loaded by cite.js on demand.

    Args:
        dialogs: ``{CSL item id: dialog body HTML}`` (from :func:`cite_formats_html`).

    Returns:
        ``window.reviewSectionCitations = {…};`` (``str``; ``</`` escaped, so it is safe inline too).
        A script rather than JSON, so it also loads from ``file://`` (the offline copy), where
        ``fetch`` is refused.
    """
    data = json.dumps(dict(dialogs), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.reviewSectionCitations = {data};\n"


def cite_panel_html(item_id: str, formats: Mapping[str, str], accessed: str) -> str:
    """The "Cite this page" panel at the end of a page (a ``<details>``, closed), marked
    ``data-search-exclude`` so that Material's search leaves it out of the page's last section.

    Args:
        item_id: the page's CSL item id. formats: as for :func:`cite_formats_html`.
        accessed: the build date ``YYYY-MM-DD`` written as access date; cite.js replaces it by
            the reader's date.
    """
    return (
        f'<details class="cite-panel" id="cite-this-page" data-accessed="{escape(accessed)}" data-search-exclude>'
        f"<summary>Cite this page</summary>{cite_formats_html(item_id, formats)}"
        '<p class="cite-note">Chicago author–date is the site’s own style; BibTeX and RIS import into '
        "reference managers. To cite or link one section, use the buttons beside its heading.</p></details>"
    )


def meta_tags(fields: Iterable[tuple[str, str]]) -> str:
    """``<meta name="…" content="…">`` lines for ``(name, content)`` pairs (escaped)."""
    return "".join(f'<meta name="{escape(name)}" content="{escape(content)}">\n' for name, content in fields)


def citation_reference(item: Mapping) -> str:
    """The ``citation_reference`` content of one cited work (Highwire Press / Google Scholar).

    Args:
        item: the work as a CSL-JSON item (pandoc's ``csljson`` output of the .bib file).

    Returns:
        ``"citation_title=…; citation_author=Last, First; citation_publication_date=YYYY; …"``
        with the journal or book title, volume and DOI where the item has them.
    """
    item = plain_item(item)  # plain text: no CSL-JSON nocase spans
    parts = [("citation_title", item.get("title", ""))]
    parts += [("citation_author", csl_name(name)) for name in item.get("author", [])]
    year = (item.get("issued", {}).get("date-parts") or [[None]])[0][0]
    container = "citation_journal_title" if item.get("type") == "article-journal" else "citation_inbook_title"
    parts += [
        ("citation_publication_date", str(year or "")),
        (container, item.get("container-title", "")),
        ("citation_volume", str(item.get("volume", ""))),
        ("citation_doi", item.get("DOI", "")),
    ]
    return "; ".join(f"{name}={value.replace(';', ',')}" for name, value in parts if value)
