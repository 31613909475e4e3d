#!/usr/bin/env bash
# Re-records tests/fixtures/sample-outputs.sha256, which the golden test
# `sample_outputs_are_byte_identical_to_the_recorded_ones` compares with.
# Run it only after a change that means to alter the output, and only once
# the new files are checked by eye (the CSV bundle first); it prints which
# files changed.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
bin=target/release/opsreport
# Inputs copied beside the outputs, as the golden test lays them out: the
# workbook links each booking to its cell relative to the output folder.
for month in 2019-03 2019-04 2019-04-complete 2019-05 2019-05-complete; do
    mkdir -p "$work/in/$month"
    find "samples/$month" -maxdepth 1 -type f -exec cp {} "$work/in/$month/" \;
done
for month in 2019-03 2019-04-complete 2019-05-complete; do
    "$bin" build "$work/in/$month" --out "$work/out/$month" --quiet
done
"$bin" build "$work/in/2019-04" --out "$work/out/2019-04" --quiet \
    --history "$work/out/2019-03/operations-report-2019-03.xlsx"
"$bin" build "$work/in/2019-05" --out "$work/out/2019-05" --quiet \
    --history "$work/out/2019-04/operations-report-2019-04.xlsx"
(cd "$work/out" && find . -type f | sort | sed 's#^\./##' | xargs sha256sum) > "$work/new.sha256"
{ diff tests/fixtures/sample-outputs.sha256 "$work/new.sha256" || true; } | awk '/^>/ { print "changed: " $3 }'
cp "$work/new.sha256" tests/fixtures/sample-outputs.sha256
echo "recorded $(wc -l < tests/fixtures/sample-outputs.sha256) hashes"
