"""Reading and changing Python-Markdown's element tree: visible text through the HTML stash, parents,
removal keeping the tail, raw HTML blocks made elements (used by :mod:`review_site.page_tree`)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator, Mapping
from html import unescape

import lxml.html
from markdown import Markdown, util

from review_site.citation_grammar import AT_PLACEHOLDER


class StashText:
    """The visible text of tree text that holds Python-Markdown placeholders.

    Args:
        md: the Markdown instance whose ``htmlStash`` holds the placeholders' HTML (entities
            stored by the inline patterns and smarty, inline raw HTML); None: a tree without placeholders.
    """

    def __init__(self, md: Markdown | None):
        self.blocks = md.htmlStash.rawHtmlBlocks if md is not None else []

    def __call__(self, text: str) -> str:
        """``text`` (``str``) with each HTML-stash placeholder as the text a browser shows for its HTML
        (an entity decoded, a tag's text content), and the literal ``@`` restored."""
        if util.STX in text:
            text = util.HTML_PLACEHOLDER_RE.sub(lambda match: self._shown(int(match.group(1))), text)
            text = text.replace(util.AMP_SUBSTITUTE, "&")
        return text.replace(AT_PLACEHOLDER, "@")

    def _shown(self, index: int) -> str:
        html = str(self.blocks[index]) if index < len(self.blocks) else ""
        if html.startswith("&"):
            return unescape(html)
        if not html.strip():
            return ""
        return lxml.html.fragment_fromstring(html, create_parent="div").text_content()


def _noise(element: etree.Element) -> bool:
    """Footnote numbers, buttons and ``¶`` permalinks: not part of a cell's text."""
    return element.tag in ("sup", "button") or (element.tag == "a" and element.get("class") == "headerlink")


def text_nodes(element: etree.Element, skip: Callable[[etree.Element], bool]) -> Iterator[str]:
    """The text nodes inside ``element`` in document order (its own tail excluded), leaving out the
    elements ``skip`` selects (their tails kept)."""
    if element.text:
        yield element.text
    for child in element:
        if not skip(child):
            yield from text_nodes(child, skip)
        if child.tail:
            yield child.tail


def visible_text(
    element: etree.Element,
    stash: StashText,
    separator: str = "",
    drop_noise: bool = True,
    skip: Callable[[etree.Element], bool] | None = None,
) -> str:
    """The text a reader sees in ``element``, whitespace collapsed (``str``).

    Args:
        element: a tree element. stash: resolves placeholders (:class:`StashText`).
        separator: put between text nodes (``" "`` like BeautifulSoup's ``get_text(" ")``).
        drop_noise: leave out footnote numbers, buttons and ``¶`` permalinks.
        skip: which descendants to leave out instead (overrides ``drop_noise``).
    """
    skip = skip or (_noise if drop_noise else lambda child: False)
    strings = text_nodes(element, skip)
    return " ".join(separator.join(stash(text) for text in strings).split())


def parents_of(root: etree.Element) -> dict[etree.Element, etree.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def remove_keeping_tail(element: etree.Element, parent: etree.Element) -> None:
    """Remove ``element`` from ``parent``, keeping its tail text in place."""
    index = list(parent).index(element)
    if element.tail:
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def placeholder_index(paragraph: etree.Element) -> int | None:
    """The HTML-stash index of a paragraph that is only a raw HTML block's placeholder, else None."""
    if paragraph.tag != "p" or len(paragraph) or paragraph.attrib:
        return None
    match = util.HTML_PLACEHOLDER_RE.fullmatch((paragraph.text or "").strip())
    return int(match.group(1)) if match else None


def generated_name(html: str) -> str | None:
    """``NAME`` of a raw HTML block ``<div class="generated-…" data-generate="NAME"></div>``, else None."""
    html = html.strip()
    if not html.startswith('<div class="generated-') or "data-generate=" not in html:
        return None
    block = lxml.html.fragment_fromstring(html)
    return block.get("data-generate") if block.tag == "div" and not len(block) else None


def raw_items_to_tree(root: etree.Element, md: Markdown) -> bool:
    """Make raw HTML blocks that hold bibliography entries (``div.csl-entry[id^=ref-]``, the full
    bibliography inserted before Markdown) elements of the tree, so they get their buttons here.

    MkDocs has collected their ids from the raw HTML already; this runs after its link conversion, so
    their (already relative) links are kept as they are. Parsed with lxml's HTML parser.

    Args:
        root: a page's tree (changed in place). md: its Markdown instance (the HTML stash).

    Returns:
        Whether a block was made elements (``bool``).
    """
    blocks = md.htmlStash.rawHtmlBlocks
    parents, changed = None, False
    for paragraph in list(root.iter("p")):
        index = placeholder_index(paragraph)
        if index is None or index >= len(blocks) or 'class="csl-entry"' not in str(blocks[index]):
            continue
        parents = parents or parents_of(root)
        parent = parents[paragraph]
        position = list(parent).index(paragraph)
        fragment = lxml.html.fragment_fromstring(str(blocks[index]), create_parent="div")
        elements = [_from_lxml(child) for child in fragment]
        if fragment.text and fragment.text.strip():
            continue  # loose text around the blocks: leave the block raw
        if elements:
            elements[-1].tail = (elements[-1].tail or "") + (paragraph.tail or "") or None
        parent.remove(paragraph)
        for offset, element in enumerate(elements):
            parent.insert(position + offset, element)
        changed = True
    return changed


def _from_lxml(element) -> etree.Element:
    """An ElementTree copy of an lxml element (tag, attributes, text, children, tail); comments dropped."""
    copy_ = etree.Element(element.tag, dict(element.attrib))
    copy_.text = element.text
    for child in element:
        if isinstance(child.tag, str):
            copy_.append(_from_lxml(child))
        elif child.tail:  # a comment: keep the text after it
            if len(copy_):
                copy_[-1].tail = (copy_[-1].tail or "") + child.tail
            else:
                copy_.text = (copy_.text or "") + child.tail
    copy_.tail = element.tail
    return copy_


def replace_raw_blocks(md: Markdown, blocks: Mapping[str, str]) -> None:
    """Put ``blocks[text]`` in Python-Markdown's HTML stash in place of each raw HTML block written as ``text``
    (e.g. ``<!-- print-view -->``): the raw-HTML postprocessor writes it out unparsed (no Markdown, no
    Python-Markdown HTML parser: fast for a whole review on one page)."""
    stash = md.htmlStash.rawHtmlBlocks
    for index, block in enumerate(stash):
        if isinstance(block, str) and block.strip() in blocks:
            stash[index] = blocks[block.strip()]


def tree_ids(root: etree.Element, md: Markdown) -> set[str]:
    """Every ``id`` of a page's tree and of the raw HTML blocks in its HTML stash (``set[str]``), as MkDocs'
    anchor extraction collects them. Raw blocks are parsed with lxml's HTML parser."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for block in md.htmlStash.rawHtmlBlocks:
        if isinstance(block, str) and "id=" in block and block.strip():
            fragment = lxml.html.fragment_fromstring(block, create_parent="div")
            ids.update(str(value) for value in fragment.xpath(".//@id"))
    return ids
