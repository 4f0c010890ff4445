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
4. puts the old ids of front matter ``anchor_aliases`` at the new places (:func:`apply_anchor_aliases`) and
   keeps the ids of ``moved_anchors`` on the page (:func:`add_moved_anchors`);
5. makes abbreviations focusable (:func:`focusable_abbreviations`).

A second treeprocessor (priority :data:`ACTIONS_PRIORITY`, after MkDocs' link conversion ``relpath``,
0) works on pages in the navigation: it makes the raw HTML of the full bibliography elements
(:func:`raw_items_to_tree`; MkDocs has read its ids from the raw HTML already), keeps a copy of the
tree, then adds the copy-link and cite buttons of headings and captions (:func:`add_heading_actions`)
and of table rows, glossary terms and bibliography entries (:func:`add_item_links`). A postprocessor
(last) serialises the copy as Python-Markdown serialises the page: the page without buttons, for the
print view (``PageResult.printed``).

The steps live by job in :mod:`review_site.tree_tables` (1–3), :mod:`review_site.tree_actions` (4, 5
and the buttons) and :mod:`review_site.tree_html` (reading the tree and the HTML stash); this module
holds the extension, its context and result, and the order of the steps.

The page's context comes from the build through :meth:`PageTree.start_page` (before Markdown) and
its results (CSV texts, print copy, problems) go back through :meth:`PageTree.finish_page`. Pure
Python-Markdown and ElementTree: no MkDocs types, no regular expressions over HTML. Text inside
the tree may hold HTML-stash placeholders (entities such as smarty's ``&rsquo;``, inline raw
HTML); :func:`visible_text` reads them as the browser would show them.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from review_site.tree_actions import (
    add_heading_actions,
    add_item_links,
    add_moved_anchors,
    apply_anchor_aliases,
    focusable_abbreviations,
)
from review_site.tree_html import StashText, raw_items_to_tree, replace_raw_blocks, tree_ids, visible_text
from review_site.tree_tables import (
    GENERATED_NAMES,
    TABLE_BLOCKS,
    add_cell_labels,
    add_csv_links,
    add_row_ids,
    apply_captions,
    fill_cross_references,
    generated_blocks,
    table_csvs,
)

__all__ = [  # the steps, importable from here (tests, docs)
    "GENERATED_NAMES",
    "TABLE_BLOCKS",
    "StashText",
    "add_cell_labels",
    "add_csv_links",
    "add_heading_actions",
    "add_item_links",
    "add_row_ids",
    "add_moved_anchors",
    "apply_anchor_aliases",
    "apply_captions",
    "fill_cross_references",
    "focusable_abbreviations",
    "generated_blocks",
    "raw_items_to_tree",
    "table_csvs",
    "visible_text",
    "PageContext",
    "PageResult",
    "PageTree",
]

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
        moved: ``{old id: "href#new"}`` of the page's ``moved_anchors`` (:func:`review_site.anchors.resolve_moves`).
        keep_ids: collect the page's ids into ``PageResult.ids`` (a page other pages' ``moved_anchors`` point to).
        blocks: ``{raw HTML block as written: HTML}`` put in its place unparsed (the print view and the link
            index, made from other pages: :func:`review_site.tree_html.replace_raw_blocks`).
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
    moved: Mapping[str, str] = field(default_factory=dict)
    blocks: Mapping[str, str] = field(default_factory=dict)
    keep_ids: bool = False
    draw: Callable[[str], str] | None = None
    address: str | None = None
    section_items: Mapping[str, str] = field(default_factory=dict)


@dataclass
class PageResult:
    """What the treeprocessor found on one page.

    Attributes:
        csvs: ``{table id: CSV text}`` of the tables listed in ``PageContext.csv_hrefs``.
        ids: with ``PageContext.keep_ids``, every id of the page as MkDocs collects it (the tree's and its
            raw HTML blocks'), before the buttons; else empty.
        problems: ``"docs/page.md: message"`` lines (unknown block, caption without table, unknown
            cross-reference, bad alias); the build fails on them.
        printed: for a page with buttons (``PageContext.address``), its HTML as Python-Markdown gives
            it but without the copy-link and cite buttons (for the print view); else None.
    """

    ids: set[str] = field(default_factory=set)
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


class _Step:
    """One pass of the extension (a Python-Markdown processor) reading and writing its page state."""

    def __init__(self, md: Markdown, extension: PageTree):
        super().__init__(md)
        self.extension = extension


class _PageTreeprocessor(_Step, Treeprocessor):
    """The main pass (module docstring): generated blocks, captions, tables, cross-references, aliases."""

    def run(self, root: etree.Element) -> None:
        context = self.extension.context
        if context is None:
            return
        result = self.extension.result = PageResult()
        stash = StashText(self.md)
        problems = result.problems
        replace_raw_blocks(self.md, context.blocks)
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
        add_moved_anchors(root, context.moved)
        if context.keep_ids:  # parsing the raw HTML for ids is only worth it for a page anchors moved to
            result.ids = tree_ids(root, self.md)
        focusable_abbreviations(root)


class _ActionsTreeprocessor(_Step, Treeprocessor):
    """The copy-link and cite buttons of a page in the navigation, after a copy of the tree without them."""

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


class _PrintCopyPostprocessor(_Step, Postprocessor):
    """Serialise the copy of the tree without buttons as ``Markdown.convert`` does (top-level tags
    stripped, every other postprocessor run) into ``PageResult.printed``; the text passes unchanged."""

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
