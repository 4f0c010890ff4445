"""Per-page work on Python-Markdown's element tree: captions, table rows and CSVs, cross-references,
cell labels, anchor aliases and the diagrams and tables the build draws.

:class:`PageTree` is a Python-Markdown extension. Its treeprocessor runs at priority 5, registered
after ``toc`` (also 5: the ``¶`` permalinks of headings exist) and before MkDocs'
``_ExtractAnchorsTreeprocessor`` (5 too, registered by ``Page.render`` after the configured
extensions; Python-Markdown's ``Registry`` keeps registration order among equal priorities), so
MkDocs collects every id added here (row ids, table ids, alias ids) for its anchor validation
itself. In order, on each page it

1. draws the generated blocks a page asks for with a raw HTML block
   ``<div class="generated-figure|table" data-generate="NAME"></div>`` (:data:`GENERATED_NAMES`):
   a data table (``places-table``) becomes elements of the tree, so it gets captions, rows, CSV
   and labels like a Markdown table; a drawing (inline SVG) or list stays raw HTML: its entry in
   Python-Markdown's HTML stash is replaced by the drawn HTML, restored by the raw-HTML
   postprocessor (``RawHtmlPostprocessor``) after serialisation;
2. turns caption paragraphs (``<p id="tbl-…">Table: …</p>``) into ``<caption>``/``<figure>``
   (:func:`apply_captions`), numbered as in :func:`review_site.captions.number_captions`;
3. gives each body row of a numbered table an id (:func:`add_row_ids`), reads each table's cells
   as CSV (:func:`table_csvs`), adds the download link (:func:`add_csv_links`), fills empty links to a
   table or figure with "Table N" (:func:`fill_cross_references`) and labels cells for stacked rows on
   phones (:func:`add_cell_labels`);
4. puts the old ids of front matter ``anchor_aliases`` at the new places (:func:`apply_anchor_aliases`);
5. makes abbreviations focusable (:func:`focusable_abbreviations`).

A second treeprocessor (priority :data:`ACTIONS_PRIORITY`, after MkDocs' link conversion ``relpath``,
0) works on pages in the navigation: it makes the raw HTML of the full bibliography elements
(:func:`raw_items_to_tree`; MkDocs has read its ids from the raw HTML already), keeps a copy of the
tree, then adds the copy-link and cite buttons of headings and captions (:func:`add_heading_actions`)
and of table rows, glossary terms and bibliography entries (:func:`add_item_links`). A postprocessor
(last) serialises the copy as Python-Markdown serialises the page: the page without buttons, for the
print view (``PageResult.printed``).

The page's context comes from the build through :meth:`PageTree.start_page` (before Markdown) and
its results (CSV texts, print copy, problems) go back through :meth:`PageTree.finish_page`. Pure
Python-Markdown and ElementTree: no MkDocs types, no regular expressions over HTML. Text inside
the tree may hold HTML-stash placeholders (entities such as smarty's ``&rsquo;``, inline raw
HTML); :func:`visible_text` reads them as the browser would show them.
"""

from __future__ import annotations

import copy
import csv
import io
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape

import lxml.html
from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from review_site.markdown_checks import AT_PLACEHOLDER
from review_site.page_tools import cite_button, copy_link_button
from review_site.tables import slug

#: The blocks the build draws: name -> kind (``generated-figure`` or ``generated-table``).
GENERATED_NAMES = {
    "places-map": "figure",
    "places-table": "table",
    "literature-timeline": "figure",
    "timeline-list": "table",
}
#: Generated blocks that are data tables: they become elements (rows, CSV, labels, captions).
TABLE_BLOCKS = {"places-table"}
#: Priority of the buttons' treeprocessor and of the print copy's postprocessor: after every other one.
ACTIONS_PRIORITY = -10


@dataclass
class PageContext:
    """What the treeprocessor needs to know about the page being converted.

    Attributes:
        path: the page's source path for messages (``docs/policy.md``).
        numbers: ``{caption id: (kind, number, page)}`` of the whole site
            (:func:`review_site.captions.number_captions`).
        csv_hrefs: ``{table id: href of its CSV file relative to the page}``; only these tables get a
            CSV text and a download link.
        aliases: the page's front matter ``anchor_aliases`` (``{old id: new id}``), may be empty.
        draw: ``name -> HTML`` of a generated block (:data:`GENERATED_NAMES`); called only for the
            blocks the page asks for.
        address: the page's absolute URL (``"https://example.org/policy/"``) if the page gets copy-link
            and cite buttons (a page in the navigation), else None.
        section_items: ``{heading id: CSL item id}`` of the sections that can be cited (cite buttons).
    """

    path: str
    numbers: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)
    csv_hrefs: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping = field(default_factory=dict)
    draw: Callable[[str], str] | None = None
    address: str | None = None
    section_items: Mapping[str, str] = field(default_factory=dict)


