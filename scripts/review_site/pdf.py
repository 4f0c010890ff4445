"""The PDF of the whole review: Chromium prints the built print page (``/print/``) to A4.

``make build`` runs ``python -m review_site.pdf site.tmp`` after the strict build and publishes
the site only when this succeeds, so every published site holds ``industrial-clusters-review.pdf``
(:data:`PDF_NAME`). It runs after the build, not inside it, so that ``make serve`` stays fast and
``mkdocs build`` needs no browser; the hook links the PDF from every page and names it in
``citation_pdf_url``, and this step checks those links (the build's link checker skips them,
since the file does not exist yet while it runs).

What it does:

1. serves the built folder on 127.0.0.1 (:func:`review_site.server.serve`) and opens its print
   page (``print/index.html``, or ``print.html`` in the offline copy) in Chromium
   (:func:`review_site.browser.find_chromium`), in the light scheme;
2. prints it to A4 with Chromium's own header (the review's title) and footer (its address and
   "page N of M") on every sheet: the title page (edition, date, address, "Cite as") comes from
   the print page itself (``review_site.print_view.title_page_html``);
3. checks that every HTML page that links to the PDF links to this file, and that every page
   but the print page and the 404 page does link to it.

No MkDocs import. Errors: :class:`PdfError` with a message saying what is wrong and how to fix it;
``main`` prints it and returns 1 (no traceback).
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from review_site.browser import CHROMIUM_ARGS, BrowserNotFound, find_chromium
from review_site.project import PDF_NAME  # noqa: F401 (also named here, where it is printed)
from review_site.server import serve

#: Sheet size and margins (CSS lengths); the header and footer sit in the top and bottom margins.
PAGE_FORMAT = "A4"
MARGINS = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
#: Pages that do not link to the PDF: the print page is its source; 404.html is not a page of the review.
UNLINKED = ("print/index.html", "print.html", "404.html")
_HEADER = '<div style="font-size:8px;width:100%;text-align:center;color:#444">{title}</div>'
_FOOTER = (
    '<div style="font-size:8px;width:100%;display:flex;justify-content:space-between;margin:0 16mm;color:#444">'
    '<span>{address}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span>'
    "</span></div>"
)


class PdfError(RuntimeError):
    """The PDF could not be made or its links are wrong; the message says why."""


def print_page(site: Path) -> str:
    """The print page's path in ``site`` (``"print/index.html"`` or, offline, ``"print.html"``).

    Raises:
        PdfError: the site has no print page.
    """
    for path in ("print/index.html", "print.html"):
        if (site / path).is_file():
            return path
    raise PdfError(f"{site}: no print page (print/index.html): build the site first (`make build`)")


def make_pdf(site: Path, title: str, address: str) -> Path:
    """Print the site's print page to ``site/PDF_NAME`` with Chromium.

    Args:
        site: a built site folder. title: printed at the top of every sheet.
        address: the site's public address, printed at the bottom of every sheet.

    Returns:
        The PDF's path.

    Raises:
        PdfError: no Chromium (with how to install one), or no print page.
    """
    from playwright.sync_api import sync_playwright

    site = Path(site)
    page_path = print_page(site)
    try:
        executable = find_chromium()
    except BrowserNotFound as error:
        raise PdfError(f"the PDF of the review needs Chromium: {error}") from error
    target = site / PDF_NAME
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=list(CHROMIUM_ARGS))
        try:
            tab = browser.new_context(color_scheme="light").new_page()
            tab.goto(base + page_path.removesuffix("index.html"), wait_until="load")
            tab.emulate_media(media="print", color_scheme="light")
            tab.evaluate("title => { document.title = title; }", title)  # the PDF's Title field
            target.write_bytes(
                tab.pdf(
                    format=PAGE_FORMAT,
                    margin=MARGINS,
                    print_background=True,
                    display_header_footer=True,
                    header_template=_HEADER.format(title=escape(title)),
                    footer_template=_FOOTER.format(address=escape(address)),
                )
            )
        finally:
            browser.close()
    return target


def pdf_link_problems(site: Path) -> list[str]:
    """Pages of ``site`` whose link to the PDF is missing or leads elsewhere.

    Returns:
        One ``"<page>: …"`` line per problem; empty when every page but :data:`UNLINKED` has a
        link (``a[href]`` ending in :data:`PDF_NAME`) that resolves to ``site/PDF_NAME``.
    """
    site = Path(site)
    problems = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        root = lxml.html.fromstring(path.read_bytes())
        hrefs = [href for href in root.xpath("//a/@href") if urlsplit(href).path.endswith(PDF_NAME)]
        if not hrefs:
            is_redirect = root.xpath("//meta[@http-equiv='refresh']")
            if relative not in UNLINKED and not is_redirect:
                problems.append(f"{relative}: no link to {PDF_NAME}")
            continue
        for href in hrefs:
            resolved = unquote(urlsplit(urljoin("/" + relative, href)).path)
            if resolved != "/" + PDF_NAME:
                problems.append(f"{relative}: link {href!r} leads to {resolved}, not /{PDF_NAME}")
    return problems


def main(argv: list[str]) -> int:
    """``python -m review_site.pdf SITE [TITLE ADDRESS]``: print the PDF into SITE and check the links.

    TITLE and ADDRESS default to those on the print page's title page. Exit status 0, or 1 with
    the problem on stderr.
    """
    if not argv:
        sys.stderr.write("usage: python -m review_site.pdf SITE_DIR [TITLE ADDRESS]\n")
        return 2
    site = Path(argv[0])
    try:
        if len(argv) >= 3:
            title, address = argv[1], argv[2]
        else:
            root = lxml.html.fromstring((site / print_page(site)).read_bytes())
            title = " ".join(root.xpath("string(//*[@class='print-view__site-title'])").split())
            address = " ".join(root.xpath("string(//*[@class='print-view__address']/a)").split())
        target = make_pdf(site, title, address)
        problems = pdf_link_problems(site)
    except PdfError as error:
        sys.stderr.write(f"make pdf: {error}\n")
        return 1
    if problems:
        sys.stderr.write("make pdf: links to the PDF are wrong:\n" + "\n".join(problems) + "\n")
        return 1
    print(f"PDF of the review printed: {PDF_NAME} ({target.stat().st_size // 1024} KB), linked from every page")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
