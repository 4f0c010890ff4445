"""The bibliography as downloads for reference managers and LaTeX, from ``bib/references.bib``.

- :func:`published_bib`: ``/references.bib``, the source cleaned for biblatex with biber
  (data model of biblatex 3, checked by ``biber --tool --validate-datamodel``) and for Zotero's
  BibTeX import.
- :func:`clean_csl_items`: ``/references.json``, pandoc's CSL-JSON made valid against the CSL-JSON
  schema (https://github.com/citation-style-language/schema, ``csl-data.json``) and readable by
  Zotero's CSL-JSON import; the site renders its references from the same items.
- :func:`csl_to_ris`: ``/references.ris``, RIS written with the tags Zotero's own RIS translator
  reads and writes for each item type (``RIS.js``, ``fieldMap``).

What each format cannot carry is listed in README.md, "What each export carries".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import rispy

from review_site.bibliography import parse_bibtex

#: CSL 1.0.2 item types (csl-data.json ``type`` enum); any other type is written as "document".
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
classic collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing
interview legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent
performance periodical personal_communication post post-weblog regulation report review review-book software
song speech standard thesis treaty webpage""".split()
)

#: Month names and BibTeX month macros -> biblatex's integer months.
MONTHS = {
    name: str(number)
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

#: Fields biblatex reads verbatim: no LaTeX escaping there.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "verba", "verbb", "verbc"})

#: biblatex entry types (after its aliases, e.g. techreport -> report) that have no ``isbn`` field.
NO_ISBN = frozenset({"techreport", "report", "unpublished", "misc", "article", "online"})


def tex_to_text(value: str) -> str:
    """The plain text of a short BibTeX value: braces dropped, ``\\&`` as ``&``, ``---``/``--`` as
    em/en dashes, TeX quotes as typographic quotes. Only what this bibliography uses; pandoc reads
    everything else."""
    value = value.replace("\\&", "&").replace("---", "—").replace("--", "–")
    value = value.replace("``", "“").replace("''", "”").replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", value)


#: CSL-JSON rich-text markup that keeps a word's case in every style (CSL-JSON "nocase" span,
#: https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).
NOCASE_OPEN, NOCASE_CLOSE = '<span class="nocase">', "</span>"
_BRACED = re.compile(r"\{([^{}]*)\}")


def plain_text(value: str) -> str:
    """``value`` without CSL-JSON ``nocase`` spans, for formats that carry plain text (RIS, COinS,
    ``citation_*`` meta tags)."""
    return value.replace(NOCASE_OPEN, "").replace(NOCASE_CLOSE, "") if NOCASE_OPEN in value else value


def plain_item(item: Mapping) -> dict:
    """A CSL-JSON item with every string run through :func:`plain_text`."""
    return _map_strings(dict(item), plain_text)


def _protect_lowercase(csl_value: str, bib_value: str) -> str:
    """Wrap in a ``nocase`` span each braced group of ``bib_value`` that starts in lower case or
    with a bracket (``Co-{operation}``, ``{tip}``, ``{[identification not confirmed]}``).

    pandoc's CSL-JSON writer drops such braces (sentence case leaves them alone), so a title-case
    style (Chicago) would print "Co-Operation", "Tip" and "[Identification Not Confirmed]".
    Capitalised groups (``{Finland}``) need nothing: no style lower-cases them from sentence case.

    Args:
        csl_value: the field as pandoc wrote it to CSL-JSON (``str``).
        bib_value: the same field in the ``.bib``, with its braces (``str``).

    Returns:
        ``csl_value`` with each such group wrapped once (``str``); unchanged where the group's
        text is not found.
    """
    for group in _BRACED.findall(bib_value):
        text = tex_to_text(group)
        if not text or not (text[0].islower() or text[0] == "["):
            continue
        start = csl_value.find(text)
        if start < 0 or csl_value[:start].endswith(NOCASE_OPEN):
            continue
        csl_value = csl_value[:start] + NOCASE_OPEN + text + NOCASE_CLOSE + csl_value[start + len(text) :]
    return csl_value


def _escape_ampersands(value: str) -> str:
    return re.sub(r"(?<!\\)&", r"\\&", value)


def published_bib(bib_text: str, source: str = "bib/references.bib") -> str:
    """``bib/references.bib`` as the site publishes it, for biblatex/biber and BibTeX importers.

    Args:
        bib_text: the source BibTeX (UTF-8 text).
        source: its path, named in the header comment.

    Returns:
        BibTeX text (``str``), one entry per source entry in source order, each field's value as in
        the source except: ``&`` escaped as ``\\&`` (outside URL/DOI), U+2011 non-breaking hyphens
        as ``-`` (pdflatex has no glyph for them), month names as numbers, ``isbn`` on types
        without that field (reports) moved to ``addendum`` ("ISBN …"). An entry without a year
        stays undated: biblatex prints "n.d.", and biber's data-model check warns about it (an
        invented or unspecified date such as ``XXXX`` would print as "()").

    Raises:
        pybtex.database.BibliographyDataError, pybtex.scanner.TokenRequired: the source does not
        parse (the build's lint reports these with file:line first).
    """
    data = parse_bibtex(bib_text)
    out = [
        f'% The bibliography of "Industrial Clusters: A Research Review", generated from {source}.',
        "% UTF-8; for biblatex with biber (e.g. \\usepackage[style=authoryear]{biblatex}) and for",
        "% BibTeX importers such as Zotero's. Month numbers, \\& and ISBNs of reports as addenda.",
        "",
    ]
    for key, entry in data.entries.items():
        fields: list[tuple[str, str]] = []
        for role in ("author", "editor"):
            if entry.persons.get(role):
                fields.append((role, " and ".join(str(person) for person in entry.persons[role])))
        for name, value in entry.fields.items():
            name = name.lower()
            if name not in VERBATIM_FIELDS:
                value = _escape_ampersands(value.replace("\u2011", "-"))
            if name == "month":
                value = MONTHS.get(value.strip().lower(), value)
            if name == "isbn" and entry.type.lower() in NO_ISBN:
                name, value = "addendum", f"ISBN~{value}"
            fields.append((name, value))
        width = max(len(name) for name, _ in fields)
        out.append(f"@{entry.type.lower()}{{{key},")
        out.extend(f"  {name.ljust(width)} = {{{value}}}," for name, value in fields)
        out.extend(["}", ""])
    return "\n".join(out)


def _map_strings(value, function):
    if isinstance(value, str):
        return function(value)
    if isinstance(value, list):
        return [_map_strings(item, function) for item in value]
    if isinstance(value, dict):
        return {key: _map_strings(item, function) for key, item in value.items()}
    return value


def _tex_quotes(text: str) -> str:
    return text.replace("``", "“").replace("''", "”")


def _name(name: Mapping) -> dict:
    """A CSL name with its non-dropping particle inside the family name (``"den Hertog"``): Zotero's
    CSL-JSON import has no particle field and drops a separate one; citeproc-js and pandoc parse
    lower-case particles out of the family name again."""
    name = dict(name)
    particle = name.pop("non-dropping-particle", None)
    if particle:
        name["family"] = f"{particle} {name['family']}"
    return name


def clean_csl_items(items: list[dict], bib_text: str) -> list[dict]:
    """Make pandoc's CSL-JSON of the bibliography valid and faithful.

    Args:
        items: CSL-JSON items as pandoc writes them from ``bib_text`` (``list[dict]``).
        bib_text: the source BibTeX.

    Returns:
        New items (``list[dict]``): an empty or unknown ``type`` becomes ``"document"`` (pandoc
        writes ``""`` for ``@misc``, which the schema and Zotero reject); name particles are kept
        in ``family``; ``collection-title`` is the source's series name as written (pandoc
        sentence-cases it: "Gaston eyskens lecture series"), and so is the ``container-title`` of a
        conference paper (the name of a conference or its proceedings); TeX quotes become
        typographic quotes. Titles of works and books stay in sentence case, as CSL expects.
    """
    entries = parse_bibtex(bib_text).entries
    series = {key: tex_to_text(entry.fields["series"]) for key, entry in entries.items() if "series" in entry.fields}
    cleaned = []
    for item in items:
        item = _map_strings(item, _tex_quotes)
        if item.get("type") not in CSL_TYPES:
            item["type"] = "document"
        for role in ("author", "editor", "translator", "container-author", "collection-editor"):
            if role in item:
                item[role] = [_name(name) for name in item[role]]
        if item["id"] in series:
            item["collection-title"] = series[item["id"]]
        if item["type"] == "paper-conference" and "booktitle" in entries[item["id"]].fields:
            item["container-title"] = tex_to_text(entries[item["id"]].fields["booktitle"])
        fields = entries[item["id"]].fields
        for csl_field, bib_field in (("title", "title"), ("container-title", "booktitle")):
            if csl_field in item and bib_field in fields:
                item[csl_field] = _protect_lowercase(item[csl_field], fields[bib_field])
        cleaned.append(item)
    return cleaned


#: CSL item types -> RIS types as Zotero's RIS translator writes and reads them back (``exportTypeMap``).
#: "document" has none: Zotero writes GEN and reads GEN as a journal article (README lists this).
RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "paper-conference": "CONF",
    "manuscript": "MANSCPT",
    "thesis": "THES",
    "webpage": "ELEC",
}

