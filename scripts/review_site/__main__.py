"""``python -m review_site COMMAND …``: the project's command-line tools in one place.

Commands (each also runs as ``python -m review_site.MODULE``, as before):

- ``toolchain``: refuse a pre-release or 2.x MkDocs (the set-up runs it; :mod:`review_site.toolchain`).
- ``browser``: find or install the Chromium of the PDF and the browser tests (:mod:`review_site.browser`).
- ``pdf SITE``: print a built site's print page to its PDF (:mod:`review_site.pdf`).
- ``links-lock SITE LOCK``: add a built site's addresses to ``links.lock`` (:mod:`review_site.links`).
- ``citation-cff [mkdocs.yml]``: print CITATION.cff for the site (:mod:`review_site.cite`).
- ``basemap countries-110m.json``: convert a world-atlas TopoJSON to the map's basemap (:mod:`review_site.geo`).

Exit status: the command's (0 success, 1 failure with a message, 2 usage error).
"""

from __future__ import annotations

import importlib
import sys

#: command -> (module, whether its ``main`` takes the remaining arguments)
COMMANDS = {
    "toolchain": ("review_site.toolchain", False),
    "browser": ("review_site.browser", False),
    "pdf": ("review_site.pdf", True),
    "links-lock": ("review_site.links", True),
    "citation-cff": ("review_site.cite", True),
    "basemap": ("review_site.geo", True),
}


def main(argv: list[str]) -> int:
    """Run ``argv[0]`` with the remaining arguments; print the commands on ``-h`` or an unknown one."""
    if not argv or argv[0] not in COMMANDS:
        print(
            __doc__.split("\n\nExit status")[0],
            file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout,
        )
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module, takes_arguments = COMMANDS[argv[0]]
    run = importlib.import_module(module).main
    if not takes_arguments and argv[1:]:
        print(f"usage: python -m review_site {argv[0]} (no arguments)", file=sys.stderr)
        return 2
    return run(argv[1:]) if takes_arguments else run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
