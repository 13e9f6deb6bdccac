#!/usr/bin/env python3
"""Checks the shipped polygons: one clean coverage, and every gazetteer point in its own
province.

Prints Markdown for README.md: whether provinces and neighbours meet without gaps or
overlaps, whether Cambodia's outline equals the provinces dissolved, how far the shipped
outlines stray from the source; then, for each point of zones.csv and each seat of
provinces.csv, the province holding it in the shipped and in the source polygons, and its
distance to its own province's outline (positive inside, negative outside). Exits 1 if the
coverage is broken or a point lies outside its own province by more than MAX_OUTSIDE_KM.
"""
import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point, shape

# A border crossing sits on the border, so up to this far outside is accepted.
MAX_OUTSIDE_KM = 2.0


def load(path, key):
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"][key]: shape(f["geometry"]) for f in data["features"]}


def km_to_border(point, polygon):
    """Distance from point to the polygon's outline in km, positive inside. Local
    equirectangular scaling around the point: within 0.5% at Cambodia's latitudes."""
    sx = 111.32 * math.cos(math.radians(point.y))
    sy = 110.57

    def scaled(g):
        return shapely.transform(g, lambda c: (c - (point.x, point.y)) * (sx, sy))

    d = scaled(polygon.boundary).distance(Point(0, 0))
    return d if polygon.contains(point) else -d


def check_coverage(provinces, countries):
    """Provinces and neighbours as one coverage (no gap, no overlap, shared borders with
    the same vertices), and the Cambodia feature equal to the provinces dissolved."""
    neighbours = [g for a2, g in countries.items() if a2 != "KH"]
    polygons = np.array(list(provinces.values()) + neighbours)
    clean = shapely.coverage_is_valid(polygons)
    # A gap on land shows as a hole in the union of everything (GEOS's gap_width check
    # would also flag every narrow bay of the coast).
    holes = sum(len(p.interiors) for p in shapely.get_parts(shapely.coverage_union_all(polygons)))
    dissolved = shapely.coverage_union_all(list(provinces.values()))
    difference = shapely.symmetric_difference(dissolved, countries["KH"]).area
    print(f"- provinces and neighbouring countries form one clean coverage (no overlap, "
          f"shared borders with the same vertices): {clean}")
    print(f"- holes (gaps on land) in the union of provinces and neighbours: {holes}")
    print(f"- area between Cambodia's outline and the provinces dissolved: {difference:g} sq deg")
    return clean and holes == 0 and difference == 0


def hausdorff_km(a, b):
    """Hausdorff distance between two outlines in km (scaled at their mean latitude)."""
    lat = (a.bounds[1] + a.bounds[3]) / 2
    scale = (111.32 * math.cos(math.radians(lat)), 110.57)

    def scaled(g):
        return shapely.transform(g.boundary, lambda c: c * scale)

    return shapely.hausdorff_distance(scaled(a), scaled(b), densify=0.25)


def holder(point, polygons):
    return next((key for key, g in polygons.items() if g.contains(point)), "-")


def points(gazetteer):
    by_iso = {}
    with open(gazetteer / "provinces.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_iso[row["iso_3166_2"]] = row["id"]
            yield f"{row['id']} (seat: {row['seat']})", row["id"], row["lat"], row["lon"]
    with open(gazetteer / "zones.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield f"{row['id']} ({row['kind']})", row["province"], row["lat"], row["lon"]


def main():
    here = Path(__file__).resolve().parent
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gazetteer", type=Path, default=here.parent.parent)
    p.add_argument("--provinces", type=Path, default=here.parent / "provinces.geojson")
    p.add_argument("--countries", type=Path, default=here.parent / "countries.geojson")
    p.add_argument("--source", type=Path,
                   default=here / "source" / "kh-adm1-geoboundaries.geojson")
    args = p.parse_args()
    shipped = load(args.provinces, "id")
    iso_to_id = {}
    with open(args.gazetteer / "provinces.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            iso_to_id[row["iso_3166_2"]] = row["id"]
    source = {iso_to_id[k]: g for k, g in load(args.source, "iso_3166_2").items()}
    if not check_coverage(shipped, load(args.countries, "iso_a2")):
        sys.exit(1)
    worst = max(hausdorff_km(shipped[k], source[k]) for k in shipped)
    print(f"- largest distance between a province's shipped and source outlines "
          f"(Hausdorff): {worst:.2f} km")
    print()

    print("| point | province | in (shipped) | in (source) | km to border, shipped | source |")
    print("|---|---|---|---|---:|---:|")
    failures = []
    for label, province, lat, lon in points(args.gazetteer):
        if not lat or not lon:
            print(f"| {label} | {province} | no coordinate | | | |")
            continue
        point = Point(float(lon), float(lat))
        d_shipped = km_to_border(point, shipped[province])
        d_source = km_to_border(point, source[province])
        print(f"| {label} | {province} | {holder(point, shipped)} | {holder(point, source)} "
              f"| {d_shipped:.2f} | {d_source:.2f} |")
        if d_shipped < -MAX_OUTSIDE_KM:
            failures.append(label)
    if failures:
        print(f"outside their province by more than {MAX_OUTSIDE_KM} km: "
              + ", ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
