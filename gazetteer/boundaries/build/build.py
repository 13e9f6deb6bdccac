#!/usr/bin/env python3
"""Build provinces.geojson and countries.geojson for tonle from their sources.

Provinces: geoBoundaries gbOpen KHM ADM1 (ODbL 1.0, OpenStreetMap-derived), vendored in
source/. Countries: Natural Earth 1:10m admin-0 (public domain) from the npm package
world-atlas (TopoJSON). Run through build.sh, which installs the pinned packages.

Steps, and why:
1. The neighbours are clipped to the region box and cut along Cambodia's outline from the
   provinces, so every border is drawn once and the two files agree. Where Natural Earth's
   Cambodia reaches past the provinces' outline, the strip left over goes to the neighbour
   it borders (so no gap opens on land); strips touching no neighbour are sea and dropped.
2. All polygons (provinces and neighbours) are noded into one planar coverage, then
   simplified together with GEOS's coverage simplifier, which moves a shared border the same
   way on both sides: no gaps or slivers between provinces, nor between Cambodia and Thailand.
   It keeps every ring, so small islands (Koh Kong, Koh Rong, Koh Tonsay) survive.
3. Coordinates are snapped to a 1e-5 degree grid (about 1 m), outer rings made
   counter-clockwise (RFC 7946), every feature written as a MultiPolygon so each file has
   one geometry type.
"""
import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, shape

# Region box (lon/lat): Cambodia with Thailand, Laos, Vietnam, and enough of Myanmar,
# China, Malaysia and the Gulf of Thailand's coasts to read the region.
REGION = (92.0, 5.0, 110.0, 24.0)
# Tolerances of GEOS's coverage simplifier (Visvalingam-Whyatt), in degrees: roughly the
# square root of the largest triangle area a removed vertex spans (0.001 deg = 110 m).
# Provinces and all borders: 0.005 (about 550 m).
TOLERANCE = 0.005
# Natural Earth countries are first simplified on their own with 0.015 (about 1.7 km);
# Cambodia's neighbours are then cut along the provinces' outline, so that border keeps
# TOLERANCE.
NEIGHBOUR_TOLERANCE = 0.015
# Around Cambodia (the NEAR box: the Cambodia-scale view with a margin) everything keeps
# the detail above; farther out, seen only at region scale, neighbours are simplified
# again with FAR_TOLERANCE (about 5.5 km).
NEAR = (100.5, 8.5, 109.5, 16.0)
FAR_TOLERANCE = 0.05
# Output grid: 5 decimals (about 1.1 m).
GRID = 1e-5
# Grid for the overlay that nodes the two sources together (about 1 cm): makes the
# overlay robust without moving anything a reader could see.
NODING_GRID = 1e-7
# Share of its outline that a leftover strip of Natural Earth's Cambodia must have in
# common with a neighbour to be given to it (see neighbours_outside).
LAND_STRIP_SHARE = 0.2

# ISO 3166-1 numeric (world-atlas ids) to alpha-2, for the countries that reach the box.
# A country in the box but missing here stops the build, so a new source is noticed.
ISO_NUMERIC_TO_A2 = {
    "050": "BD",
    "104": "MM",
    "116": "KH",
    "156": "CN",
    "356": "IN",
    "360": "ID",
    "418": "LA",
    "458": "MY",
    "704": "VN",
    "764": "TH",
}

ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
PROVINCES_ATTRIBUTION = (
    "Province boundaries: geoBoundaries (Runfola et al. 2020), gbOpen KHM ADM1, from "
    "OpenStreetMap data, \u00a9 OpenStreetMap contributors, ODbL 1.0"
)
COUNTRIES_ATTRIBUTION = (
    "Countries: Natural Earth (public domain); Cambodia's outline and its land borders: "
    "geoBoundaries (Runfola et al. 2020), \u00a9 OpenStreetMap contributors, ODbL 1.0"
)


