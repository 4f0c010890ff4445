"""Checks of a page's Markdown, front matter and file before the build renders it: bad input becomes a
clear error naming file and line (``Problem``), never silence and never a traceback.

- the citations are found and checked by the site's one grammar, :mod:`review_site.citation_grammar`;
- :func:`heading_problems` requires an explicit, unique ``{ #id }`` on every H2–H6.
- :func:`front_matter_problems` requires ``title`` and ``description`` (≤ 160 characters);
  :func:`front_matter_syntax_problems` reports YAML that MkDocs would silently ignore.
- :func:`link_problems` rejects malformed absolute URLs (``htps://``, ``https:/``) that MkDocs
  publishes unchecked.
- :func:`decode_problems` turns invalid UTF-8 into ``path:line`` instead of a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import yaml

from review_site import Problem
from review_site.citation_grammar import cited_keys
from review_site.markdown_scan import (
    ANY_HEADING,
    HEADING_ID,
    SETEXT_UNDERLINE,
    prose_lines,
)

_ID_RULE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

MAX_DESCRIPTION = 160


def heading_problems(markdown: str, path: str, line_offset: int = 0) -> list[Problem]:
    """Require an explicit, well-formed, unique id on every heading below H1.

    Args:
        markdown: the page's Markdown (front matter removed).
        path: the page's source path for messages.
        line_offset: lines before ``markdown`` in the file.

    Returns:
        A problem for each ``#`` H1 in the body (the title comes from front matter), each
        H2–H6 without ``{ #id }``, each id outside ``[a-z0-9-]``, and each repeated id.
        Explicit ids keep published anchors stable when a heading's words change.
    """
    problems = []
    seen: dict[str, int] = {}
    lines = dict(prose_lines(markdown))
    for number, line in lines.items():
        match = ANY_HEADING.match(line)
        where = number + line_offset
        if not match:
            if _is_setext_heading(lines, number):
                problems.append(
                    Problem(
                        path,
                        where,
                        (
                            f"setext (underlined) heading '{line.strip()}' would get an automatic id; write it as "
                            f"'## {line.strip()} {{ #some-id }}'"
                        ),
                    )
                )
            continue
        if len(match.group("hashes")) == 1:
            problems.append(Problem(path, where, "H1 in the page body; the title comes from front matter 'title'"))
            continue
        id_match = HEADING_ID.search(match.group("text"))
        if not id_match:
            problems.append(
                Problem(path, where, f"heading '{match.group('text')}' has no explicit id: add {{ #some-id }}")
            )
            continue
        anchor = id_match.group("id")
        if not _ID_RULE.match(anchor):
            problems.append(Problem(path, where, f"heading id '{anchor}' must be lowercase kebab-case [a-z0-9-]"))
        if anchor in seen:
            problems.append(Problem(path, where, f"heading id '{anchor}' repeats line {seen[anchor]}"))
        seen[anchor] = where
    return problems


def _is_setext_heading(lines: Mapping[int, str], number: int) -> bool:
    """Whether prose line ``number`` is the text of a setext heading in Python-Markdown.

    Python-Markdown (``SetextHeaderProcessor``) makes a heading of the first line of a block
    when the next line is all ``=`` or all ``-``; a block starts after a blank line, a heading
    or the start of the text.
    """
    line, below, above = lines.get(number, ""), lines.get(number + 1), lines.get(number - 1)
    if not line.strip() or below is None or not SETEXT_UNDERLINE.match(below):
        return False
    if line.startswith(("    ", "\t")) or SETEXT_UNDERLINE.match(line):
        return False
    return above is None or not above.strip() or bool(ANY_HEADING.match(above))


def reserved_id_problems(
    markdown: str, path: str, line_offset: int = 0, reserved: str = "references", cites: bool | None = None
) -> list[Problem]:
    """Reject a page's own heading id ``reserved`` when the build appends a heading with that id.

    Args:
        markdown: the page's Markdown (front matter removed).
        path: the page's source path for messages.
        line_offset: lines before ``markdown`` in the file.
        reserved: the id of the heading the build adds to every page that cites (``references``).
        cites: whether the page cites a work; ``None``: find out with :func:`cited_keys`.

    Returns:
        One problem per heading with that id, on pages that cite a work; two elements with one
        id would break the link to the page's reference list.
    """
    if not (cites if cites is not None else cited_keys(markdown)):
        return []
    return [
        Problem(
            path,
            number + line_offset,
            (
                f"heading id '{reserved}' is reserved: the build adds '## References {{ #{reserved} }}' above "
                "the works this page cites; remove this heading or give it another id"
            ),
        )
        for number, line in prose_lines(markdown)
        if (match := ANY_HEADING.match(line))
        and (found := HEADING_ID.search(match.group("text")))
        and found.group("id") == reserved
    ]


#: Link targets in Markdown: inline ``](url``, autolinks ``<url>``, reference definitions
#: ``[id]: url`` and raw HTML ``href``/``src`` attributes.
_LINK_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>"
    r"|^[ ]{0,3}\[(?!\^)[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)"  # not a footnote [^x]:
    r"|\b(?:href|src)\s*=\s*[\"'](?P<html>[^\"']+)[\"']"
)
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
#: URL schemes a page may link to; anything else is a typo (``htps:``) or a risk (``javascript:``).
ALLOWED_SCHEMES = ("http", "https", "mailto")


def url_problem(url: str) -> str | None:
    """Say why an absolute URL is malformed, or return ``None`` (also for relative links).

    Args:
        url: a link target as written (``https://example.org/x``, ``growth.md#id``, …).

    Returns:
        ``None`` for a relative link (MkDocs validates those) and for a well-formed ``http``,
        ``https`` or ``mailto`` URL; else the reason: a scheme outside :data:`ALLOWED_SCHEMES`
        (``htps:``), or an ``http(s)`` URL without ``//`` and a host name with a dot
        (``https:/example.org``, ``https://example``). URL syntax: RFC 3986, section 3.
    """
    match = _SCHEME.match(url)
    if not match:
        return None
    scheme = match.group("scheme").lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"URL scheme '{match.group('scheme')}:' is not one of {', '.join(ALLOWED_SCHEMES)} (a typo?)"
    if scheme == "mailto":
        return None if "@" in url else "mailto: link without an e-mail address"
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not url[len(scheme) + 1 :].startswith("//") or "." not in host.strip(".") and host != "localhost":
        return f"malformed {scheme} URL (write {scheme}://host.example/path)"
    return None


def link_problems(markdown: str, path: str, line_offset: int = 0) -> list[Problem]:
    """Reject malformed absolute link targets, which MkDocs publishes without any check.

    Args:
        markdown: the page's Markdown (front matter removed).
        path: the page's source path for messages.
        line_offset: lines before ``markdown`` in the file.

    Returns:
        One problem per link target outside code for which :func:`url_problem` gives a reason.
    """
    problems = []
    for number, line in prose_lines(markdown):
        for match in _LINK_TARGET.finditer(line):
            url = next(group for group in match.groups() if group is not None)
            why = url_problem(url)
            if why:
                problems.append(Problem(path, number + line_offset, f"link '{url}': {why}"))
    return problems


def front_matter_problems(meta: Mapping[str, object], path: str) -> list[Problem]:
    """Require front matter ``title`` and ``description`` (at most 160 characters).

    Args:
        meta: the page's parsed YAML front matter.
        path: the page's source path for messages.

    Returns:
        The problems found (line 1: front matter starts there).
    """
    problems = []
    for field in ("title", "description"):
        value = meta.get(field)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, 1, f"front matter lacks '{field}'"))
    description = meta.get("description")
    if isinstance(description, str) and len(description) > MAX_DESCRIPTION:
        problems.append(
            Problem(path, 1, f"description has {len(description)} characters; the limit is {MAX_DESCRIPTION}")
        )
    return problems


_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)  # as mkdocs.utils.meta


def front_matter_syntax_problems(source: str, path: str) -> list[Problem]:
    """Report YAML front matter that MkDocs would drop without a word.

    MkDocs 1.6 (``mkdocs.utils.meta.get_data``) ignores front matter that is not valid YAML or
    not a mapping, so the page silently loses its title; this names the line instead.

    Args:
        source: the whole page file, as text.
        path: the page's source path for messages.

    Returns:
        A problem at the line of the YAML error (YAML 1.1, PyYAML ``safe_load``), or when the
        front matter is not a ``key: value`` mapping, or when a page that starts with ``---``
        has no closing ``---``; else an empty list.
    """
    match = _FRONT_MATTER.match(source)
    if not match:
        if re.match(r"^-{3}[ \t]*\n", source):
            return [Problem(path, 1, "front matter starts with '---' but has no closing '---' line")]
        return []
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1: 0-based, +1: the opening '---'
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return [Problem(path, line, f"front matter is not valid YAML: {reason}")]
    if not isinstance(data, dict):
        return [Problem(path, 2, "front matter must be 'key: value' lines (a YAML mapping)")]
    return []


def decode_problems(data: bytes, path: str) -> list[Problem]:
    """Check that a file is valid UTF-8.

    Args:
        data: the file's bytes.
        path: the file name for messages.

    Returns:
        An empty list, or one problem at the line (1-based) and column of the first byte that is
        not UTF-8, naming the byte; a UTF-8 byte-order mark is accepted (as MkDocs does).
    """
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return [
            Problem(
                path,
                line,
                (f"not valid UTF-8 (byte 0x{data[error.start]:02x} at column {column}); save the file as UTF-8"),
            )
        ]
    return []


#: An empty Markdown link to a table or figure, ``[](policy.md#tbl-x)``: a cross-reference.
_CROSS_REFERENCE = re.compile(r"\[\]\(\s*<?[^)\s#>]*#(?P<id>(?:tbl|fig)-[^)\s>]+)>?\s*\)")


def cross_reference_problems(markdown: str, known_ids: Iterable[str], path: str, line_offset: int = 0) -> list[Problem]:
    """Check every cross-reference ``[](page.md#tbl-id)`` / ``[](#fig-id)`` of a page.

    Args:
        markdown: the page's Markdown (front matter removed).
        known_ids: the ids of every numbered table and figure of the site.
        path: the page's source path for messages.
        line_offset: lines before ``markdown`` in the file.

    Returns:
        One problem per empty link outside code whose ``tbl-``/``fig-`` id names no caption;
        it would render as an empty link (``review_site.page_tree.fill_cross_references``).
    """
    known = set(known_ids)
    return [
        Problem(path, number + line_offset, f"cross-reference to unknown table or figure '{match.group('id')}'")
        for number, line in prose_lines(markdown)
        for match in _CROSS_REFERENCE.finditer(line)
        if match.group("id") not in known
    ]


#: Front-matter fields that map old ids to new ones (README, "Links that never break").
ID_MAPS = ("anchor_aliases", "moved_anchors")


def id_map_problems(meta: Mapping[str, object], source: str, path: str) -> list[Problem]:
    """Require ``anchor_aliases`` and ``moved_anchors`` to be ``old-id: new`` mappings.

    Args:
        meta: the page's parsed front matter.
        source: the whole page file, to find the field's line.
        path: the page's source path for messages.

    Returns:
        One problem per field of :data:`ID_MAPS` that is present but not a mapping of text to
        text (e.g. a YAML list), at the line of the field.
    """
    problems = []
    for field in ID_MAPS:
        value = meta.get(field)
        if value is None:
            continue
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            line = next((n for n, text in enumerate(source.split("\n"), 1) if text.startswith(f"{field}:")), 1)
            problems.append(
                Problem(
                    path,
                    line,
                    f"front matter '{field}' must map each old id to its new place, one 'old-id: new-id' line each",
                )
            )
    return problems


def front_matter_lines(source: str) -> int:
    """Count the lines of YAML front matter (with its ``---`` fences) at the top of ``source``."""
    match = re.match(r"^---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", source, re.DOTALL)
    return match.group(0).count("\n") if match else 0


def line_offset(source: str, markdown: str) -> int:
    """Count the lines of ``source`` (a page file) that come before its Markdown body.

    MkDocs strips the front matter and the blank lines after it before plugins see the page;
    adding this offset to a 1-based line of ``markdown`` gives the line in the file.
    """
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return front_matter_lines(source)
