"""``python -m review_site.geo countries-110m.json``: print the converted basemap JSON (:func:`review_site.geo.basemap.main`)."""

import sys

from review_site.geo.basemap import main

raise SystemExit(main(sys.argv[1:]))