def parse_args():
    here = Path(__file__).resolve().parent
    gazetteer = here.parent.parent
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--provinces-source", type=Path,
                   default=here / "source" / "kh-adm1-geoboundaries.geojson")
    p.add_argument("--world-atlas", type=Path, required=True,
                   help="countries-10m.json from the npm package world-atlas")
    p.add_argument("--gazetteer", type=Path, default=gazetteer,
                   help="folder holding provinces.csv and countries.csv")
    p.add_argument("--out", type=Path, default=here.parent)
    return p.parse_args()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_provinces(path, gazetteer_rows):
    """Province polygons keyed by gazetteer id, in provinces.csv order."""
    by_iso = {row["iso_3166_2"]: row for row in gazetteer_rows}
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for feature in data["features"]:
        iso = feature["properties"]["iso_3166_2"]
        if iso not in by_iso:
            sys.exit(f"{path}: feature {iso!r} has no row in provinces.csv")
        if iso in found:
            sys.exit(f"{path}: {iso} appears twice")
        found[iso] = shape(feature["geometry"])
    missing = sorted(set(by_iso) - set(found), key=lambda c: int(c.split("-")[1]))
    if missing:
        sys.exit(f"{path}: no polygon for {', '.join(missing)}")
    return [(by_iso[row["iso_3166_2"]], found[row["iso_3166_2"]]) for row in gazetteer_rows]


def decode_arcs(topology):
    """TopoJSON arcs as absolute lon/lat arrays (quantized and delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
        arcs.append(np.column_stack((q[:, 0] * sx + tx, q[:, 1] * sy + ty)))
    return arcs


def ring_from(arcs, indices):
    parts = []
    for i in indices:
        # A negative index ~i means arc i walked backwards.
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(pts if not parts else pts[1:])
    return np.concatenate(parts)


def topo_geometry(arcs, geom):
    if geom["type"] == "Polygon":
        polys = [geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["arcs"]
    else:
        return None
    out = []
    for rings in polys:
        # Quantization collapses the tiniest islands to fewer than 4 positions: skip them.
        coords = [ring_from(arcs, r) for r in rings]
        if len(coords[0]) >= 4:
            out.append(Polygon(coords[0], [c for c in coords[1:] if len(c) >= 4]))
    return shapely.make_valid(MultiPolygon(out))


def load_countries(path, country_rows):
    """Natural Earth countries that reach the region box, clipped to it."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    region = box(*REGION)
    by_a2 = {row["iso_3166_1"]: row for row in country_rows}
    countries = {}
    for geom in topology["objects"]["countries"]["geometries"]:
        g = topo_geometry(arcs, geom)
        if g is None or not g.intersects(region):
            continue
        clipped = polygons_of(g.intersection(region))
        if clipped.is_empty:
            continue
        numeric = geom.get("id")
        a2 = ISO_NUMERIC_TO_A2.get(numeric)
        if a2 is None:
            sys.exit(f"{path}: {geom['properties']['name']} (id {numeric}) reaches the "
                     "region box but has no ISO alpha-2 code in ISO_NUMERIC_TO_A2")
        row = by_a2.get(a2)
        countries[a2] = {
            "id": row["id"] if row else None,
            "iso_a2": a2,
            "name": row["name"] if row else geom["properties"]["name"],
            "geometry": clipped,
        }
    # Natural Earth's countries are simplified first, on their own and more than the
    # provinces (region scale needs less detail); their borders with Cambodia are then
    # replaced by the provinces' outline anyway.
    a2s = sorted(countries)
    geoms = np.array([countries[a2]["geometry"] for a2 in a2s])
    if not shapely.coverage_is_valid(geoms):
        sys.exit(f"{path}: the clipped countries are not a clean coverage")
    for a2, g in zip(a2s, shapely.coverage_simplify(geoms, NEIGHBOUR_TOLERANCE)):
        countries[a2]["geometry"] = polygons_of(shapely.make_valid(g))
    return countries