@dataclass
class PageResult:
    """What the treeprocessor found on one page.

    Attributes:
        csvs: ``{table id: CSV text}`` of the tables listed in ``PageContext.csv_hrefs``.
        problems: ``"docs/page.md: message"`` lines (unknown block, caption without table, unknown
            cross-reference, bad alias); the build fails on them.
        printed: for a page with buttons (``PageContext.address``), its HTML as Python-Markdown gives
            it but without the copy-link and cite buttons (for the print view); else None.
    """

    csvs: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    printed: str | None = None


class PageTree(Extension):
    """The site's per-page tree work (module docstring); one instance for the whole build.

    Call :meth:`start_page` before each page's Markdown is converted and :meth:`finish_page`
    after; a conversion without a started page (e.g. another plugin's snippet) is left alone.
    """

    def __init__(self, **kwargs):
        self.context: PageContext | None = None
        self.result = PageResult()
        self.unbuttoned: etree.Element | None = None  # the tree before the buttons (the print copy)
        super().__init__(**kwargs)

    def start_page(self, context: PageContext | None) -> None:
        """Set the context (:class:`PageContext`) of the next page converted; ``None``: none."""
        self.context, self.result = context, PageResult()

    def finish_page(self) -> PageResult:
        """The result of the started page (:class:`PageResult`), and forget its context."""
        result, self.context, self.result, self.unbuttoned = self.result, None, PageResult(), None
        return result

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        # Priority 5 like toc and MkDocs' anchor extraction: after toc, before MkDocs (registration order).
        md.treeprocessors.register(_PageTreeprocessor(md, self), "review-site-page-tree", 5)
        # The buttons add no id: after MkDocs' link conversion (relpath, 0), so the print copy has its links.
        md.treeprocessors.register(_ActionsTreeprocessor(md, self), "review-site-page-actions", ACTIONS_PRIORITY)
        md.postprocessors.register(_PrintCopyPostprocessor(md, self), "review-site-print-copy", ACTIONS_PRIORITY)


class _PageTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: PageTree):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        context = self.extension.context
        if context is None:
            return
        result = self.extension.result = PageResult()
        stash = StashText(self.md)
        problems = result.problems
        figures = generated_blocks(root, self.md, context.draw, context.path, problems)
        try:
            apply_captions(root, context.numbers, figures)
        except ValueError as error:
            problems.append(f"{context.path}: {error}")
            return
        add_row_ids(root, stash)
        result.csvs = {anchor: text for anchor, text in table_csvs(root, stash).items() if anchor in context.csv_hrefs}
        add_csv_links(root, {anchor: context.csv_hrefs[anchor] for anchor in result.csvs})
        unknown = fill_cross_references(root, context.numbers, self.md)
        problems += [f"{context.path}: cross-reference to unknown table or figure '{anchor}'" for anchor in unknown]
        add_cell_labels(root, stash)
        try:
            apply_anchor_aliases(root, context.aliases)
        except ValueError as error:
            problems.append(f"{context.path}: front matter anchor_aliases: {error}")
        focusable_abbreviations(root)


class _ActionsTreeprocessor(Treeprocessor):
    """The copy-link and cite buttons of a page in the navigation, after a copy of the tree without them."""

    def __init__(self, md: Markdown, extension: PageTree):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        context = self.extension.context
        if context is None or context.address is None:
            return
        stash = StashText(self.md)
        if raw_items_to_tree(root, self.md):
            focusable_abbreviations(root)  # the new elements' abbreviations too
        self.extension.unbuttoned = copy.deepcopy(root)
        add_heading_actions(root, context.address, context.section_items, stash)
        add_item_links(root, context.address, stash)


