#!/usr/bin/env bash
# The child-process prototype (examples/fork_read.rs; BENCHMARKS.md, "Reading
# each file in a child process") against
# the same read in one process and calamine's streaming floor, on the
# helpdesk logs of 100k and 1M rows and the folder of twelve 25k-row files.
# Runs are interleaved; each round's ratios to the floor are printed, then
# the medians. Peak RSS is given as /usr/bin/time's %M (the largest single
# process of the tree) and as the parent's and largest child's VmHWM, which
# the prototype prints: parent + child is the tree's peak at most.
#
#   bench/fork.sh        # RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
work=bench/work/fork
mkdir -p "$work/monthly"
cargo build --release --quiet --example bench_inputs --example bench_floor --example fork_read
bin=target/release/examples
[[ -e $work/h100k.xlsx ]] || "$bin/bench_inputs" helpdesk "$work/h100k.xlsx" 100000
[[ -e $work/h1m.xlsx ]] || "$bin/bench_inputs" helpdesk "$work/h1m.xlsx" 1000000
[[ -e $work/monthly/helpdesk-2019-03.xlsx ]] || "$bin/bench_inputs" monthly "$work/monthly" 25000

rows="$work/rows.tsv"
: > "$rows"
for run in $(seq 1 "$RUNS"); do
    for data in h100k h1m monthly; do
        if [[ $data == monthly ]]; then files=("$work"/monthly/*.xlsx); else files=("$work/$data.xlsx"); fi
        for tool in floor inproc fork; do
            case $tool in
                floor) cmd=("$bin/bench_floor" stream "$work/$tool.csv" "${files[@]}") ;;
                *) cmd=("$bin/fork_read" "$tool" "$work/$tool.csv" "${files[@]}") ;;
            esac
            /usr/bin/time -o "$work/time" -f "%e %M %U %S" "${cmd[@]}" 2> "$work/err" >/dev/null
            read -r wall rss user sys < "$work/time"
            hwm=$(grep -o 'parent [0-9]* largest child [0-9]*' "$work/err" | awk '{print $2, $5}' || true)
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$data" "$tool" "$wall" "$rss" \
                "$(echo "$user + $sys" | bc)" "${hwm:-- -}" >> "$rows"
        done
        cmp -s "$work/floor.csv" "$work/inproc.csv" && cmp -s "$work/floor.csv" "$work/fork.csv" \
            || { echo "counts differ on $data" >&2; exit 1; }
    done
done

python3 - "$rows" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
by = {}
for run, data, tool, wall, rss, cpu, hwm in rows:
    by.setdefault((data, run), {})[tool] = (float(wall), int(rss), float(cpu), hwm)
print("| data | tool | median wall (s) | wall vs floor, run by run: median (range) | fork vs in-process, run by run | median CPU (s) | %M (MiB) | VmHWM parent + largest child (MiB) |")
print("|---|---|---|---|---|---|---|---|")
for data in ("h100k", "h1m", "monthly"):
    runs = [v for (d, _), v in sorted(by.items()) if d == data]
    for tool in ("floor", "inproc", "fork"):
        walls = [r[tool][0] for r in runs]
        ratios = [r[tool][0] / r["floor"][0] for r in runs]
        vs = [r[tool][0] / r["inproc"][0] for r in runs]
        cpu = st.median(r[tool][2] for r in runs)
        rss = st.median(r[tool][1] for r in runs) / 1024
        hw = runs[-1][tool][3].split()
        hwm = "–" if tool == "floor" or hw[0] == "-" else f"{int(hw[0])/1024:.1f} + {int(hw[1])/1024:.1f}"
        print(f"| {data} | {tool} | {st.median(walls):.2f} | {st.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) "
              f"| {st.median(vs):.2f}× ({min(vs):.2f}–{max(vs):.2f}) | {cpu:.2f} | {rss:.0f} | {hwm} |")
PY