#: Tags rispy does not name, by the key used in the records below.
_EXTRA_TAGS = {"SV": "series_volume"}


def csl_name(name: Mapping) -> str:
    """A CSL-JSON name as ``"Last, First"`` with its particle (``"van Dijk, Machiel"``), or the
    literal name of a body (``"OECD"``)."""
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name.get("family"))))
    return name.get("literal") or ", ".join(part for part in (family, name.get("given")) if part)


def csl_to_ris(items: list[dict]) -> str:
    """Write CSL-JSON items as RIS with the tags Zotero's RIS translator maps for each type.

    Args:
        items: CSL-JSON items (:func:`clean_csl_items`).

    Returns:
        RIS text (``str``); each record's ``ID`` is the citation key. Per type (Zotero field in
        brackets): BOOK: A3 editors, A4 translators, T2 series, M1 series number, ET edition, SN
        ISBN; CHAP: A2 editors, T2 book title, T3 series, SV series number, SN ISBN; RPRT: T2
        series, SN report number, M3 report type, PB institution; CONF: C3 proceedings title,
        C1 place; MANSCPT: M3 type; JOUR: T2 journal, VL, IS, SP/EP, DO. Values a type has no tag
        for (an ISBN of a report) go into a note ``N1`` as "ISBN …".
    """
    records = []
    for item in map(plain_item, items):
        kind = item.get("type", "")
        ris = RIS_TYPES.get(kind, "GEN")
        names = {role: [csl_name(name) for name in item.get(role, [])] for role in ("author", "editor", "translator")}
        date = (item.get("issued", {}).get("date-parts") or [[None]])[0]
        notes = [item["note"]] if item.get("note") else []
        record = {
            "type_of_reference": ris,
            "id": item["id"],
            "title": item.get("title", ""),
            "authors": names["author"],
            "subsidiary_authors": names["translator"],
            "year": str(date[0]) if date[0] else "",
            "publisher": item.get("publisher", ""),
            "doi": item.get("DOI", ""),
            "urls": [item["URL"]] if item.get("URL") else [],
            "edition": str(item.get("edition", "")),
        }
        if len(date) > 1:
            record["date"] = "/".join([str(date[0]), f"{date[1]:02d}", f"{date[2]:02d}" if len(date) > 2 else "", ""])
        place = item.get("publisher-place", "")
        if ris == "BOOK":
            record.update(
                tertiary_authors=names["editor"],
                secondary_title=item.get("collection-title", ""),
                note=str(item.get("collection-number", "")),
                issn=item.get("ISBN", ""),
            )
        elif ris == "CHAP":
            record.update(
                secondary_authors=names["editor"],
                secondary_title=item.get("container-title", ""),
                tertiary_title=item.get("collection-title", ""),
                series_volume=str(item.get("collection-number", "")),
                issn=item.get("ISBN", ""),
            )
        elif ris == "RPRT":
            record.update(
                secondary_title=item.get("collection-title", ""),
                issn=str(item.get("number", "")),
                type_of_work=item.get("genre", ""),
            )
            if item.get("ISBN"):
                notes.append(f"ISBN {item['ISBN']}")
        elif ris == "CONF":
            record.update(
                secondary_authors=names["editor"],
                custom3=item.get("container-title", ""),
                secondary_title=item.get("event-title", ""),
                issn=item.get("ISBN", ""),
                custom1=place,
            )
            place = ""
        elif ris == "MANSCPT":
            record.update(type_of_work=item.get("genre", ""))
        else:
            record.update(
                secondary_authors=names["editor"],
                secondary_title=item.get("container-title", ""),
                volume=str(item.get("volume", "")),
                number=str(item.get("issue", "")),
            )
        record["place_published"] = place
        record["notes"] = notes
        if item.get("page"):
            start, _, end = str(item["page"]).replace("–", "-").partition("-")
            record["start_page"], record["end_page"] = start, end
        records.append({name: value for name, value in record.items() if value})
    mapping = {**rispy.TAG_KEY_MAPPING, **_EXTRA_TAGS}
    return rispy.dumps(records, implementation=PlainRisWriter, mapping=mapping)


class PlainRisWriter(rispy.RisWriter):
    """rispy's writer without its "1.", "2." header lines, which are not part of RIS."""

    def set_header(self, count: int) -> str:
        return ""


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (UTF-8) unless it already holds exactly that; return ``path``."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path