def polygons_of(g):
    """Only the polygonal parts of an overlay result, as a MultiPolygon."""
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = []
    for p in parts:
        flat.extend(shapely.get_parts(p))
    return MultiPolygon(flat)


def node_coverage(geoms):
    """Re-cuts the polygons so that every shared border has the same vertices on both
    sides (what the coverage simplifier needs): polygonize all boundaries together, then
    give each face back to the polygon that holds it."""
    lines = shapely.union_all([g.boundary for g in geoms], grid_size=NODING_GRID)
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    tree = shapely.STRtree(geoms)
    owned = [[] for _ in geoms]
    for face in faces:
        point = face.point_on_surface()
        owners = [i for i in tree.query(point, predicate="intersects")]
        owners = [i for i in owners if geoms[i].contains(point)] or owners
        if len(owners) > 1:
            sys.exit(f"overlap between inputs {owners} near {point.wkt}")
        if owners:
            owned[owners[0]].append(face)
    return [shapely.coverage_union_all(faces) if faces else None for faces in owned]


def neighbours_outside(countries, cambodia):
    """Neighbours minus Cambodia's outline from the provinces, with Natural Earth's
    Cambodia leftovers given to the neighbour they share most border with."""
    ne_cambodia = countries["KH"]["geometry"]
    neighbours = {}
    for a2, c in countries.items():
        if a2 == "KH":
            continue
        neighbours[a2] = polygons_of(shapely.difference(c["geometry"], cambodia,
                                                        grid_size=NODING_GRID))
    leftovers = shapely.get_parts(polygons_of(
        shapely.difference(ne_cambodia, cambodia, grid_size=NODING_GRID)))
    given, dropped = {}, 0
    for piece in leftovers:
        shared = {a2: piece.boundary.intersection(g.buffer(1e-6)).length
                  for a2, g in neighbours.items()}
        a2, length = max(shared.items(), key=lambda kv: kv[1])
        # A strip between two versions of a land border shares about half its outline
        # with the neighbour; a strip along the coast shares at most a short end.
        if length > LAND_STRIP_SHARE * piece.length:
            given.setdefault(a2, []).append(piece)
        else:
            dropped += 1
    for a2, pieces in given.items():
        neighbours[a2] = polygons_of(shapely.union_all([neighbours[a2], *pieces],
                                                       grid_size=NODING_GRID))
    report = {a2: len(p) for a2, p in given.items()}
    print(f"Natural Earth Cambodia outside the provinces: {len(leftovers)} pieces, "
          f"given to neighbours {report}, {dropped} at sea dropped")
    return neighbours


def simplify_all(polygons):
    """Simplifies provinces and neighbours as one coverage. Neighbours outside the NEAR
    box (seen only at region scale) are then simplified again with FAR_TOLERANCE, against
    a frame that holds the NEAR box's edge still, so the two parts still meet exactly."""
    noded = node_coverage(polygons)
    if any(g is None for g in noded):
        sys.exit("a polygon vanished while noding")
    if not shapely.coverage_is_valid(np.array(noded)):
        sys.exit("the noded polygons are not a clean coverage")
    parts_before = [len(shapely.get_parts(g)) for g in noded]

    near_box = box(*NEAR)
    near = [polygons_of(shapely.intersection(g, near_box, grid_size=NODING_GRID)) for g in noded]
    far = [polygons_of(shapely.difference(g, near_box, grid_size=NODING_GRID)) for g in noded]
    has_far = [i for i, g in enumerate(far) if not g.is_empty]
    # The far pieces take part here only so that the cut along the NEAR box is a shared
    # edge (its end points stay put); their own result is replaced below.
    pieces = node_coverage([g for g in near if not g.is_empty] + [far[i] for i in has_far])
    simplified = iter(shapely.coverage_simplify(np.array(pieces), TOLERANCE))
    near = [next(simplified) if not g.is_empty else g for g in near]

    frame = node_coverage([far[i] for i in has_far] + [near_box])
    coarse = shapely.coverage_simplify(np.array(frame), FAR_TOLERANCE)[:-1]
    for i, g in zip(has_far, coarse):
        far[i] = g

    finished = []
    for a, b in zip(near, far):
        merged = shapely.coverage_union_all([g for g in (a, b) if not g.is_empty])
        finished.append(finish(merged))
    if [len(shapely.get_parts(g)) for g in finished] != parts_before:
        sys.exit("simplification lost an island")
    if not shapely.coverage_is_valid(np.array(finished)):
        sys.exit("the simplified polygons are not a clean coverage")
    return finished


