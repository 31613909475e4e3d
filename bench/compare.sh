#!/usr/bin/env bash
# The whole-process benchmark: opsreport against the scripts a user would
# otherwise write (pandas with openpyxl, polars with calamine) and against
# the floor (a minimal calamine + rust_xlsxwriter program), on generated
# helpdesk logs of 100k and 1M rows, a 100k-row timesheet and a folder of
# twelve monthly helpdesk files. Runs are interleaved; medians of wall time
# and peak RSS, and ratios to the streaming floor, go to stdout as Markdown.
#
#   bench/compare.sh            # RUNS=3 by default; SMALL=1 for a quick pass
#
# Python and its packages are installed into bench/.venv; nothing of this
# runs in `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
if [[ ${SMALL:-0} == 1 ]]; then LARGE=100000; MEDIUM=10000; MONTHLY=2000; else LARGE=1000000; MEDIUM=100000; MONTHLY=25000; fi
work=bench/work
mkdir -p "$work"

if [[ ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet pandas openpyxl polars fastexcel xlsxwriter
fi
py=bench/.venv/bin/python

cargo build --release --quiet --bin opsreport --example bench_inputs --example bench_floor
bin=target/release
gen() { [[ -e $2 ]] || "$bin/examples/bench_inputs" "$1" "$2" "$3"; }

# Each dataset is a folder named for the report month, as opsreport expects.
for size in $MEDIUM $LARGE; do
    mkdir -p "$work/data/helpdesk-$size/2019-03"
    gen helpdesk "$work/data/helpdesk-$size/2019-03/helpdesk-log.xlsx" "$size"
done
mkdir -p "$work/data/timesheet-$MEDIUM/2019-03"
gen timesheet "$work/data/timesheet-$MEDIUM/2019-03/timesheets.xlsx" "$MEDIUM"
gen monthly "$work/data/monthly-12x$MONTHLY/2019-03" "$MONTHLY"

timings="$work/timings.tsv"
: > "$timings"
measure() { # dataset tool command...
    local dataset=$1 tool=$2
    shift 2
    local out="$work/out/$dataset/$tool"
    rm -rf "$out"
    mkdir -p "$out"
    /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>"$work/stderr" || {
        cat "$work/stderr" >&2
        echo "$tool failed on $dataset" >&2
        exit 1
    }
    read -r wall rss < "$work/time"
    printf '%s\t%s\t%s\t%s\n' "$dataset" "$tool" "$wall" "$rss" >> "$timings"
}

for run in $(seq 1 "$RUNS"); do
    echo "run $run of $RUNS" >&2
    for dataset in "helpdesk-$MEDIUM" "helpdesk-$LARGE" "monthly-12x$MONTHLY"; do
        dir="$work/data/$dataset/2019-03"
        files=("$dir"/*.xlsx)
        out="$work/out/$dataset"
        measure "$dataset" opsreport "$bin/opsreport" build "$dir" --out "$out/opsreport" --force --partial --quiet
        measure "$dataset" floor-stream "$bin/examples/bench_floor" stream "$out/floor-stream/counts.csv" "${files[@]}"
        measure "$dataset" floor-range "$bin/examples/bench_floor" range "$out/floor-range/counts.csv" "${files[@]}"
        measure "$dataset" floor-inflate "$bin/examples/bench_floor" inflate "$out/floor-inflate/tags.txt" "${files[@]}"
        measure "$dataset" polars "$py" bench/polars_table5.py "$out/polars/counts.csv" "${files[@]}"
        if [[ $dataset != "helpdesk-$LARGE" || ${SKIP_PANDAS_LARGE:-0} == 0 ]]; then
            measure "$dataset" pandas "$py" bench/pandas_table5.py "$out/pandas/counts.csv" "${files[@]}"
        fi
    done
    measure "timesheet-$MEDIUM" opsreport "$bin/opsreport" build "$work/data/timesheet-$MEDIUM/2019-03" \
        --out "$work/out/timesheet-$MEDIUM/opsreport" --force --partial --quiet
    measure "sample-month" opsreport "$bin/opsreport" build samples/2019-03 --out "$work/out/sample-month/opsreport" --force --quiet
done

"$py" bench/summarise.py "$timings" "$work"
