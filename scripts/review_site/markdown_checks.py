"""Checks and rewrites of a page's Markdown before mkdocs-bibtex sees it.

mkdocs-bibtex 4.4.0 would read every ``[...]`` that contains ``@`` as a citation, also inside code
and around e-mail addresses; it replaces a citation's text wherever it occurs in the page, and an
unknown key only logs a warning while the citation text is lost. These functions find the
citations with the site's own grammar, make other ``@`` safe, and turn bad input into a clear
error naming file and line:

- :func:`find_citations` is the site's one citation grammar: it finds every citation block of a
  page once; the checks, "Cited in", the ``<meta>`` tags and mkdocs-bibtex (through
  :mod:`review_site.bibtex_adapter`, which replaces the plugin's own finder) all use its blocks.
- :func:`protect_literal_at` hides ``@`` in code, e-mail addresses and ``\\@`` from the plugin;
  :func:`restore_literal_at` puts it back in the rendered HTML.
- :func:`citation_problems` checks every citation key against the bibliography.
- :func:`heading_problems` requires an explicit, unique ``{ #id }`` on every H2–H6.
- :func:`front_matter_problems` requires ``title`` and ``description`` (≤ 160 characters);
  :func:`front_matter_syntax_problems` reports YAML that MkDocs would silently ignore.
- :func:`link_problems` rejects malformed absolute URLs (``htps://``, ``https:/``) that MkDocs
  publishes unchecked.
- :func:`decode_problems` turns invalid UTF-8 into ``path:line`` instead of a traceback.

Citation syntax follows pandoc's Markdown (``[@key]``, ``[@key, 80]``, ``[-@key]``,
``[@a; @b]``, ``\\@`` a literal ``@``): https://pandoc.org/MANUAL.html#citation-syntax
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

import yaml

from review_site import Problem

#: Stands in for a literal ``@`` between the Markdown and HTML stages (Unicode private use area).
AT_PLACEHOLDER = "\ue000"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
_EMAIL_AT = re.compile(
    r"(?P<autolink><(?:mailto:)?[^<>\s@]+@[^<>\s]+>)|(?<=[A-Za-z0-9._%+-])@(?=[A-Za-z0-9-]+\.)|(?P<escaped>\\@)"
)
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CITE_KEY = re.compile(r"(?:^|[\s;\[])-?@(?P<key>[^\s;,\]]+)")
_BARE_AT = re.compile(r"(?<![\w\[\-@])@(?P<key>[A-Za-z0-9_:.\-]*[A-Za-z0-9_])")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
#: Any ATX heading, also indented or inside a list item or block quote (Python-Markdown renders
#: those in lists and quotes as headings, with an automatic id).
_ANY_HEADING = re.compile(r"^(?:[ \t]*>)*[ \t]*(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
#: A setext underline (Python-Markdown: ``[=-]+`` right below the first line of a block).
_SETEXT_UNDERLINE = re.compile(r"^(?P<rule>=+|-+)[ ]*$")
_HEADING_ID = re.compile(r"\{\s*[^}]*#(?P<id>[^\s}]+)[^}]*\}\s*$")
_ID_RULE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEY_RULE = re.compile(r"^[a-z0-9_-]+$")

MAX_DESCRIPTION = 160


def _code_mask(markdown: str) -> list[bool]:
    """Return, for each line of ``markdown``, whether it lies inside a fenced code block."""
    inside: list[bool] = []
    fence = None
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group("fence")
            inside.append(True)
        elif fence is not None:
            inside.append(True)
            if (
                match
                and match.group("fence")[0] == fence[0]
                and len(match.group("fence")) >= len(fence)
                and not line.strip()[len(match.group("fence")) :].strip()
            ):
                fence = None
        else:
            inside.append(False)
    return inside


def _prose_lines(markdown: str) -> Iterable[tuple[int, str]]:
    """Yield ``(line number, text)`` for lines outside fenced code, code spans blanked out."""
    for number, (line, in_code) in enumerate(zip(markdown.split("\n"), _code_mask(markdown), strict=True), start=1):
        if not in_code:
            yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def protect_literal_at(markdown: str) -> str:
    """Hide every ``@`` that is not a citation from mkdocs-bibtex.

    Args:
        markdown: a page's Markdown (front matter removed).

    Returns:
        The same text with :data:`AT_PLACEHOLDER` in place of each ``@`` inside fenced code
        blocks, inside code spans, and inside e-mail addresses (``@`` preceded by a name
        character and followed by a domain), and in place of each escaped ``\\@`` outside code
        (pandoc: a literal ``@``, so the reader sees ``@``). Citations ``[@key]`` are untouched.
    """
    out = []
    for line, in_code in zip(markdown.split("\n"), _code_mask(markdown), strict=True):
        if in_code:
            out.append(line.replace("@", AT_PLACEHOLDER))
            continue
        line = _CODE_SPAN.sub(lambda m: m.group(0).replace("@", AT_PLACEHOLDER), line)
        out.append(_EMAIL_AT.sub(lambda m: m.group("autolink") or AT_PLACEHOLDER, line))
    return "\n".join(out)


def restore_literal_at(html: str) -> str:
    """Undo :func:`protect_literal_at` in rendered HTML (``str`` in, ``str`` out)."""
    return html.replace(AT_PLACEHOLDER, "@")


@dataclass(frozen=True)
class CitationBlock:
    """One bracketed citation of a page, as :func:`find_citations` reads it.

    Attributes:
        text: the block with its brackets, exactly as it stands in the page after
            :func:`protect_literal_at` (``"[see @porter1998clusters, 80; -@krugman1991increasing]"``):
            the text mkdocs-bibtex replaces by the formatted citation, and the text pandoc formats.
        keys: the cited keys in order (``("porter1998clusters", "krugman1991increasing")``), as
            written: a key outside ``[a-z0-9_-]`` is kept here and reported by :func:`citation_problems`.
        line: the 1-based line of the block in the page's Markdown (front matter removed).
        section: the id of the H2/H3 (with ``{ #id }``) above the block or on its line; ``""`` above
            the first. heading: that heading's plain text (``""`` at the top of the page).
    """

    text: str
    keys: tuple[str, ...]
    line: int
    section: str = ""
    heading: str = ""


@dataclass(frozen=True)
class PageCitations:
    """Every citation of one page, found in one pass over its Markdown (:func:`find_citations`).

    Attributes:
        blocks: the citation blocks in reading order (a block written twice is listed twice).
        bare: ``(line, key)`` of every ``@key`` outside brackets: not a citation (inline citations
            are disabled), reported by :func:`citation_problems` when ``key`` is in the bibliography.
    """

    blocks: tuple[CitationBlock, ...] = ()
    bare: tuple[tuple[int, str], ...] = ()

    @cached_property
    def keys(self) -> list[str]:
        """The cited keys in order of first citation."""
        return list(dict.fromkeys(key for block in self.blocks for key in block.keys))

    @cached_property
    def sections(self) -> list[tuple[str, str, str]]:
        """``(key, section id, heading text)`` in order of first citation, one per key and section."""
        found: dict[tuple[str, str], str] = {}
        for block in self.blocks:
            for key in block.keys:
                found.setdefault((key, block.section), block.heading)
        return [(key, section, heading) for (key, section), heading in found.items()]


def find_citations(markdown: str) -> PageCitations:
    """Find every citation of a page: the site's one citation grammar.

    A citation block is a pair of brackets with no bracket inside, on one line, outside fenced
    code and code spans, holding at least one ``@key`` or ``-@key`` (author suppressed) that starts
    the block or follows a space, ``;`` or ``[``: ``[@key]``, ``[see @a, pp. 3-4; -@b]``. The key runs
    up to a space, ``,``, ``;`` or ``]``. An ``@`` inside a word (``name@example.org``, ``x[foo@bar]``),
    in an e-mail address or escaped as ``\\@`` starts no citation (pandoc's citation syntax,
    https://pandoc.org/MANUAL.html#citation-syntax; inline ``@key`` citations are disabled).

    Args:
        markdown: a page's Markdown (front matter removed), as written (not yet protected).

    Returns:
        The page's :class:`PageCitations`; block texts are taken from
        :func:`protect_literal_at` of ``markdown``, the text mkdocs-bibtex is given.
    """
    protected = protect_literal_at(markdown)
    written = protected.split("\n")
    blocks: list[CitationBlock] = []
    bare: list[tuple[int, str]] = []
    section, heading = "", ""
    for number, line in _prose_lines(protected):  # code spans blanked out, same length
        if parsed := _section_heading(line):
            section, heading, _ = parsed
        for bracket in _BRACKET.finditer(line):
            keys = tuple(match.group("key") for match in _CITE_KEY.finditer(bracket.group(1)))
            if keys:
                text = written[number - 1][bracket.start() : bracket.end()]
                blocks.append(CitationBlock(text, keys, number, section, heading))
        outside = _BRACKET.sub(lambda m: " " * len(m.group(0)), line)
        bare += [(number, match.group("key")) for match in _BARE_AT.finditer(outside)]
    return PageCitations(tuple(blocks), tuple(bare))


def citation_problems(
    citations: PageCitations, known_keys: Iterable[str], path: str, line_offset: int = 0
) -> list[Problem]:
    """Check every citation of a page against the bibliography.

    Args:
        citations: the page's citations (:func:`find_citations`).
        known_keys: the citation keys of the BibTeX file.
        path: the page's source path for messages (e.g. ``docs/growth.md``).
        line_offset: lines before the page's Markdown in the file (the front matter).

    Returns:
        In line order, one problem per unknown key, per key outside ``[a-z0-9_-]`` (mkdocs-bibtex
        would cut it at ``:`` or ``.``), and per bare ``@key`` of a known key outside brackets
        (inline citations are disabled, so it would print literally).
    """
    known = set(known_keys)
    problems = []
    for block in citations.blocks:
        for key in block.keys:
            if not _KEY_RULE.match(key):
                message = (
                    f"citation key '{key}' has characters outside [a-z0-9_-]; mkdocs-bibtex cuts keys "
                    "at ':' and '.' and would cite the wrong key"
                )
                problems.append(Problem(path, block.line + line_offset, message))
            elif key not in known:
                message = f"unknown citation key '{key}' (not in bib/references.bib)"
                problems.append(Problem(path, block.line + line_offset, message))
    for number, key in citations.bare:
        if key in known:
            message = f"bare '@{key}' outside brackets prints literally; write [@{key}] or Author [-@{key}]"
            problems.append(Problem(path, number + line_offset, message))
    return sorted(problems, key=lambda problem: problem.line)  # stable: blocks before bare keys of a line


def cited_keys(markdown: str) -> list[str]:
    """Return the citation keys of a page in order of first use (``str`` in, ``list[str]`` out).

    A shortcut for :func:`find_citations` ``(markdown).keys``; the build reads each page once, in
    ``review_site.model.PageSource.citations``.
    """
    return find_citations(markdown).keys


def _section_heading(line: str) -> tuple[str, str, int] | None:
    """``(id, plain text, level)`` of an H2/H3 line with an explicit id, else ``None``."""
    match = _HEADING.match(line)
    if not match or len(match.group("hashes")) not in (2, 3):
        return None
    id_match = _HEADING_ID.search(match.group("text"))
    if not id_match:
        return None
    text = _HEADING_ID.sub("", match.group("text"))
    text = " ".join(_BRACKET.sub("", text).replace("*", "").replace("`", "").split())
    return id_match.group("id"), text, len(match.group("hashes"))


def section_headings(markdown: str) -> list[tuple[str, str, int]]:
    """The H2/H3 sections of a page: ``(id, plain heading text, level)`` in order.

    Args:
        markdown: a page's Markdown (front matter removed); headings need an explicit id.

    Returns:
        One triple per H2/H3 outside code blocks that has ``{ #id }``; the text has its id,
        citations, emphasis asterisks and backticks removed.
    """
    return [parsed for _, line in _prose_lines(markdown) if (parsed := _section_heading(line))]


def citing_sections(markdown: str) -> list[tuple[str, str, str]]:
    """Say in which section each work is cited.

    Args:
        markdown: a page's Markdown (front matter removed).

    Returns:
        ``(key, section id, section heading text)`` triples in order of first citation, one per
        key and section (:attr:`PageCitations.sections`); citations before the first H2/H3 get
        section id ``""`` and the heading text ``""`` (the top of the page). Heading text has its
        ``{ #id }``, citations and Markdown emphasis removed.
    """
    return find_citations(markdown).sections


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
    lines = dict(_prose_lines(markdown))
    for number, line in lines.items():
        match = _ANY_HEADING.match(line)
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
        id_match = _HEADING_ID.search(match.group("text"))
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
    if not line.strip() or below is None or not _SETEXT_UNDERLINE.match(below):
        return False
    if line.startswith(("    ", "\t")) or _SETEXT_UNDERLINE.match(line):
        return False
    return above is None or not above.strip() or bool(_ANY_HEADING.match(above))


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
        for number, line in _prose_lines(markdown)
        if (match := _ANY_HEADING.match(line))
        and (found := _HEADING_ID.search(match.group("text")))
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
    for number, line in _prose_lines(markdown):
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
        for number, line in _prose_lines(markdown)
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
