"""How to cite this site: formatted citations of pages and sections, BibTeX, RIS, CITATION.cff.

The site's own metadata lives in one place, ``extra.citation`` in ``mkdocs.yml``
(:func:`load_site_citation`). From it and each page's title, URL and date the build makes
CSL-JSON items (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), formats
them with pandoc's citeproc in the site's CSL style and a second common style
(:func:`format_items`), and writes BibTeX with pybtex (:func:`bibtex_text`) and RIS with rispy
(:func:`ris_text`). ``CITATION.cff`` (Citation File Format 1.2.0,
https://citation-file-format.github.io/) comes from the same metadata (:func:`cff_text`).
"""

from __future__ import annotations

import io
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
from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer as BibtexWriter

from .references import PlainRisWriter

#: The fields ``extra.citation`` in mkdocs.yml must give.
REQUIRED = ("author", "title", "publisher", "version", "released", "license")
#: One pybtex BibTeX writer for all entries: ``to_string("bibtex")`` looks the writer up again on
#: every call (6.4 ms against 0.04 ms; measured by scripts/bench.py's profile).
_BIBTEX_WRITER = BibtexWriter()
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
    return SiteCitation(str(citation["author"]), str(citation["title"]), str(citation["publisher"]),
                        str(citation["version"]), released, str(citation["license"]),
                        site_url if site_url.endswith("/") else site_url + "/")


def _parts(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(site: SiteCitation, item_id: str, title: str, url: str, issued: date, accessed: date) -> dict:
    """Return the CSL-JSON item of a page or section of the site.

    Args:
        site: the site's metadata. item_id: a unique id (``[a-z0-9-]``), e.g. ``page-growth``.
        title: e.g. ``"Clusters and Economic Growth"`` or ``"Clusters and Economic Growth:
            Growth and agglomeration"``. url: its absolute URL (with ``#anchor`` for a section).
        issued: when it was last revised. accessed: the date of access.

    Returns:
        A CSL-JSON ``webpage`` item (``dict``).
    """
    return {"id": item_id, "type": "webpage", "title": title, "container-title": site.title,
            "author": [{"literal": site.author}], "publisher": site.publisher, "version": site.version,
            "issued": _parts(issued), "accessed": _parts(accessed), "URL": url}


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
        html = pypandoc.convert_text("---\nnocite: '@*'\n---\n", to="html", format="markdown",
                                     extra_args=["--citeproc", "--bibliography", str(data), "--csl", str(style),
                                                 "--wrap=none"])
    entries = {match.group("id"): match.group("html") for match in _ENTRY.finditer(html)}
    missing = [item["id"] for item in items if item["id"] not in entries]
    if missing:
        raise ValueError(f"pandoc did not format {missing}")
    return entries


def bibtex_text(item: dict) -> str:
    """Return a BibTeX ``@misc`` entry of a CSL-JSON item, written by pybtex.

    ``url`` and ``urldate`` (biblatex fields, ignored by classic BibTeX styles) carry the
    address and the access date; ``note`` the version.
    """
    issued = item["issued"]["date-parts"][0]
    accessed = item["accessed"]["date-parts"][0]
    fields = {"title": item["title"], "howpublished": item["container-title"],
              "publisher": item["publisher"], "year": str(issued[0]), "month": str(issued[1]),
              "note": f"Version {item['version']}", "url": item["URL"],
              "urldate": "{:04d}-{:02d}-{:02d}".format(*accessed)}
    entry = Entry("misc", fields=fields)
    entry.fields["author"] = "{" + item["author"][0]["literal"] + "}"  # a corporate name, kept whole
    key = re.sub(r"[^a-z0-9-]", "", item["id"])
    buffer = io.StringIO()
    _BIBTEX_WRITER.write_stream(BibliographyData(entries={key: entry}), buffer)
    return buffer.getvalue().strip()


def ris_text(item: dict) -> str:
    """Return the RIS record (type ``ELEC``) of a CSL-JSON item, written by rispy."""
    issued = item["issued"]["date-parts"][0]
    accessed = item["accessed"]["date-parts"][0]
    record = {"type_of_reference": "ELEC", "title": item["title"], "secondary_title": item["container-title"],
              "authors": [item["author"][0]["literal"]], "publisher": item["publisher"],
              "year": str(issued[0]), "date": "{:04d}/{:02d}/{:02d}".format(*issued),
              "edition": item["version"], "urls": [item["URL"]],
              "access_date": "{:04d}/{:02d}/{:02d}".format(*accessed)}
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
    return {item["id"]: {**{label: entries[item["id"]] for label, entries in formatted.items()},
                         "BibTeX": bibtex_text(item), "RIS": ris_text(item)}
            for item in items}


def main(argv: list[str]) -> int:
    """``python -m review_site.cite [mkdocs.yml]``: print CITATION.cff for the site (exit status 0)."""
    from mkdocs.config import load_config

    config_file = argv[0] if argv else "mkdocs.yml"
    config = load_config(config_file)
    sys.stdout.write(cff_text(load_site_citation(config.extra, config.site_url or "", config_file)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
