"""Lint a BibTeX file before MkDocs and mkdocs-bibtex read it.

mkdocs-bibtex 4.4.0 hands the file to pybtex, which stops at the first syntax error with a
traceback, accepts keys that the plugin's citation regex later cuts short at ``:`` or ``.``,
and does not check required fields. :func:`lint_bibtex` reports every such defect with the
file and line, so a bad entry fails the build with a clear message.

Required fields follow Oren Patashnik, *BibTeXing* (btxdoc, 1988), section 2.2 "Entry types".
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexError

from review_site import Problem
from review_site.markdown_checks import url_problem

#: Citation keys allowed by the house style: lowercase ASCII letters, digits, ``_`` and ``-``.
KEY_RULE = re.compile(r"^[a-z0-9_-]+$")

#: Required fields per entry type (BibTeXing §2.2). A tuple inside the tuple means "one of".
REQUIRED_FIELDS: dict[str, tuple] = {
    "article": ("author", "title", "journal", "year"),
    "book": (("author", "editor"), "title", "publisher", "year"),
    "booklet": ("title",),
    "inbook": (("author", "editor"), "title", ("chapter", "pages"), "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}

#: A LaTeX accent or special letter (``{\\'\\i}``, ``\\"o``, ``\\c{c}``, ``\\ss``): pandoc turns
#: ``{\\'\\i}`` into a dotless ı plus a combining accent and leaves ``[…]{.nocase}`` in the
#: citations, and the timeline shows it raw; the house rule is accents as UTF-8.
_LATEX_ACCENT = re.compile(r"\\(?:['\"`^~=.]|[uvHckbdrt](?=[\s{])|(?:i|j|o|O|l|L|ss|ae|AE|oe|OE|aa|AA)(?![A-Za-z]))")
#: Fields holding a web address, checked with :func:`review_site.markdown_checks.url_problem`.
_URL_FIELDS = ("url",)
_ENTRY_START = re.compile(r"^@(?P<type>[A-Za-z]+)\s*\{\s*(?P<key>[^,\s]*)\s*,?", re.MULTILINE)
_PERSON_FIELDS = ("author", "editor")


def _entry_chunks(text: str) -> list[tuple[int, str, str, str]]:
    """Split BibTeX text into entries.

    Returns a list of ``(line, type, key, chunk)``: the 1-based line of the ``@``, the entry
    type in lowercase, the key as written, and the entry's text up to the next entry.
    ``@comment``, ``@string`` and ``@preamble`` blocks are skipped.
    """
    starts = list(_ENTRY_START.finditer(text))
    chunks = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        kind = match.group("type").lower()
        if kind in ("comment", "string", "preamble"):
            continue
        line = text.count("\n", 0, match.start()) + 1
        chunks.append((line, kind, match.group("key"), text[match.start() : end]))
    return chunks


def _brace_problem(chunk: str) -> str | None:
    """Return why the braces of one entry do not balance, or ``None`` when they do."""
    depth = 0
    closed_at = None
    for pos, char in enumerate(chunk):
        escaped = pos > 0 and chunk[pos - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth -= 1
            if depth < 0:
                return "has a closing brace '}' without an opening one"
            if depth == 0 and closed_at is None:
                closed_at = pos
    if depth > 0:
        return f"has {depth} unclosed brace(s) '{{'"
    if closed_at is not None and chunk[closed_at + 1 :].strip() and not chunk[closed_at + 1 :].lstrip().startswith("%"):
        return "has text after its closing brace (a brace closes the entry too early)"
    return None


def lint_bibtex(text: str, path: str = "bib/references.bib") -> list[Problem]:
    """Check BibTeX source text against the project's bibliography rules.

    Args:
        text: the whole ``.bib`` file, decoded as UTF-8.
        path: the file name used in the messages.

    Returns:
        The problems found, in file order; an empty list when the file is clean. Checked:
        unbalanced braces per entry; duplicate keys; keys outside ``[a-z0-9_-]`` (mkdocs-bibtex
        cuts keys at ``:`` and ``.``); entries not sorted by key; unknown entry types; required
        fields missing or empty (BibTeXing §2.2); a bare ``&`` (LaTeX needs ``\\&``); report numbers
        with an ASCII hyphen; anything else pybtex cannot parse.

    Raises:
        Nothing: every defect is returned as a :class:`~review_site.Problem`.
    """
    problems: list[Problem] = []
    chunks = _entry_chunks(text)
    if not chunks:  # else every citation of the site would be reported as unknown
        return [Problem(path, 0, "has no entries (an empty or truncated bibliography)")]
    seen: dict[str, int] = {}
    balanced = True
    for line, kind, key, chunk in chunks:
        why = _brace_problem(chunk)
        if why:
            balanced = False
            problems.append(Problem(path, line, f"entry '{key}' {why}"))
        if not key:
            problems.append(Problem(path, line, "entry has no citation key"))
            continue
        if key in seen:
            problems.append(Problem(path, line, f"duplicate key '{key}' (first defined on line {seen[key]})"))
        else:
            seen[key] = line
        if not KEY_RULE.match(key):
            problems.append(
                Problem(
                    path,
                    line,
                    f"key '{key}' breaks the key rule [a-z0-9_-] (mkdocs-bibtex cuts keys at ':' and '.'); "
                    "use lastnameYYYYword in lowercase ASCII",
                )
            )
        if kind not in REQUIRED_FIELDS:
            problems.append(Problem(path, line, f"entry '{key}' has unknown type @{kind}"))
        for number, text_line in enumerate(chunk.split("\n"), start=line):
            accent = _LATEX_ACCENT.search(text_line)
            if accent and not text_line.lstrip().startswith("%"):
                problems.append(
                    Problem(
                        path,
                        number,
                        (
                            f"entry '{key}' has the LaTeX accent '{accent.group(0)}…': write the letter in UTF-8 "
                            "(í, ö, ç, ß), as pandoc and the timeline do not convert every accent"
                        ),
                    )
                )
    keys = [key for _, _, key, _ in chunks]
    for (line, _, key, _), previous in zip(chunks[1:], keys, strict=False):  # each entry and the one before
        if key < previous:
            problems.append(Problem(path, line, f"entries are not sorted by key: '{key}' comes after '{previous}'"))
            break
    if not balanced or any("duplicate key" in p.message for p in problems):
        return problems
    try:
        data = parse_bibtex(text)
    except PybtexError as error:
        problems.append(Problem(path, 0, f"pybtex cannot parse the file: {error}"))
        return problems
    lines = {key: line for line, _, key, _ in chunks}
    for key, entry in data.entries.items():
        parent = _crossref_parent(entry, data)
        if "crossref" in entry.fields and parent is None:
            problems.append(
                Problem(
                    path,
                    lines.get(key, 0),
                    (f"entry '{key}' has crossref '{entry.fields['crossref']}', which is not a key of this file"),
                )
            )
        for name, value in entry.fields.items():
            if name.lower() in _URL_FIELDS and (why := url_problem(value.strip())) is not None:
                problems.append(Problem(path, lines.get(key, 0), f"entry '{key}' field '{name}': {why}"))
            elif name.lower() in _URL_FIELDS and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value.strip()):
                problems.append(
                    Problem(
                        path,
                        lines.get(key, 0),
                        (f"entry '{key}' field '{name}' is not an absolute URL (write https://…)"),
                    )
                )
            if name.lower() not in ("url", "doi") and re.search(r"(?<!\\)&", value):
                problems.append(
                    Problem(
                        path,
                        lines.get(key, 0),
                        (
                            f"entry '{key}' field '{name}' has a bare '&': LaTeX (biber, BibTeX) reads it as a table "
                            "column separator; write '\\&' (pandoc prints it as '&')"
                        ),
                    )
                )
            if name.lower() == "number" and re.search(r"\d-\d", value):
                problems.append(
                    Problem(
                        path,
                        lines.get(key, 0),
                        (
                            f"entry '{key}' number '{value}' has an ASCII hyphen, which the CSL processor reads as a "
                            "range ('Nos.'); write it with U+2011 (non-breaking hyphen)"
                        ),
                    )
                )
        for field in REQUIRED_FIELDS.get(entry.type.lower(), ()):
            options = field if isinstance(field, tuple) else (field,)
            if not any(_has_field(entry, name) or (parent is not None and _inherits(parent, name)) for name in options):
                problems.append(
                    Problem(
                        path,
                        lines.get(key, 0),
                        f"@{entry.type.lower()} entry '{key}' lacks required field '{' or '.join(options)}'",
                    )
                )
    return problems


def _crossref_parent(entry, data):
    """The entry named by ``entry``'s ``crossref`` field (BibTeXing §4), or ``None``."""
    target = entry.fields.get("crossref", "").strip()
    if not target:
        return None
    return next((other for other_key, other in data.entries.items() if other_key.lower() == target.lower()), None)


