"""Checks that the comparison joins of benches/run.sh place the events as tonle does.

    python3 benches/same_places.py TONLE.geojson OTHER.geojson [OTHER.geojson ...]

Each file is a FeatureCollection of Points whose properties have `id` and `place_id`. Prints
one line per OTHER: how many of tonle's features it has with the same place and coordinates,
and exits 1 when any differs or is missing, so a benchmark never compares tonle with a join
that does less (or other) work than it seems to. Standard library only.
"""

import json
import sys


def placed(path):
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    return {
        f["properties"]["id"]: (f["properties"]["place_id"], tuple(f["geometry"]["coordinates"]))
        for f in features
    }


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    tonle = placed(sys.argv[1])
    ok = True
    for path in sys.argv[2:]:
        other = placed(path)
        differ = sorted(k for k in tonle if other.get(k) != tonle[k])
        extra = len(other.keys() - tonle.keys())
        same = len(tonle) - len(differ)
        print(f"{path}: {same} of tonle's {len(tonle)} events at the same place, {extra} more")
        for k in differ[:5]:
            print(f"  {k}: tonle {tonle[k]}, here {other.get(k)}")
        ok = ok and not differ and not extra
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