def finish(g):
    """Grid-snapped, valid, counter-clockwise MultiPolygon."""
    g = shapely.set_precision(g, GRID)
    g = polygons_of(g)
    g = shapely.orient_polygons(g, exterior_cw=False)
    if not g.is_valid:
        sys.exit(f"invalid geometry after snapping: {shapely.is_valid_reason(g)}")
    return g


def number(x):
    text = f"{x:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def geometry_json(g):
    polys = []
    for p in shapely.get_parts(g):
        rings = [p.exterior, *p.interiors]
        polys.append("[" + ",".join(
            "[" + ",".join(f"[{number(x)},{number(y)}]" for x, y in r.coords) + "]"
            for r in rings) + "]")
    return '{"type":"MultiPolygon","coordinates":[' + ",".join(polys) + "]}"


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_collection(path, name, attribution, features):
    """One feature per line, fixed key order: byte-identical output for the same input."""
    head = {
        "type": "FeatureCollection",
        "name": name,
        "attribution": attribution,
        "license": "Open Database License (ODbL) 1.0, " + ODBL,
    }
    lines = [compact(head)[:-1] + ',"features":[']
    for i, (props, geom) in enumerate(features):
        sep = "," if i + 1 < len(features) else ""
        lines.append('{"type":"Feature","properties":' + compact(props)
                     + ',"geometry":' + geometry_json(geom) + "}" + sep)
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(features)} features, "
          f"{sum(int(shapely.get_num_coordinates(g)) for _, g in features):,} positions)")


def main():
    args = parse_args()
    provinces = load_provinces(args.provinces_source,
                               read_csv(args.gazetteer / "provinces.csv"))
    if not shapely.coverage_is_valid(np.array([g for _, g in provinces])):
        sys.exit(f"{args.provinces_source}: provinces overlap or do not meet exactly")
    countries = load_countries(args.world_atlas, read_csv(args.gazetteer / "countries.csv"))
    cambodia = shapely.coverage_union_all([g for _, g in provinces])

    neighbours = neighbours_outside(countries, cambodia)
    order = sorted(neighbours)

    n = len(provinces)
    finished = simplify_all([g for _, g in provinces] + [neighbours[a2] for a2 in order])

    n = len(provinces)
    province_features = [
        ({"id": row["id"], "iso_3166_2": row["iso_3166_2"], "name": row["name"]}, g)
        for (row, _), g in zip(provinces, finished[:n])
    ]
    outline = finish(shapely.coverage_union_all(finished[:n]))
    kh = countries["KH"]
    country_features = [({"id": kh["id"], "iso_a2": "KH", "name": kh["name"]}, outline)]
    for a2, g in zip(order, finished[n:]):
        c = countries[a2]
        country_features.append(({"id": c["id"], "iso_a2": a2, "name": c["name"]}, g))

    write_collection(args.out / "provinces.geojson", "provinces", PROVINCES_ATTRIBUTION,
                     province_features)
    write_collection(args.out / "countries.geojson", "countries", COUNTRIES_ATTRIBUTION,
                     country_features)


if __name__ == "__main__":
    main()
