#!/usr/bin/env bash
# Re-records tests/fixtures/golden/, the snapshots the golden test
# `sample_outputs_read_as_the_recorded_snapshots` compares the sample
# months' outputs with: the CSV text, every sheet's cells, formulas and
# meaningful styles, each chart's series, the Word draft's paragraphs,
# tables and footnotes. Run it only after a change that means to alter
# the output, once the test's printed differences are checked by eye;
# `git diff tests/fixtures/golden` then shows every line that changed.
set -euo pipefail
cd "$(dirname "$0")/.."

UPDATE_GOLDEN=1 cargo test --test main -- --exact \
    golden::sample_outputs_read_as_the_recorded_snapshots
git status --short tests/fixtures/golden
echo "recorded $(find tests/fixtures/golden -type f | wc -l) snapshots"
