"""What a page tells reference managers, link previews and search engines, and the public address.

- :func:`head_html`: the ``<head>`` metadata of one page: Highwire Press ``citation_*`` tags
  (Google Scholar, https://scholar.google.com/intl/en/scholar/inclusion.html#indexing), Open Graph
  (https://ogp.me/), a Twitter/X card (``summary_large_image``) and schema.org JSON-LD
  (https://schema.org/WebPage). Zotero's "Embedded Metadata" translator reads the first two: with
  ``og:type`` ``website`` and no ``citation_journal_title`` it saves a **Web Page** whose
  "Website Title" is ``og:site_name``; no ``citation_author`` is written, because the site's
  ``extra.citation.author`` is a collective label that Zotero would split into a fake person.
- :func:`coins_html`: COinS (OpenURL 1.0 KEV ContextObjects in ``<span class="Z3988">``,
  https://web.archive.org/web/2017/http://ocoins.info/) for a list of CSL-JSON works, so Zotero
  offers every work of the References page to save at once.
- :func:`card_png`: the 1200 × 630 preview image of a page, drawn with Pillow and its bundled
  font (no network, no system font).
- :func:`is_preview_address` / :func:`address_problem`: the default address
  ``http://127.0.0.1:8000/`` must never be published.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from urllib.parse import quote, urlsplit
from .exports import plain_item
from .cite import SiteCitation

#: Hosts of a local preview; a site built for one of them must not be published.
PREVIEW_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0", "::1")
#: The size of link-preview images (Open Graph's recommended 1.91:1), in pixels.
CARD_SIZE = (1200, 630)
#: SPDX licence id -> licence URL, for schema.org ``license``.
LICENSE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


def is_preview_address(url: str) -> bool:
    """Whether ``url`` (``str``) is a local preview address (host in :data:`PREVIEW_HOSTS`) or empty."""
    host = (urlsplit(url).hostname or "") if url else ""
    return not host or host in PREVIEW_HOSTS


def address_problem(url: str, publishing: bool) -> str | None:
    """The message that stops a publishing build with a preview address, else ``None``.

    Args:
        url: the build's ``site_url``. publishing: whether the build is meant to be published
            (``mkdocs gh-deploy``, ``make deploy``, ``make offline``).

    Returns:
        ``None`` when the address is public or the build is a preview; otherwise the message.
    """
    if publishing and is_preview_address(url):
        return (
            f"site_url is the local preview address {url or '(empty)'}: every canonical link, "
            "citation and preview tag would point there. Set the public address, e.g. "
            "SITE_URL=https://example.github.io/clusters/ make deploy"
        )
    return None


@dataclass(frozen=True)
class PageMetadata:
    """One page as reference managers and link previews see it.

    Attributes:
        title: the page's display title (``str``). citation_title: the same in sentence case.
        description: the page's front-matter description (≤ 160 characters).
        url: the page's absolute public URL. image_url: absolute URL of its 1200×630 card.
        image_alt: the card's text alternative. issued: last revision (``date``).
        first: first publication (``date`` or ``None`` without git history).
        page_type: schema.org type of the page (``WebPage``, ``CollectionPage``, ``AboutPage``).
        references: ``citation_reference`` contents of the works it cites.
        extra: more ``(name, content)`` meta tags, e.g. ``("citation_pdf_url", url)`` for the PDF.
    """

    title: str
    citation_title: str
    description: str
    url: str
    image_url: str
    image_alt: str
    issued: date
    first: date | None = None
    page_type: str = "WebPage"
    references: Sequence[str] = field(default_factory=tuple)
    extra: Sequence[tuple[str, str]] = field(default_factory=tuple)


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">\n'


def json_ld(page: PageMetadata, site: SiteCitation, description: str = "") -> dict:
    """The schema.org description of the page and the site it belongs to (JSON-LD ``@graph``).

    Args:
        page: the page. site: the site's citation metadata (``extra.citation``, review_site.cite).
        description: the site's description (``site_description``), if any.

    Returns:
        A ``dict`` with ``@context`` ``https://schema.org`` and a ``@graph`` of a ``WebSite``
        (the review: name, url, publisher, version, license) and the page (``WebPage`` or a
        subtype: name, headline, description, url, dates, image, ``isPartOf`` the site).
    """
    publisher = {"@type": "Organization", "name": site.publisher}
    license_url = LICENSE_URLS.get(site.license, site.license)
    website = {
        "@type": "WebSite",
        "@id": site.url + "#website",
        "name": site.title,
        "url": site.url,
        "inLanguage": "en",
        "publisher": publisher,
        "version": site.version,
        "datePublished": site.released.isoformat(),
        "license": license_url,
    }
    if description:
        website["description"] = description
    webpage = {
        "@type": page.page_type,
        "@id": page.url,
        "url": page.url,
        "name": page.title,
        "headline": page.title,
        "description": page.description,
        "inLanguage": "en",
        "isPartOf": {"@id": site.url + "#website"},
        "publisher": publisher,
        "license": license_url,
        "dateModified": page.issued.isoformat(),
        "datePublished": (page.first or page.issued).isoformat(),
        "image": {"@type": "ImageObject", "url": page.image_url, "width": CARD_SIZE[0], "height": CARD_SIZE[1]},
    }
    return {"@context": "https://schema.org", "@graph": [website, webpage]}


def head_html(page: PageMetadata, site: SiteCitation, description: str = "") -> str:
    """The metadata a page adds to its ``<head>``: ``citation_*``, Open Graph, Twitter card, JSON-LD.

    Args:
        page: the page (:class:`PageMetadata`). site: the site (:class:`~review_site.cite.SiteCitation`).
        description: the site's description (``site_description``), for its JSON-LD.

    Returns:
        HTML text: ``<meta>`` elements and one ``<script type="application/ld+json">``
        (``</`` escaped so the JSON cannot close the script).
    """
    tags = [
        ("name", "citation_title", page.citation_title),
        ("name", "citation_publication_date", page.issued.strftime("%Y/%m/%d")),
        ("name", "citation_online_date", (page.first or page.issued).strftime("%Y/%m/%d")),
        ("name", "citation_language", "en"),
        ("name", "citation_public_url", page.url),
        ("name", "citation_abstract_html_url", page.url),
    ]
    tags += [("name", "citation_reference", reference) for reference in page.references]
    tags += [("name", name, content) for name, content in page.extra]
    tags += [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site.title),
        ("property", "og:title", page.title),
        ("property", "og:description", page.description),
        ("property", "og:url", page.url),
        ("property", "og:locale", "en_GB"),
        ("property", "og:image", page.image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(CARD_SIZE[0])),
        ("property", "og:image:height", str(CARD_SIZE[1])),
        ("property", "og:image:alt", page.image_alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", page.title),
        ("name", "twitter:description", page.description),
        ("name", "twitter:image", page.image_url),
        ("name", "twitter:image:alt", page.image_alt),
    ]
    data = json.dumps(json_ld(page, site, description), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return "".join(_meta(*tag) for tag in tags) + f'<script type="application/ld+json">{data}</script>\n'


def _year(item: Mapping) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return "-".join(f"{int(part):02d}" if index else str(part) for index, part in enumerate(parts[0]))


def _name(person: Mapping) -> str:
    if "literal" in person:
        return str(person["literal"])
    family = " ".join(filter(None, [person.get("non-dropping-particle", ""), person.get("family", "")]))
    return f"{family}, {person['given']}" if person.get("given") else family


def context_object(item: Mapping) -> str:
    """The OpenURL 1.0 KEV ContextObject (COinS ``title``) of one CSL-JSON work.

    Journal articles use the journal format (``rft.atitle``, ``rft.jtitle``, volume, issue,
    pages); books, chapters, reports and conference papers the book format with ``rft.genre``
    ``book``/``bookitem``/``report``/``proceeding``; anything else the book format with genre
    ``document``. Authors are ``rft.au`` ("Family, Given"; Zotero's COinS reader keeps the
    split), a corporate author (CSL ``literal``) ``rft.aulast`` alone: one name, never split into a
    person (Zotero's reader drops ``rft.aucorp``, and splits a plain ``rft.au`` at its last space); a work with editors only lists them as ``rft.au`` too, so it is not saved without
    names. DOI and URL become ``rft_id``.

    Args:
        item: a CSL-JSON item (pandoc's ``csljson`` of the .bib file).

    Returns:
        The ``&``-joined, percent-encoded key-value string (``str``).
    """
    item = plain_item(item)  # plain text: no CSL-JSON nocase spans
    kind = item.get("type", "")
    pairs = [("ctx_ver", "Z39.88-2004"), ("rfr_id", "info:sid/industrial-clusters-review")]
    title, container = item.get("title", ""), item.get("container-title", "")
    if kind == "article-journal":
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
            ("rft.genre", "article"),
            ("rft.atitle", title),
            ("rft.jtitle", container),
        ]
    else:
        genre = {"book": "book", "chapter": "bookitem", "report": "report", "paper-conference": "proceeding"}.get(
            kind, "document"
        )
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if genre in ("bookitem", "proceeding"):
            pairs += [("rft.atitle", title), ("rft.btitle", container)]
        else:
            pairs += [("rft.btitle", title), ("rft.title", title)] if genre != "document" else [("rft.title", title)]
        pairs += [("rft.series", item.get("collection-title", "") or item.get("genre", ""))]
        pairs += [
            ("rft.pub", item.get("publisher", "")),
            ("rft.place", item.get("publisher-place", "")),
            ("rft.edition", str(item.get("edition", ""))),
        ]
    people = item.get("author") or item.get("editor") or []
    pairs += [("rft.aulast" if "literal" in person else "rft.au", _name(person)) for person in people]
    pairs += [
        ("rft.date", _year(item)),
        ("rft.volume", str(item.get("volume", ""))),
        ("rft.issue", str(item.get("issue", ""))),
        ("rft.pages", str(item.get("page", ""))),
        ("rft.isbn", str(item.get("ISBN", ""))),
        ("rft.issn", str(item.get("ISSN", ""))),
    ]
    if item.get("DOI"):
        pairs.append(("rft_id", "info:doi/" + item["DOI"]))
    if item.get("URL"):
        pairs.append(("rft_id", item["URL"]))
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs if value)


def coins_html(items: Iterable[Mapping]) -> str:
    """One empty ``<span class="Z3988" title="…">`` per work (COinS), in a block without layout.

    Args:
        items: CSL-JSON items, e.g. every work of ``references.json``.

    Returns:
        ``<div class="coins">…</div>`` (``str``); Zotero's Connector and translation-server
        offer each span as one item to save.
    """
    spans = "".join(f'<span class="Z3988" title="{escape(context_object(item))}"></span>' for item in items)
    return f'<div class="coins" hidden>{spans}</div>'


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Lines of ``text`` that fit ``width`` pixels in ``font``."""
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def card_png(
    title: str,
    description: str,
    site_title: str,
    host: str,
    world: tuple[Sequence[Sequence[tuple[float, float]]], Sequence[tuple[float, float]]] | None = None,
) -> bytes:
    """The link-preview image of a page: 1200 × 630 PNG, title and description on an indigo card.

    With ``world`` (land rings and places, each point ``(lon, lat)`` in degrees) the card shows
    the world in the Equal Earth projection behind the text, each place as an amber dot (the
    map of *Places in the Review*).

    Drawn with Pillow and the font it bundles (``ImageFont.load_default(size)``: Aileron
    Regular, https://dotcolon.net/fonts/aileron, CC0), so the build needs neither network nor a system font.

    Args:
        title: the page title (large). description: one or two lines under it (cut with "…").
        site_title: the site's name (top). host: the public host shown at the bottom.

    Returns:
        The PNG file's bytes.
    """
    from PIL import Image, ImageDraw, ImageFont

    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, "#283593")  # Material indigo 800: white text passes WCAG AAA
    draw = ImageDraw.Draw(image)
    if world is not None:
        _draw_world(draw, *world)
    draw.rectangle([0, height - 18, width, height], fill="#7986cb")
    small, body = ImageFont.load_default(size=34), ImageFont.load_default(size=36)
    draw.text((80, 64), site_title, font=small, fill="#c5cae9", stroke_width=3, stroke_fill="#283593")
    size = 84
    while True:
        font = ImageFont.load_default(size=size)
        lines = _wrap(draw, title, font, width - 160)
        if len(lines) <= 3 or size <= 48:
            break
        size -= 6
    y = 150
    for line in lines[:3]:
        draw.text((80, y), line, font=font, fill="#ffffff", stroke_width=3, stroke_fill="#283593")
        y += int(size * 1.18)
    y += 24
    text_lines = _wrap(draw, description, body, width - 160)
    for index, line in enumerate(text_lines[:3]):
        if index == 2 and len(text_lines) > 3:
            line = line.rsplit(" ", 1)[0] + " …"
        draw.text((80, y), line, font=body, fill="#e8eaf6", stroke_width=3, stroke_fill="#283593")
        y += 48
    draw.text((80, height - 80), host, font=small, fill="#c5cae9", stroke_width=3, stroke_fill="#283593")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_world(draw, land: Sequence[Sequence[tuple[float, float]]], places: Sequence[tuple[float, float]]) -> None:
    """Land (a lighter indigo) and places (amber dots) over the whole card, Equal Earth projection."""
    from .geo import equal_earth

    width, height = CARD_SIZE
    scale = 205.0  # pixels per Earth radius: the land from 85° N to 60° S fits the card's height

    def screen(lon: float, lat: float) -> tuple[float, float]:
        x, y = equal_earth(lon, lat)
        return width / 2 + x * scale, 300 - y * scale

    for ring in land:
        if len(ring) >= 3:
            draw.polygon([screen(lon, lat) for lon, lat in ring], fill="#3949ab")
    for lon, lat in places:
        x, y = screen(lon, lat)
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill="#ffca28", outline="#283593")
