"""Reads tonle's events.parquet with DuckDB, as an analyst would, and prints what it found.

    tests/clients/.venv/bin/python duckdb_parquet.py events.parquet

Prints JSON: each column's DuckDB type, the rows (id, the point as WKT, start, end, and the
bbox covering), the `geo` metadata, and how many rows a bbox filter keeps.
"""
import json
import sys

import duckdb


def main():
    path = sys.argv[1]
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    source = f"read_parquet('{path}')"
    types = {name: kind for name, kind, *_ in db.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    rows = db.sql(
        f'SELECT id, ST_AsText(geometry), CAST(start AS VARCHAR), CAST("end" AS VARCHAR), '
        f"bbox.xmin, bbox.ymin, bbox.xmax, bbox.ymax FROM {source}"
    ).fetchall()
    metadata = dict(
        db.sql(
            f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')"
        ).fetchall()
    )
    east = db.sql(f"SELECT count(*) FROM {source} WHERE bbox.xmin > 104").fetchone()[0]
    print(
        json.dumps(
            {
                "types": types,
                "rows": [
                    {"id": r[0], "wkt": r[1], "start": r[2], "end": r[3], "bbox": list(r[4:])}
                    for r in rows
                ],
                "geo": json.loads(metadata["geo"]),
                "east_of_104": east,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