class _PrintCopyPostprocessor(Postprocessor):
    """Serialise the copy of the tree without buttons as ``Markdown.convert`` does (top-level tags
    stripped, every other postprocessor run) into ``PageResult.printed``; the text passes unchanged."""

    def __init__(self, md: Markdown, extension: PageTree):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        tree = self.extension.unbuttoned
        if tree is None:
            return text
        output = self.md.serializer(tree)
        if self.md.stripTopLevelTags:
            start = output.find(f"<{self.md.doc_tag}>")
            end = output.rfind(f"</{self.md.doc_tag}>")
            output = output[start + len(self.md.doc_tag) + 2 : end].strip() if start >= 0 and end >= 0 else ""
        for processor in self.md.postprocessors:
            if processor is not self:
                output = processor.run(output)
        self.extension.result.printed = output.strip()
        self.extension.unbuttoned = None
        return text


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


def _strings(element: etree.Element, skip: Callable[[etree.Element], bool]) -> Iterator[str]:
    """The text nodes inside ``element`` in document order (its own tail excluded), leaving out the
    elements ``skip`` selects (their tails kept)."""
    if element.text:
        yield element.text
    for child in element:
        if not skip(child):
            yield from _strings(child, skip)
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
    strings = _strings(element, skip)
    return " ".join(separator.join(stash(text) for text in strings).split())


