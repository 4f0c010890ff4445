"""How to cite this site: formatted citations of pages and sections, BibTeX, RIS, CITATION.cff.

The site's own metadata lives in one place, ``extra.citation`` in ``mkdocs.yml``
(:func:`load_site_citation`). From it and each page's title, URL and date the build makes
CSL-JSON items (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), formats
them with pandoc's citeproc in the site's CSL style and a second common style
(:func:`format_items`), and writes biblatex ``@online`` entries (:func:`bibtex_text`; not pybtex's
writer, which escapes the ``#`` of a section's ``url``) and RIS with rispy
(:func:`ris_text`). ``CITATION.cff`` (Citation File Format 1.2.0,
https://citation-file-format.github.io/) comes from the same metadata (:func:`cff_text`).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypandoc
import rispy
import yaml

from .references import PlainRisWriter

#: The fields ``extra.citation`` in mkdocs.yml must give.
REQUIRED = ("author", "title", "publisher", "version", "released", "license")
#: id prefix of formatted entries in pandoc's HTML output.
_ENTRY = re.compile(r'<div id="ref-(?P<id>[^"]+)" class="csl-entry"[^>]*>\s*(?P<html>.*?)\s*</div>', re.DOTALL)


@dataclass(frozen=True)
class SiteCitation:
    """The site as a citable work.

    Attributes:
        author: the responsible body or people, as one literal name (``str``).
        title: the site's title. publisher: who publishes it. version: edition, e.g. ``"1.0"``.
        released: date of this edition (``datetime.date``). license: an SPDX id (``CC-BY-4.0``).
        url: the site's public address, ending in ``/`` (MkDocs ``site_url``).
    """

    author: str
    title: str
    publisher: str
    version: str
    released: date
    license: str
    url: str


def load_site_citation(extra: Mapping, site_url: str, path: str = "mkdocs.yml") -> SiteCitation:
    """Read ``extra.citation`` of mkdocs.yml.

    Args:
        extra: the ``extra`` mapping of the MkDocs config.
        site_url: the config's ``site_url``.
        path: the config file's name for messages.

    Returns:
        The :class:`SiteCitation`.

    Raises:
        ValueError: ``extra.citation`` is missing, lacks a field of :data:`REQUIRED`, or
            ``released`` is not a date (``YYYY-MM-DD``).
    """
    citation = extra.get("citation")
    if not isinstance(citation, Mapping):
        raise ValueError(f"{path}: extra.citation is missing (the site's citation metadata)")
    missing = [field for field in REQUIRED if not citation.get(field)]
    if missing:
        raise ValueError(f"{path}: extra.citation lacks {', '.join(missing)}")
    released = citation["released"]
    if isinstance(released, str):
        try:
            released = date.fromisoformat(released)
        except ValueError as error:
            raise ValueError(f"{path}: extra.citation.released must be YYYY-MM-DD, not {released!r}") from error
    if not isinstance(released, date):
        raise ValueError(f"{path}: extra.citation.released must be a date (YYYY-MM-DD)")
    return SiteCitation(
        str(citation["author"]),
        str(citation["title"]),
        str(citation["publisher"]),
        str(citation["version"]),
        released,
        str(citation["license"]),
        site_url if site_url.endswith("/") else site_url + "/",
    )


def _parts(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


#: Words a title keeps capitalised when it is put in sentence case (proper nouns of page titles).
#: Words with a capital after their first letter (``ICT``, ``McCann``) are kept anyway.
KEEP_CAPITALISED = frozenset()


def sentence_case(title: str) -> str:
    """Put a title-case English title in sentence case, as APA and Zotero store titles.

    The first word and the first word after a colon keep their capital; every other word
    written ``Capitalised`` (one capital, then lower case) is lower-cased unless it is in
    :data:`KEEP_CAPITALISED`; words like ``ICT`` or ``McCann`` are left alone. A title whose proper
    nouns this would lower-case sets ``citation_title`` in the page's front matter (used as is). Chicago's CSL
    style turns the result back into title case, so one stored title serves both styles.

    Args:
        title: e.g. ``"Clusters and Economic Growth"``.

    Returns:
        e.g. ``"Clusters and economic growth"`` (``str``).
    """
    words = re.split(r"(\s+)", title)
    out, start = [], True
    for word in words:
        if word.isspace() or not word:
            out.append(word)
            continue
        core = word.strip("“”\"'‘’(),.;:!?")
        if not start and re.fullmatch(r"[A-Z][a-z’']*(-[A-Za-z][a-z]*)*", core) and core not in KEEP_CAPITALISED:
            word = word.replace(core, core.lower(), 1)
        out.append(word)
        start = word.endswith(":")
    return "".join(out)


def csl_item(
    site: SiteCitation, item_id: str, title: str, url: str, issued: date, accessed: date, abstract: str = ""
) -> dict:
    """Return the CSL-JSON item of a page or section of the site.

    A page or section is a web page (CSL ``webpage``, Zotero "Web Page") in the site, which is
    its container; it names no author: ``extra.citation.author`` is a collective label, not a
    person, and APA and Chicago then lead with the title. The publisher is left out because it
    is the site itself (APA would name the site twice).

    Args:
        site: the site's metadata. item_id: a unique id (``[a-z0-9-]``), e.g. ``page-growth``.
        title: in sentence case (:func:`sentence_case`), e.g. ``"Clusters and economic growth"``
            or ``"Clusters and economic growth: Growth and agglomeration"``.
        url: its absolute URL (with ``#anchor`` for a section).
        issued: when it was last revised. accessed: the date of access.
        abstract: the page's description (``""``: none).

    Returns:
        A CSL-JSON ``webpage`` item (``dict``).
    """
    item = {
        "id": item_id,
        "type": "webpage",
        "title": title,
        "container-title": site.title,
        "version": site.version,
        "issued": _parts(issued),
        "accessed": _parts(accessed),
        "URL": url,
        "language": "en",
    }
    if abstract:
        item["abstract"] = abstract
    return item


def style_without_year_suffix(csl_text: str) -> str:
    """Turn off year-suffix and name disambiguation in a CSL style (``str`` in, ``str`` out).

    Pages and sections of one site share author and year, so formatting them together would
    print "2026a", "2026b"; each is cited on its own, so no suffix is wanted.
    """
    return re.sub(r'(disambiguate-add-(?:year-suffix|names|givenname))="true"', r'\1="false"', csl_text)


def format_items(items: list[dict], csl_path: Path) -> dict[str, str]:
    """Format CSL-JSON items as bibliography entries in one pandoc run.

    Args:
        items: CSL-JSON items (:func:`csl_item`). csl_path: the CSL style file.

    Returns:
        ``{item id: entry as HTML}`` (inline HTML: text, ``<em>``, ``<a>``).

    Raises:
        RuntimeError: pandoc failed. ValueError: an item is missing from pandoc's output.
    """
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "items.json"
        data.write_text(json.dumps(items), encoding="utf-8")
        style = Path(folder) / "style.csl"
        style.write_text(style_without_year_suffix(Path(csl_path).read_text(encoding="utf-8")), encoding="utf-8")
        html = pypandoc.convert_text(
            "---\nnocite: '@*'\n---\n",
            to="html",
            format="markdown",
            extra_args=["--citeproc", "--bibliography", str(data), "--csl", str(style), "--wrap=none"],
        )
    entries = {match.group("id"): match.group("html") for match in _ENTRY.finditer(html)}
    missing = [item["id"] for item in items if item["id"] not in entries]
    if missing:
        raise ValueError(f"pandoc did not format {missing}")
    return entries


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex(text: str) -> str:
    """Escape LaTeX's special characters in a literal field value."""
    return "".join(_LATEX_SPECIALS.get(char, char) for char in text)


def _iso(parts: list) -> str:
    return "-".join(f"{int(part):02d}" if index else str(part) for index, part in enumerate(parts))


def bibtex_text(item: dict) -> str:
    """Return a biblatex ``@online`` entry of a CSL-JSON item.

    Fields follow biblatex's data model for ``@online`` (``blx-dm.def``): ``title``,
    ``organization`` (the site), ``date`` (ISO 8601, full day), ``version``, ``url`` and
    ``urldate``, plus ``langid`` and ``abstract``. ``url`` is verbatim in biblatex, so its ``#``
    stays bare (escaped, its backslash would become part of the address); the other values are
    braced with LaTeX's specials escaped, and ``title`` keeps its capitals in braces-free
    sentence case. ``note`` repeats the version, because Zotero's import keeps notes but has no
    version field for a web page.
    """
    fields = [
        ("title", _latex(item["title"])),
        ("organization", _latex(item["container-title"])),
        ("date", _iso(item["issued"]["date-parts"][0])),
        ("version", _latex(item["version"])),
        ("note", f"Version {_latex(item['version'])}"),
        ("url", item["URL"]),
        ("urldate", _iso(item["accessed"]["date-parts"][0])),
        ("langid", "english"),
    ]
    if item.get("abstract"):
        fields.append(("abstract", _latex(item["abstract"])))
    key = re.sub(r"[^a-z0-9-]", "", item["id"])
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{key},\n{body},\n}}"


