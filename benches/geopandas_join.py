"""geopandas's side of benches/run.sh: the same join as benches/duckdb-join.sql, in pandas.

    python geopandas_join.py EVENTS.csv GAZETTEER.csv OUT.geojson

Reads the events (pandas infers the column types) and the gazetteer written by
`tonle gazetteer list --format csv`; an event's `place` that is a place id (spaces trimmed)
is that place, as in tonle; otherwise it is matched EXACTLY on the same
normalised key as the DuckDB case (lower case, ASCII spaces and punctuation removed) against
every place's id, name, Khmer name and aliases (a shared key goes to a place that is not a
province, as tonle's seat town wins over its province, then to the first listed),
merges the place's columns in, makes a Point per row and writes GeoJSON with `to_file`
(pyogrio, the GDAL bundled in its wheel). Rows whose name has no key are dropped silently.
"""

import sys

import geopandas as gpd
import pandas as pd

# POSIX [:space:] and [:punct:] over ASCII, as RE2 (DuckDB) reads them.
NOT_KEY = r"[\t\n\v\f\r !-/:-@\[-`{-~]"


def name_key(text: pd.Series) -> pd.Series:
    return text.fillna("").str.lower().str.replace(NOT_KEY, "", regex=True)


def names_table(places: pd.DataFrame) -> pd.DataFrame:
    """One row per key: the place it names when several share it (see the module doc)."""
    columns = [places[["rank", "id"]].assign(spelling=places[c]) for c in ("id", "name", "name_km")]
    aliases = places[["rank", "id"]].assign(spelling=places["aliases"].str.split("|"))
    columns.append(aliases.explode("spelling"))
    spellings = pd.concat(columns, ignore_index=True)
    spellings["key"] = name_key(spellings["spelling"])
    spellings = spellings[spellings["key"] != ""].sort_values("rank", kind="stable")
    names = spellings.drop_duplicates("key", keep="first")
    return names[["key", "id"]].rename(columns={"id": "place_id"})


def main() -> None:
    events_path, gazetteer_path, out_path = sys.argv[1:4]
    places = pd.read_csv(gazetteer_path, dtype=str, keep_default_na=False)
    places["rank"] = (places["kind"] == "province").astype(int) * 1_000_000 + places.index
    names = names_table(places)
    place_columns = places.rename(
        columns={"id": "place_id", "name": "place_name", "kind": "place_kind"}
    )[["place_id", "place_name", "place_kind", "province_id", "province", "iso_3166_2", "pcode",
       "geo_precision", "lat", "lon"]]
    place_columns = place_columns.rename(columns={"lat": "place_lat", "lon": "place_lon"})
    place_columns["geo_precision"] = pd.to_numeric(place_columns["geo_precision"])

    events = pd.read_csv(events_path)
    place = events["place"].fillna("").str.strip()
    by_key = names.set_index("key")["place_id"]
    events["place_id"] = place.where(place.isin(places["id"]), name_key(place).map(by_key))
    joined = events.merge(place_columns, on="place_id")
    points = gpd.points_from_xy(
        joined["place_lon"].astype(float), joined["place_lat"].astype(float)
    )
    joined = joined.drop(columns=["place_lat", "place_lon"])
    gpd.GeoDataFrame(joined, geometry=points, crs="EPSG:4326").to_file(
        out_path, driver="GeoJSON", engine="pyogrio"
    )


if __name__ == "__main__":
    main()
