-- DuckDB's side of benches/run.sh: the equivalent of `tonle export --only events` done as an
-- SQL join, for comparison. run.sh replaces the @...@ placeholders with paths (sed) and runs
-- `duckdb -bail -no-init -f` on the result.
--
-- What it does, and what it does not:
-- * An event's `place` that is a place id (spaces trimmed) is that place, as in tonle.
--   Otherwise names are matched EXACTLY on a normalised key: lower case, with ASCII spaces and punctuation
--   removed (`  o'smach ` and `O'Smach` and `o-smach` all become `osmach`), for the event's
--   `place` and for each gazetteer place's id, name, Khmer name and every alias. Nothing else:
--   no kind words, no did-you-mean, no check of the row; a row whose name has no key is dropped
--   silently where tonle would stop with a located error.
-- * Where two places share a key, tonle's rules are followed as far as kinds allow: a place
--   that is not an official unit (a town, a site) wins (tonle's rule that a seat town wins
--   over its province of the same name, as for `Siem Reap`), then the larger unit: a province
--   over a district over a commune over a village (its rules that a unit containing the others,
--   or else the larger unit, wins); then the one listed first by `tonle gazetteer list`.
-- * Each matched row becomes one GeoJSON Feature: a Point at the place, the row's own columns
--   (as DuckDB's CSV sniffer types them) plus the place's id, name, kind, province, ISO and
--   P-code, built with DuckDB's json functions (the spatial extension cannot be downloaded
--   here, and none is needed for points). The CSV writer writes one feature per line between
--   a FeatureCollection prefix and suffix, joined by ",\n", with quoting off: to_json escapes
--   every quote, newline and control character itself, so the lines are valid JSON.
-- * No sort: features come in DuckDB's join order, like tonle's `--order input`.
SET temp_directory = '@TMP@';
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;

CREATE MACRO name_key(s) AS regexp_replace(lower(s), '[[:space:][:punct:]]', '', 'g');

CREATE TABLE places AS
SELECT row_number() OVER () AS ord, *
FROM read_csv('@GAZETTEER@', header = true, all_varchar = true);

-- One row per (key, place): the id, the English name, the Khmer name and each alias.
CREATE TABLE names AS
WITH spellings AS (
    SELECT (CASE kind WHEN 'province' THEN 1 WHEN 'district' THEN 2 WHEN 'commune' THEN 3 WHEN 'village' THEN 4 ELSE 0 END) * 1000000 + ord AS rank, id, unnest(list_concat([id, name, name_km], string_split(coalesce(aliases, ''), '|'))) AS spelling
    FROM places
)
SELECT name_key(spelling) AS key, arg_min(id, rank) AS place_id
FROM spellings
WHERE name_key(spelling) <> ''
GROUP BY ALL;

COPY (
    SELECT to_json({
        'type': 'Feature',
        'id': e.id,
        'geometry': {'type': 'Point', 'coordinates': [p.lon::DOUBLE, p.lat::DOUBLE]},
        'properties': struct_insert(e,
            place_id := p.id, place_name := p.name, place_kind := p.kind,
            province_id := p.province_id, province := p.province,
            iso_3166_2 := p.iso_3166_2, pcode := p.pcode,
            geo_precision := p.geo_precision::INTEGER)
    })
    -- The sheet's own `province` column (blank here) is a check, not a property: tonle writes
    -- the place's province instead, and so does this.
    FROM (SELECT * EXCLUDE (province) FROM read_csv('@EVENTS@', header = true)) AS e
    LEFT JOIN places AS exact ON exact.id = trim(e.place)
    LEFT JOIN names AS n ON n.key = name_key(e.place)
    JOIN places AS p ON p.id = coalesce(exact.id, n.place_id)
) TO '@OUT@' (
    FORMAT csv, HEADER false, QUOTE '', ESCAPE '',
    PREFIX '{"type":"FeatureCollection","name":"events","features":[
',
    NEW_LINE ',
',
    SUFFIX '
]}
'
);