def _inherits(parent, name: str) -> bool:
    """Whether a cross-referenced ``parent`` supplies field ``name``. BibTeX (and pandoc's
    ``bibtex`` reader, which renders the site) copies fields of the same name only: a book's
    ``title`` does not become a chapter's ``booktitle``, so the book needs a ``booktitle``."""
    return _has_field(parent, name)


@functools.lru_cache(maxsize=2)
def parse_bibtex(text: str) -> BibliographyData:
    """The BibTeX ``text`` parsed by pybtex, once per text: the lint, the ``.bib`` and CSL-JSON exports,
    the timeline and mkdocs-bibtex (``review_site.bibtex_adapter.install_bibliography``) share this parse.
    Read it; never change it.

    Raises:
        pybtex.scanner.PybtexError: the text does not parse (:func:`lint_bibtex` reports it with the file).
    """
    return parse_string(text, "bibtex")


def _has_field(entry, name: str) -> bool:
    """True when a pybtex entry has a non-empty field or person list called ``name``."""
    if name in _PERSON_FIELDS:
        return bool(entry.persons.get(name)) or bool(entry.fields.get(name, "").strip())
    return bool(entry.fields.get(name, "").strip())


def bibtex_keys(path: Path) -> list[str]:
    """Return the citation keys of a BibTeX file in file order.

    Args:
        path: the ``.bib`` file (UTF-8).

    Returns:
        The keys as written, ``@comment``/``@string``/``@preamble`` blocks excluded.

    Raises:
        OSError: the file cannot be read.
    """
    return keys_of(Path(path).read_text(encoding="utf-8"))


def keys_of(text: str) -> list[str]:
    """Return the citation keys of BibTeX source text in file order (``str`` in, ``list[str]`` out)."""
    return [key for _, _, key, _ in _entry_chunks(text)]
