"""Reads the timings of bench/compare.sh, checks that every tool produced
the same counts, and prints the results as a Markdown table with medians and
ratios. Usage: summarise.py TIMINGS.tsv WORKDIR"""

import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path


def opsreport_counts(table5: Path) -> list[tuple[str, str, int]]:
    """Table 5's CSV (category × month) as (month, category, emails) rows."""
    with table5.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    months = rows[0][1:]
    counts = []
    for row in rows[1:]:
        if row[0] == "Total":
            continue
        for month, value in zip(months, row[1:]):
            if value and int(value) > 0:
                counts.append((month, row[0], int(value)))
    return sorted(counts)


def tool_counts(path: Path) -> list[tuple[str, str, int]]:
    with path.open(encoding="utf-8", newline="") as f:
        return sorted((r["month"], r["category"], int(r["emails"])) for r in csv.DictReader(f))


def tools_of(runs, dataset: str) -> list[str]:
    return sorted({t for d, t in runs if d == dataset})


def main() -> None:
    timings, work = Path(sys.argv[1]), Path(sys.argv[2])
    runs = defaultdict(list)
    with timings.open() as f:
        for dataset, tool, wall, rss_kb in csv.reader(f, delimiter="\t"):
            runs[(dataset, tool)].append((float(wall), int(rss_kb)))
    datasets = list(dict.fromkeys(d for d, _ in runs))
    for dataset in datasets:
        reference = None
        for tool in tools_of(runs, dataset):
            out = work / "out" / dataset / tool
            if tool.startswith("opsreport"):
                table5 = out / "csv" / "table5_helpdesk_emails.csv"
                if not table5.exists() or len(tools_of(runs, dataset)) == 1:
                    continue
                got = opsreport_counts(table5)
            elif (out / "counts.csv").exists():
                got = tool_counts(out / "counts.csv")
            else:
                continue
            if reference is None:
                reference = got
            elif got != reference:
                sys.exit(f"{dataset}: {tool} produced different counts")
        if reference is not None:
            print(f"{dataset}: all tools produced the same {len(reference)} counts", file=sys.stderr)
    print(
        "| data | tool | runs | median wall (s) | median peak RSS (MiB) | wall vs floor (stream) "
        "| RSS vs floor (stream) | wall vs floor, run by run: median (range) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for dataset in datasets:
        tools = sorted({t for d, t in runs if d == dataset})
        medians = {
            t: (statistics.median(w for w, _ in runs[(dataset, t)]), statistics.median(r for _, r in runs[(dataset, t)]) / 1024)
            for t in tools
        }
        floor = medians.get("floor-stream")
        for tool in tools:
            wall, rss = medians[tool]
            ratio_wall = f"{wall / floor[0]:.2f}×" if floor else "–"
            ratio_rss = f"{rss / floor[1]:.2f}×" if floor else "–"
            # Each tool runs once a round, so the i-th runs of two tools
            # are neighbours in time and met the same load: their ratio is
            # steadier than the ratio of medians on a noisy machine.
            paired = [
                w / f
                for (w, _), (f, _) in zip(runs[(dataset, tool)], runs.get((dataset, "floor-stream"), []))
            ]
            per_run = (
                f"{statistics.median(paired):.2f}× ({min(paired):.2f}–{max(paired):.2f})" if paired else "–"
            )
            print(
                f"| {dataset} | {tool} | {len(runs[(dataset, tool)])} | {wall:.2f} | {rss:.0f} "
                f"| {ratio_wall} | {ratio_rss} | {per_run} |"
            )


if __name__ == "__main__":
    main()
