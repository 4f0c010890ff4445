"""Front matter of a page, split as MkDocs 1.6.1 does (``mkdocs.utils.meta.get_data``), without MkDocs.

YAML between ``---`` lines (https://www.mkdocs.org/user-guide/writing-your-docs/#yaml-style-meta-data),
else MultiMarkdown ``key: value`` lines.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


def split_front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """``(markdown, meta)``: the page's text after its front matter, and the front matter.

    Invalid YAML gives ``meta == {}`` and the text unchanged (as MkDocs; reported by
    :func:`review_site.markdown_checks.front_matter_syntax_problems`).
    """
    data: Any = {}
    if match := _YAML.match(source):
        try:
            data = yaml.load(match.group(1), yaml.SafeLoader)
            if isinstance(data, dict):
                source = source[match.end() :].lstrip("\n")
            else:
                data = {}
        except Exception:  # noqa: BLE001 - as MkDocs: bad YAML is no front matter
            pass
        return source, data
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    key = None
    while lines:
        line = lines.pop(0)
        if line.strip() == "":
            break
        if first := _META.match(line):
            key = first.group("key").lower().strip()
            value = first.group("value").strip()
            data[key] = f"{data[key]} {value}" if key in data else value
        elif (more := _META_MORE.match(line)) and key:
            data[key] += " {}".format(more.group("value").strip())
        else:
            lines.insert(0, line)
            break
    return "\n".join(lines).lstrip("\n"), data