def ris_text(item: dict) -> str:
    """Return the RIS record (type ``ELEC``, Zotero "Web Page") of a CSL-JSON item, written by rispy.

    ``T2`` is the site, ``DA`` the full date, ``Y2`` the access date, ``N1`` the version (Zotero
    keeps it as a note; its ``ET`` edition does not exist for web pages).
    """
    issued = item["issued"]["date-parts"][0]
    accessed = item["accessed"]["date-parts"][0]
    record = {
        "type_of_reference": "ELEC",
        "title": item["title"],
        "secondary_title": item["container-title"],
        "year": str(issued[0]),
        "date": "{:04d}/{:02d}/{:02d}".format(*issued),
        "urls": [item["URL"]],
        "access_date": "{:04d}/{:02d}/{:02d}".format(*accessed),
        "language": item.get("language", "en"),
        "notes": [f"Version {item['version']}"],
    }
    if item.get("abstract"):
        record["abstract"] = item["abstract"]
    return rispy.dumps([record], implementation=PlainRisWriter).strip()


def cff_text(site: SiteCitation) -> str:
    """Return ``CITATION.cff`` (Citation File Format 1.2.0) for the site, as YAML text."""
    data = {
        "cff-version": "1.2.0",
        "message": "If you use this review, please cite it as below; each page also shows how to cite it.",
        "type": "dataset",
        "title": site.title,
        "authors": [{"name": site.author}],
        "version": site.version,
        "date-released": site.released.isoformat(),
        "license": site.license,
    }
    if not re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", site.url):  # only a public address
        data["url"] = site.url
    header = "# Generated from extra.citation in mkdocs.yml by `make citation-cff`; do not edit by hand.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def all_formats(items: Iterable[dict], formatted: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Collect, per item id, the formatted styles plus BibTeX and RIS.

    Args:
        items: CSL-JSON items. formatted: ``{style label: {item id: HTML}}`` from :func:`format_items`.

    Returns:
        ``{item id: {style label: HTML, "BibTeX": text, "RIS": text}}``.
    """
    return {
        item["id"]: {
            **{label: entries[item["id"]] for label, entries in formatted.items()},
            "BibTeX": bibtex_text(item),
            "RIS": ris_text(item),
        }
        for item in items
    }


def main(argv: list[str]) -> int:
    """``python -m review_site.cite [mkdocs.yml]``: print CITATION.cff for the site (exit status 0)."""
    from review_site.mkdocs_yml import read_config

    config_file = argv[0] if argv else "mkdocs.yml"
    config = read_config(config_file)
    sys.stdout.write(cff_text(load_site_citation(config.get("extra") or {}, config.get("site_url") or "", config_file)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
