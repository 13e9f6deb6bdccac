"""Turns a run of benches/run.sh into the README's benchmark table.

    python3 benches/table.py target/bench/results.tsv target/bench/meta.tsv [--readme README.md]

Prints the Markdown (the machine, date and versions; one row per size and case; the targets
read off at 1M rows). With --readme it also replaces what lies between the two marker
comments in that file, so the README always shows a whole run and never a hand-edited figure.
Standard library only: it runs on the system python3.
"""

import argparse
import csv
import sys
from pathlib import Path

BEGIN = "<!-- bench-table:begin (written by benches/table.py from benches/run.sh; do not edit by hand) -->"
END = "<!-- bench-table:end -->"

# The targets: the default sorted export of events against the other tools at 1M rows, the
# peak memory of every output sorted, and the growth from 100k to 1M rows.
TARGET_N = 1_000_000
TARGET_VS_OGR2OGR = 20.0
TARGET_VS_DUCKDB = 2.0
TARGET_PEAK_MB = 128
TARGET_GROWTH = 10.5


def read_results(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        row["n"] = int(row["n"])
        row["wall_s"] = float(row["wall_s"])
        row["wall_min_s"] = float(row["wall_min_s"])
        row["wall_max_s"] = float(row["wall_max_s"])
        row["cpu_s"] = float(row["cpu_s"])
        row["peak_mb"] = int(row["peak_rss_kb"]) / 1024
        row["output_bytes"] = int(float(row["output_bytes"]))
        row["input_bytes"] = int(float(row["input_bytes"]))
    return rows


def others_share(path, cores):
    """The share of the machine's cores that other programs kept busy during the timed runs."""
    if not path.exists():
        return None
    with open(path, newline="", encoding="utf-8") as f:
        runs = list(csv.DictReader(f, delimiter="\t"))
    wall = sum(float(r["wall_s"]) for r in runs)
    others = sum(float(r["others_cpu_s"]) for r in runs)
    return others / (wall * cores) if wall > 0 else None


def read_meta(path):
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def size_name(n):
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if n >= unit and n % unit == 0:
            return f"{n // unit}{name}"
    return str(n)


def seconds(x):
    return f"{x:.{2 if x >= 1 else 3}f}"


def times(x):
    return f"{x:.2f}×" if x < 10 else f"{x:.1f}×"


def table(rows):
    by = {(r["n"], r["case"]): r for r in rows}
    out = [
        "| N (input) | case | wall s (min-max) | cores used | rows/s | output MB/s | peak RSS MB"
        " | features | × ogr2ogr | × DuckDB | growth from N/10: time, memory |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        n, wall = r["n"], r["wall_s"]
        ratios = []
        for ref in ("ogr2ogr", "duckdb"):
            other = by.get((n, ref))
            ratios.append(times(other["wall_s"] / wall) if other else "–")
        before = by.get((n // 10, r["case"])) if n % 10 == 0 else None
        growth = (
            f"{times(wall / before['wall_s'])}, {times(r['peak_mb'] / before['peak_mb'])}"
            if before
            else "–"
        )
        features = f"{int(r['features']):,}" if r["features"] else "–"
        out.append(
            f"| {size_name(n)} ({r['input_bytes'] / 1e6:.0f} MB) | `{r['label']}` | {seconds(wall)}"
            f" ({seconds(r['wall_min_s'])}-{seconds(r['wall_max_s'])}) | {r['cpu_s'] / wall:.1f}"
            f" | {n / wall:,.0f} | {r['output_bytes'] / 1e6 / wall:.1f} | {r['peak_mb']:,.0f}"
            f" | {features} | {ratios[0]} | {ratios[1]} | {growth} |"
        )
    return out


def holds(ok):
    return "yes" if ok else "**no**"


def targets(rows):
    """The targets, each read off the run, or said to be unmeasured."""
    by = {(r["n"], r["case"]): r for r in rows}
    out = ["| target | measured | holds? |", "|---|---|---|"]
    sorted_events = by.get((TARGET_N, "tonle-sorted"))
    for ref, name, goal in (
        ("ogr2ogr", "ogr2ogr", TARGET_VS_OGR2OGR),
        ("duckdb", "DuckDB's join", TARGET_VS_DUCKDB),
    ):
        other = by.get((TARGET_N, ref))
        what = f"default sorted export of events at 1M rows at least {goal:g}× {name}"
        if sorted_events and other:
            x = other["wall_s"] / sorted_events["wall_s"]
            out.append(
                f"| {what} | {times(x)} ({sorted_events['wall_s']:.2f} s against"
                f" {other['wall_s']:.2f} s) | {holds(x >= goal)} |"
            )
        else:
            out.append(f"| {what} | not measured (needs N=1M with both cases) | – |")
    every = [r for r in rows if r["case"] == "tonle-all"]
    what = f"every output, sorted, in at most {TARGET_PEAK_MB} MB peak at any size"
    if every:
        worst = max(every, key=lambda r: r["peak_mb"])
        sizes = ", ".join(f"{r['peak_mb']:,.0f} MB at {size_name(r['n'])}" for r in every)
        out.append(f"| {what} | {sizes} | {holds(worst['peak_mb'] <= TARGET_PEAK_MB)} |")
    else:
        out.append(f"| {what} | not measured | – |")
    what = f"time and memory from 100k to 1M rows at most {TARGET_GROWTH:g}× for every tonle case"
    pairs = [
        (r, by[(TARGET_N // 10, r["case"])])
        for r in rows
        if r["n"] == TARGET_N and r["case"].startswith("tonle") and (TARGET_N // 10, r["case"]) in by
    ]
    if pairs:
        over = []
        for big, small in pairs:
            t, m = big["wall_s"] / small["wall_s"], big["peak_mb"] / small["peak_mb"]
            if t > TARGET_GROWTH:
                over.append(f"`{big['label']}` time {times(t)}")
            if m > TARGET_GROWTH:
                over.append(f"`{big['label']}` memory {times(m)}")
        worst_t = max(b["wall_s"] / s["wall_s"] for b, s in pairs)
        worst_m = max(b["peak_mb"] / s["peak_mb"] for b, s in pairs)
        said = f"largest: time {times(worst_t)}, memory {times(worst_m)}"
        if over:
            said += "; over: " + ", ".join(over)
        out.append(f"| {what} | {said} | {holds(not over)} |")
    else:
        out.append(f"| {what} | not measured (needs N=100k and 1M) | – |")
    return out


def machine_line(meta, share):
    sizes = ", ".join(size_name(int(n)) for n in meta.get("sizes", "").split())
    seconds = int(meta.get("elapsed_s", "0"))
    took = f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds} s"
    tools = "; ".join(meta[k] for k in ("tonle", "gdal", "duckdb", "geopandas") if k in meta)
    return (
        f"Measured by one run of `{meta.get('command', 'bash benches/run.sh')}` (N = {sizes};"
        f" {took} in all) on {meta.get('date', '?')}: {meta.get('cores', '?')} cores,"
        f" {meta.get('ram', '?')}, {meta.get('cpu', '?')}"
        + (f" (shared: load average {meta['load']}" if "load" in meta else " (shared")
        + (f"; other programs kept {share:.0%} of the cores busy during the timed runs" if share is not None else "")
        + (f"; {meta['busy_starts']}" if "busy_starts" in meta else "")
        + ")"
        + f"; {tools}."
    )


def runs_said(rows):
    """How many runs each size had, e.g. `5 at 10k and 100k, 3 at 1M`."""
    runs = {}
    for r in rows:
        runs.setdefault(int(r["runs"]), []).append(size_name(r["n"]))
    parts = []
    for k, sizes in runs.items():
        sizes = list(dict.fromkeys(sizes))
        said = ", ".join(sizes[:-1]) + " and " + sizes[-1] if len(sizes) > 1 else sizes[0]
        parts.append(f"{k} at {said}")
    return ", ".join(parts)


def render(rows, meta, share):
    lines = [machine_line(meta, share), ""]
    lines += table(rows)
    lines += [
        "",
        f"Wall time is the median of the runs ({runs_said(rows)}), with the fastest and slowest;"
        " cores used is the median CPU time (user and system) over it; peak RSS is the largest;"
        " rows/s and output MB/s are the input rows and the bytes written over that median;"
        " `features` counts the Points written (tonle's `events.geojson` holds the rows with a"
        " `place`; ogr2ogr writes every row); × ogr2ogr and × DuckDB are their wall time over"
        " the case's at the same N (above 1 means faster than them); growth is the case's time"
        " and peak memory over its own at a tenth of the rows.",
    ]
    if "check" in meta:
        lines[-1] += f" Checked: {meta['check']}."
    lines += [
        "",
        "Against the targets:",
        "",
    ]
    lines += targets(rows)
    return "\n".join(lines) + "\n"


def write_readme(path, block):
    text = path.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        sys.exit(f"{path}: no benchmark markers; put these two lines where the table goes:\n{BEGIN}\n{END}")
    path.write_text(text[: start + len(BEGIN)] + "\n" + block + text[end:], encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("meta", type=Path)
    parser.add_argument("--readme", type=Path, help="rewrite the table between the markers in this file")
    args = parser.parse_args()
    rows = read_results(args.results)
    if not rows:
        sys.exit(f"{args.results}: no results")
    meta = read_meta(args.meta)
    share = others_share(args.results.with_name("runs.tsv"), int(meta.get("cores", "1")))
    block = render(rows, meta, share)
    if args.readme:
        write_readme(args.readme, block)
    sys.stdout.write(block)


if __name__ == "__main__":
    main()
