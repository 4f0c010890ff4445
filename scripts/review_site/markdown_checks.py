"""Checks and rewrites of a page's Markdown before mkdocs-bibtex sees it.

mkdocs-bibtex 4.4.0 reads every ``[...]`` that contains ``@`` as a citation, also inside code
and around e-mail addresses, and an unknown key only logs a warning while the citation text is
lost. These functions make such input safe or turn it into a clear error naming file and line:

- :func:`protect_literal_at` hides ``@`` in code and e-mail addresses from the plugin;
  :func:`restore_literal_at` puts it back in the rendered HTML.
- :func:`citation_problems` checks every citation key against the bibliography.
- :func:`heading_problems` requires an explicit, unique ``{ #id }`` on every H2–H6.
- :func:`front_matter_problems` requires ``title`` and ``description`` (≤ 160 characters).

Citation syntax follows pandoc's Markdown (``[@key]``, ``[@key, 80]``, ``[-@key]``,
``[@a; @b]``): https://pandoc.org/MANUAL.html#citation-syntax
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from review_site import Problem

#: Stands in for a literal ``@`` between the Markdown and HTML stages (Unicode private use area).
AT_PLACEHOLDER = "\ue000"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
_EMAIL_AT = re.compile(r"(?P<autolink><(?:mailto:)?[^<>\s@]+@[^<>\s]+>)|(?<=[A-Za-z0-9._%+-])@(?=[A-Za-z0-9-]+\.)")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CITE_KEY = re.compile(r"(?:^|[\s;\[])-?@(?P<key>[^\s;,\]]+)")
_BARE_AT = re.compile(r"(?<![\w\[\-@])@(?P<key>[A-Za-z0-9_:.\-]*[A-Za-z0-9_])")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
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
            if match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= len(fence) \
                    and not line.strip()[len(match.group("fence")):].strip():
                fence = None
        else:
            inside.append(False)
    return inside


def _prose_lines(markdown: str) -> Iterable[tuple[int, str]]:
    """Yield ``(line number, text)`` for lines outside fenced code, code spans blanked out."""
    for number, (line, in_code) in enumerate(zip(markdown.split("\n"), _code_mask(markdown)), start=1):
        if not in_code:
            yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def protect_literal_at(markdown: str) -> str:
    """Hide every ``@`` that is not a citation from mkdocs-bibtex.

    Args:
        markdown: a page's Markdown (front matter removed).

    Returns:
        The same text with :data:`AT_PLACEHOLDER` in place of each ``@`` inside fenced code
        blocks, inside code spans, and inside e-mail addresses (``@`` preceded by a name
        character and followed by a domain). Citations ``[@key]`` are untouched.
    """
    out = []
    for line, in_code in zip(markdown.split("\n"), _code_mask(markdown)):
        if in_code:
            out.append(line.replace("@", AT_PLACEHOLDER))
            continue
        line = _CODE_SPAN.sub(lambda m: m.group(0).replace("@", AT_PLACEHOLDER), line)
        out.append(_EMAIL_AT.sub(lambda m: m.group("autolink") or AT_PLACEHOLDER, line))
    return "\n".join(out)


def restore_literal_at(html: str) -> str:
    """Undo :func:`protect_literal_at` in rendered HTML (``str`` in, ``str`` out)."""
    return html.replace(AT_PLACEHOLDER, "@")


def citation_problems(markdown: str, known_keys: Iterable[str], path: str, line_offset: int = 0) -> list[Problem]:
    """Check every citation of a page against the bibliography.

    Args:
        markdown: the page's Markdown after :func:`protect_literal_at`.
        known_keys: the citation keys of the BibTeX file.
        path: the page's source path for messages (e.g. ``docs/growth.md``).
        line_offset: lines before ``markdown`` in the file (the front matter).

    Returns:
        One problem per unknown key, per key outside ``[a-z0-9_-]`` (mkdocs-bibtex would cut it
        at ``:`` or ``.``), and per bare ``@key`` of a known key outside brackets (inline
        citations are disabled, so it would print literally).
    """
    known = set(known_keys)
    problems = []
    for number, line in _prose_lines(markdown):
        where = number + line_offset
        for bracket in _BRACKET.finditer(line):
            for match in _CITE_KEY.finditer(bracket.group(0)[1:-1]):
                key = match.group("key")
                if not _KEY_RULE.match(key):
                    problems.append(Problem(path, where, (
                        f"citation key '{key}' has characters outside [a-z0-9_-]; mkdocs-bibtex cuts keys "
                        "at ':' and '.' and would cite the wrong key")))
                elif key not in known:
                    problems.append(Problem(path, where, f"unknown citation key '{key}' (not in bib/references.bib)"))
        outside = _BRACKET.sub(lambda m: " " * len(m.group(0)), line)
        for match in _BARE_AT.finditer(outside):
            if match.group("key") in known:
                problems.append(Problem(path, where, (
                    f"bare '@{match.group('key')}' outside brackets prints literally; "
                    f"write [@{match.group('key')}] or Author [-@{match.group('key')}]")))
    return problems


def cited_keys(markdown: str) -> list[str]:
    """Return the citation keys of a page in order of first use (``str`` in, ``list[str]`` out)."""
    keys: dict[str, None] = {}
    for _, line in _prose_lines(protect_literal_at(markdown)):
        for bracket in _BRACKET.finditer(line):
            for match in _CITE_KEY.finditer(bracket.group(0)[1:-1]):
                keys.setdefault(match.group("key"))
    return list(keys)


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
        key and section; citations before the first H2/H3 get section id ``""`` and the
        heading text ``""`` (the top of the page). Heading text has its ``{ #id }``, citations
        and Markdown emphasis removed.
    """
    found: dict[tuple[str, str], str] = {}
    section, heading = "", ""
    for _, line in _prose_lines(protect_literal_at(markdown)):
        parsed = _section_heading(line)
        if parsed:
            section, heading, _ = parsed
            continue
        for bracket in _BRACKET.finditer(line):
            for key_match in _CITE_KEY.finditer(bracket.group(0)[1:-1]):
                found.setdefault((key_match.group("key"), section), heading)
    return [(key, section_id, text) for (key, section_id), text in found.items()]


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
    for number, line in _prose_lines(markdown):
        match = _HEADING.match(line)
        if not match:
            continue
        where = number + line_offset
        if len(match.group("hashes")) == 1:
            problems.append(Problem(path, where, "H1 in the page body; the title comes from front matter 'title'"))
            continue
        id_match = _HEADING_ID.search(match.group("text"))
        if not id_match:
            problems.append(Problem(path, where, f"heading '{match.group('text')}' has no explicit id: add {{ #some-id }}"))
            continue
        anchor = id_match.group("id")
        if not _ID_RULE.match(anchor):
            problems.append(Problem(path, where, f"heading id '{anchor}' must be lowercase kebab-case [a-z0-9-]"))
        if anchor in seen:
            problems.append(Problem(path, where, f"heading id '{anchor}' repeats line {seen[anchor]}"))
        seen[anchor] = where
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
        problems.append(Problem(path, 1, f"description has {len(description)} characters; the limit is {MAX_DESCRIPTION}"))
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