def _parents(root: etree.Element) -> dict[etree.Element, etree.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _remove(element: etree.Element, parent: etree.Element) -> None:
    """Remove ``element`` from ``parent``, keeping its tail text in place."""
    index = list(parent).index(element)
    if element.tail:
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _placeholder_index(paragraph: etree.Element) -> int | None:
    """The HTML-stash index of a paragraph that is only a raw HTML block's placeholder, else None."""
    if paragraph.tag != "p" or len(paragraph) or paragraph.attrib:
        return None
    match = util.HTML_PLACEHOLDER_RE.fullmatch((paragraph.text or "").strip())
    return int(match.group(1)) if match else None


def _generated_name(html: str) -> str | None:
    """``NAME`` of a raw HTML block ``<div class="generated-…" data-generate="NAME"></div>``, else None."""
    html = html.strip()
    if not html.startswith('<div class="generated-') or "data-generate=" not in html:
        return None
    block = lxml.html.fragment_fromstring(html)
    return block.get("data-generate") if block.tag == "div" and not len(block) else None


def generated_blocks(
    root: etree.Element, md: Markdown, draw: Callable[[str], str] | None, path: str, problems: list[str]
) -> set[etree.Element]:
    """Draw the generated blocks of a page (module docstring, step 1).

    Args:
        root: the page's tree. md: its Markdown instance (the HTML stash). draw: ``name -> HTML``.
        path: the page for messages. problems: unknown blocks are appended (``"docs/x.md: unknown
            generated block (known: …)"``).

    Returns:
        The placeholder paragraphs now standing for a drawn figure (``<div class="generated-figure">``),
        for :func:`apply_captions`.
    """
    figures = set()
    blocks = md.htmlStash.rawHtmlBlocks
    parents = None
    for paragraph in list(root.iter("p")):
        index = _placeholder_index(paragraph)
        if index is None or index >= len(blocks):
            continue
        name = _generated_name(str(blocks[index]))
        if name is None:
            continue
        if name not in GENERATED_NAMES or draw is None:
            known = ", ".join(GENERATED_NAMES)
            problems.append(f"{path}: unknown generated block (known: {known})")
            continue
        html = draw(name)
        if name not in TABLE_BLOCKS:
            blocks[index] = html
            if GENERATED_NAMES[name] == "figure":
                figures.add(paragraph)
            continue
        parents = parents or _parents(root)
        parent = parents[paragraph]
        table = etree.fromstring(html.strip())  # our own markup (escaped XHTML), as elements
        table.tail = paragraph.tail
        position = list(parent).index(paragraph)
        parent.remove(paragraph)
        parent.insert(position, table)
    return figures


def apply_captions(
    root: etree.Element, numbers: Mapping[str, tuple[str, int, str]], figures: set[etree.Element] = frozenset()
) -> None:
    """Turn the caption paragraphs of a page's tree into real captions (``review_site.captions``).

    Args:
        root: the page's tree (changed in place).
        numbers: the site-wide numbering from :func:`review_site.captions.number_captions`.
        figures: placeholder paragraphs standing for a drawn figure (:func:`generated_blocks`).

    Effects:
        Each ``<p id="tbl-…">Table: …</p>`` + ``<table>`` becomes
        ``<table id="tbl-…"><caption><span class="caption-label">Table N.</span> …</caption>…``
        (``data-ordered=""`` when the paragraph had class ``ordered``), and each
        ``<p id="fig-…">Figure: …</p>`` + image paragraph (or drawn figure) becomes
        ``<figure class="numbered-figure" id="fig-…"><img …><figcaption>Figure N. …</figcaption></figure>``;
        each caption ends with a ``¶`` permalink (``a.headerlink``) like the headings.
        Paragraphs whose id is not in ``numbers`` are unchanged.

    Raises:
        ValueError: a caption paragraph is not followed by a table (or image), naming its id.
    """
    parents = _parents(root)
    captions = [p for p in root.iter("p") if (p.get("id") or "").startswith(("tbl-", "fig-"))]
    for paragraph in captions:
        anchor = paragraph.get("id")
        kind, number, _ = numbers.get(anchor, (None, 0, ""))
        if kind is None:
            continue
        parent = parents[paragraph]
        siblings = list(parent)
        position = siblings.index(paragraph)
        target = siblings[position + 1] if position + 1 < len(siblings) else None
        label = etree.Element("span", {"class": "caption-label"})
        label.text = f"{kind} {number}."
        if kind == "Table":
            if target is None or target.tag != "table":
                raise ValueError(f"caption '{anchor}' is not followed by a table")
            caption = etree.Element("caption")
        else:
            caption = etree.Element("figcaption")
            target = _figure(anchor, target, parent, figures)
        text = (paragraph.text or "").lstrip()
        text = text[len(kind) + 1 :].lstrip() if text.startswith(f"{kind}:") else (paragraph.text or "")
        caption.append(label)
        label.tail = " " + text
        for child in list(paragraph):
            caption.append(child)
        permalink = etree.SubElement(
            caption,
            "a",
            {"class": "headerlink", "href": f"#{anchor}", "title": f"Permanent link to this {kind.lower()}"},
        )
        permalink.text = "¶"
        ordered = "ordered" in (paragraph.get("class") or "").split()
        _remove(paragraph, parent)
        target.set("id", anchor)
        if kind == "Table":
            if ordered:  # rows in a meaningful order: no sort buttons (docs/javascripts/tables.js)
                target.set("data-ordered", "")
            caption.tail, target.text = target.text, None
            target.insert(0, caption)
        else:
            target.append(caption)


def _figure(anchor: str, target: etree.Element | None, parent: etree.Element, figures) -> etree.Element:
    """Replace ``target`` (an image paragraph or a drawn figure) by ``<figure class="numbered-figure">``
    holding the image (with its link, if any) or the drawing; return the figure."""
    if target is None:
        raise ValueError(f"caption '{anchor}' is not followed by an image")
    if target in figures:  # a diagram drawn by the build (inline SVG), kept whole
        content = target
    else:
        image = next(target.iter("img"), None) if target.tag != "img" else None
        if image is None:
            raise ValueError(f"caption '{anchor}' is not followed by an image")
        holder = _parents(target)[image]
        content = holder if holder.tag == "a" else image
    figure = etree.Element("figure", {"class": "numbered-figure"})
    figure.tail, target.tail = target.tail, None
    position = list(parent).index(target)
    parent.remove(target)
    parent.insert(position, figure)
    content.tail = None
    figure.append(content)
    return figure


def _numbered_tables(root: etree.Element) -> list[etree.Element]:
    return [table for table in root.iter("table") if (table.get("id") or "").startswith("tbl-")]


def _body_rows(table: etree.Element) -> list[etree.Element]:
    return [row for body in table.findall("tbody") for row in body.findall("tr")]


def _cells(row: etree.Element) -> list[etree.Element]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def add_row_ids(root: etree.Element, stash: StashText) -> None:
    """Give every body row of each numbered table an id ``<table id>-<slug of its first cell>``.

    Args:
        root: the page's tree (changed in place). stash: reads placeholders (:class:`StashText`).

    Effects:
        ``id`` on each ``<tbody>`` row that has none (e.g. ``tbl-empirical-studies-sialkot-pakistan``;
        :func:`review_site.tables.slug` of the first cell's visible text); a repeated slug gets
        ``-2``, ``-3``. Header rows and rows that already have an id are unchanged.
    """
    for table in _numbered_tables(root):
        used: set[str] = set()
        for row in _body_rows(table):
            cells = _cells(row)
            if row.get("id") is not None or not cells:
                continue
            base = f"{table.get('id')}-{slug(visible_text(cells[0], stash))}"
            anchor, number = base, 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
            row.set("id", anchor)


def table_csvs(root: etree.Element, stash: StashText) -> dict[str, str]:
    """The cells of each numbered table as CSV.

    Args:
        root: the page's tree. stash: reads placeholders (:class:`StashText`).

    Returns:
        ``{table id: CSV text}``: the header row, then one line per body row, each cell's
        visible text (footnote numbers removed), CRLF line ends (RFC 4180).
    """
    out = {}
    for table in _numbered_tables(root):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for child in table:
            rows = [child] if child.tag == "tr" else child.findall("tr") if child.tag in ("thead", "tbody") else []
            for row in rows:
                writer.writerow([visible_text(cell, stash) for cell in _cells(row)])
        out[table.get("id")] = buffer.getvalue()
    return out


def add_csv_links(root: etree.Element, hrefs: Mapping[str, str]) -> None:
    """Add "Download this table as CSV" after each numbered table listed in ``hrefs``.

    Args:
        root: the page's tree (changed in place). hrefs: ``{table id: relative URL of its CSV file}``.

    Effects:
        ``<p class="table-download"><a download="" href=…>Download this table as CSV</a></p>``
        right after each such table.
    """
    parents = _parents(root)
    for table in _numbered_tables(root):
        href = hrefs.get(table.get("id"))
        if href is None:
            continue
        parent = parents[table]
        paragraph = etree.Element("p", {"class": "table-download"})
        link = etree.SubElement(paragraph, "a", {"href": href, "download": ""})
        link.text = "Download this table as CSV"
        paragraph.tail, table.tail = table.tail, None
        parent.insert(list(parent).index(table) + 1, paragraph)


def fill_cross_references(root: etree.Element, numbers: Mapping[str, tuple[str, int, str]], md: Markdown) -> list[str]:
    """Write "Table N" / "Figure N" into empty links to a table or figure.

    ``[](policy.md#tbl-empirical-studies)`` renders as an empty link; it becomes
    ``<a class="cross-reference" href=…>Table&nbsp;4</a>``, numbered as in the captions (site-wide,
    reading order).

    Args:
        root: the page's tree (changed in place). numbers: ``{id: (kind, number, page)}`` of the
            captions. md: the Markdown instance (the ``&nbsp;`` is stored in its HTML stash).

    Returns:
        The ids of empty links that name no table or figure (the caller fails the build on them).
    """
    unknown = []
    for link in root.iter("a"):
        href = link.get("href") or ""
        _, hash_mark, anchor = href.partition("#")
        if len(link) or (link.text or "").strip() or set(link.keys()) != {"href"} or not hash_mark:
            continue
        if not anchor.startswith(("tbl-", "fig-")):
            continue
        if anchor not in numbers:
            unknown.append(anchor)
            continue
        kind, number, _ = numbers[anchor]
        link.set("class", "cross-reference")
        link.text = f"{kind}{md.htmlStash.store('&nbsp;')}{number}"
    return unknown


def add_cell_labels(root: etree.Element, stash: StashText) -> None:
    """Label each body cell of a numbered table with its column header, for stacked rows.

    On narrow screens (``extra.css``) each row of a numbered table becomes a card in which every
    cell shows its column's header (``td::before { content: attr(data-label) }``), so no column
    sits off-screen and the caption stays whole above the table.

    Args:
        root: the page's tree (changed in place). stash: reads placeholders (:class:`StashText`).

    Effects:
        ``data-label="<header text>"`` on each body cell of ``table[id^=tbl-]`` that has a header
        row, and ``data-stack=""`` on the table; other tables are unchanged.
    """
    for table in _numbered_tables(root):
        headers = [
            visible_text(th, stash, " ", drop_noise=False)
            for thead in table.findall("thead")
            for tr in thead.findall("tr")
            for th in tr.findall("th")
        ]
        if not headers:
            continue
        table.set("data-stack", "")
        for row in _body_rows(table):
            for header, cell in zip(headers, _cells(row), strict=False):
                if header:
                    cell.set("data-label", header)


def apply_anchor_aliases(root: etree.Element, aliases: Mapping) -> None:
    """Keep renamed ids working: add an empty element with each old id at the new id's place.

    Args:
        root: a page's tree (changed in place).
        aliases: ``{old id: new id}`` from the page's ``anchor_aliases`` front matter.

    Effects:
        ``<span id="OLD" class="anchor-alias"></span>`` inserted as the first content of the
        element with id NEW (for a table, inside its caption; for a table row, inside its first
        cell; before the element if it has neither), where HTML allows a ``<span>``. Renaming a
        table also keeps its row anchors: each row ``NEW-x`` gets the alias ``OLD-x``.

    Raises:
        ValueError: an alias is not a pair of strings, the new id does not exist in the page,
            or the old id is still in use.
    """
    by_id = {element.get("id"): element for element in root.iter() if element.get("id") is not None}
    aliases = dict(aliases)
    rows = [row.get("id") for row in root.iter("tr") if row.get("id") is not None]
    for old, new in list(aliases.items()):
        if isinstance(old, str) and isinstance(new, str) and new in by_id and by_id[new].tag == "table":
            for row in rows:
                if row.startswith(f"{new}-") and len(row) > len(new) + 1:
                    aliases.setdefault(f"{old}-{row[len(new) + 1 :]}", row)
    parents = _parents(root)
    for old, new in aliases.items():
        if not isinstance(old, str) or not isinstance(new, str):
            raise ValueError(f"anchor alias {old!r}: {new!r} must map an old id to a new id")
        if old in by_id:
            raise ValueError(f"anchor alias '{old}': that id is still used in the page; remove the alias")
        target = by_id.get(new)
        if target is None:
            raise ValueError(f"anchor alias '{old}' -> '{new}': the page has no id '{new}'")
        span = etree.Element("span", {"id": old, "class": "anchor-alias"})
        by_id[old] = span
        inner = {"table": ("caption",), "tr": ("td", "th")}.get(target.tag)
        if inner:
            first = next((element for element in target.iter() if element.tag in inner), None)
            if first is None:  # before the element itself
                parent = parents[target]
                parent.insert(list(parent).index(target), span)
                continue
            target = first
        span.tail, target.text = target.text, None
        target.insert(0, span)


#: Elements inside which an ``<abbr>`` is focusable already (HTML forbids a focusable element in them).
_INTERACTIVE = ("a", "button", "summary")


def focusable_abbreviations(root: etree.Element, inside: bool = False) -> None:
    """Make each ``<abbr>`` reachable by keyboard, so its expansion shows on focus too.

    Args:
        root: a page's tree (changed in place). inside: ``root`` is inside a link, button or summary.

    Effects:
        ``tabindex="0"`` on every ``<abbr>`` without a ``tabindex`` that is not inside a link, button
        or summary (those are focusable already, and HTML forbids a focusable element inside them).
    """
    for child in root:
        if child.tag == "abbr" and not inside and child.get("tabindex") is None:
            child.set("tabindex", "0")
        focusable_abbreviations(child, inside or child.tag in _INTERACTIVE)


def _headerlink(element: etree.Element) -> bool:
    return element.tag == "a" and element.get("class") == "headerlink"


def _insert_after(parent: etree.Element, anchor: etree.Element | None, new: list[etree.Element]) -> None:
    """Insert ``new`` right after the child ``anchor`` of ``parent`` (before its tail text), or at the end."""
    if anchor is None:
        for element in new:
            parent.append(element)
        return
    position = list(parent).index(anchor) + 1
    new[-1].tail, anchor.tail = anchor.tail, None
    for offset, element in enumerate(new):
        parent.insert(position + offset, element)


def add_heading_actions(root: etree.Element, page_url: str, section_items: Mapping[str, str], stash: StashText) -> None:
    """Add a copy-link button to every H2/H3 and caption, and a cite button to cited sections.

    Args:
        root: a page's tree (changed in place; headings carry ``id`` and a ``headerlink``).
        page_url: the page's absolute URL, e.g. ``"https://example.org/growth/"``.
        section_items: ``{heading id: CSL item id}`` of the sections that can be cited.
        stash: reads placeholders (:class:`StashText`).

    Effects:
        The buttons (:func:`review_site.page_tools.copy_link_button`, :func:`~review_site.page_tools.cite_button`,
        named after the heading's or caption's text) right after each ``¶`` permalink (which keeps
        working); a heading without a permalink gets them at its end.
    """
    for element in list(root.iter()):
        if element.tag in ("h2", "h3") and element.get("id"):
            anchor = element.get("id")
            label = visible_text(element, stash, drop_noise=False, skip=_headerlink)
            buttons = [etree.fromstring(copy_link_button(f"{page_url}#{anchor}", label))]
            if anchor in section_items:
                buttons.append(etree.fromstring(cite_button(section_items[anchor], label)))
            permalink = next((child for child in element if _headerlink(child)), None)
            _insert_after(element, permalink, buttons)
        elif element.tag in ("caption", "figcaption") and not element.attrib:
            permalink = next((child for child in element if _headerlink(child)), None)
            if permalink is None or not (permalink.get("href") or "").startswith("#"):
                continue
            label = visible_text(element, stash, drop_noise=False, skip=_headerlink)
            button = etree.fromstring(copy_link_button(page_url + permalink.get("href"), label))
            _insert_after(element, permalink, [button])


def _is_item(element: etree.Element, parents: Mapping[etree.Element, etree.Element]) -> bool:
    """An addressable item: ``table[id^=tbl-] > tbody > tr[id]``, ``dt[id]``, ``div.csl-entry[id^=ref-]``."""
    anchor = element.get("id")
    if anchor is None:
        return False
    if element.tag == "tr":
        body = parents.get(element)
        table = parents.get(body) if body is not None else None
        return (
            body is not None and body.tag == "tbody" and table is not None and table.tag == "table" and _numbered(table)
        )
    if element.tag == "dt":
        return True
    return element.tag == "div" and "csl-entry" in (element.get("class") or "").split() and anchor.startswith("ref-")


def _numbered(table: etree.Element) -> bool:
    return (table.get("id") or "").startswith("tbl-")


def item_labels(root: etree.Element, stash: StashText) -> list[tuple[str, str]]:
    """The addressable items of a page's tree, in page order.

    Args:
        root: a page's tree. stash: reads placeholders (:class:`StashText`).

    Returns:
        ``[(id, label), …]``: each body row of a numbered table (label: its first cell's text), each
        glossary term (``dt[id]``: the term) and each bibliography entry (``div.csl-entry[id^=ref-]``:
        the entry's text); texts without buttons, ``¶`` permalinks and footnote numbers.
    """
    parents = _parents(root)
    items = []
    for element in root.iter():
        if _is_item(element, parents):
            first = (
                next((cell for cell in element.iter() if cell.tag in ("td", "th")), None)
                if element.tag == "tr"
                else element
            )
            items.append((element.get("id"), visible_text(first, stash, " ") if first is not None else ""))
    return items


def add_item_links(root: etree.Element, page_url: str, stash: StashText) -> None:
    """Add a copy-link button to each table row, glossary term and bibliography entry.

    Args:
        root: a page's tree (changed in place; rows carry their ids, :func:`add_row_ids`).
        page_url: the page's absolute URL, e.g. ``"https://example.org/policy/"``.
        stash: reads placeholders (:class:`StashText`).

    Effects:
        ``<button class="heading-action copy-link item-link" …>`` at the end of each row's first cell,
        of each ``dt`` and of each entry; the button copies ``page_url#id`` and is named
        "Copy link to “Table N row …”" (a row: the table's number, the first cell's text cut at 60
        characters), "Copy link to “term”" or "Copy link to “entry”" (cut at 80 characters).
        Items without an id are unchanged.
    """
    labels = dict(item_labels(root, stash))
    parents = _parents(root)
    for element in [element for element in root.iter() if _is_item(element, parents)]:
        anchor = element.get("id")
        label = labels.get(anchor, anchor)
        target = element
        if element.tag == "tr":
            table = parents[parents[element]]
            caption = next(table.iter("caption"), None)
            number_label = (
                next((e for e in caption.iter() if "caption-label" in (e.get("class") or "").split()), None)
                if caption is not None
                else None
            )
            number = (
                "".join(_strings(number_label, lambda child: False)).rstrip(".")
                if number_label is not None
                else table.get("id")
            )
            label = f"{number} row {label[:60]}"
            target = next((cell for cell in element.iter() if cell.tag in ("td", "th")), None)
        elif element.tag != "dt":
            label = label[:80]
        if target is None:
            continue
        button = etree.fromstring(copy_link_button(f"{page_url}#{anchor}", label))
        button.set("class", button.get("class") + " item-link")
        target.append(button)


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
        index = _placeholder_index(paragraph)
        if index is None or index >= len(blocks) or 'class="csl-entry"' not in str(blocks[index]):
            continue
        parents = parents or _parents(root)
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
