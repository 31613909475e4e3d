#!/usr/bin/env bash
# Renders the README's pictures: the sample month's Table 4 and Figure 2
# sheets of the workbook, and two pages of the Word draft, as LibreOffice
# prints them (docs/*.png).
# Needs LibreOffice and poppler-utils:
#   apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run --release --quiet -- build samples/2019-03 --out "$work/out" --quiet

# Print an output file to PDF; echoes the PDF's path.
print() {
    soffice --headless -env:UserInstallation="file://$work/profile" \
        --convert-to pdf --outdir "$work" "$work/out/$1" >/dev/null
    local name=${1##*/}
    echo "$work/${name%.*}.pdf"
}

# The first page of PDF $1 whose text matches $2 (with "first", whose
# first line does).
page_of() {
    local pdf=$1 pattern=$2 scope=${3:-all} pages text
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    for page in $(seq 1 "$pages"); do
        text=$(pdftotext -f "$page" -l "$page" "$pdf" -)
        if [ "$scope" = first ]; then
            text=$(head -n 1 <<<"$text")
        fi
        if grep -q "$pattern" <<<"$text"; then
            echo "$page"
            return
        fi
    done
    echo "no page of $pdf has \"$pattern\"" >&2
    exit 1
}

mkdir -p docs
workbook=$(print operations-report-2019-03.xlsx)
# 96 dpi A4 landscape is 1123 × 794 pixels; keep the top of the page.
for shot in "table4:Table 4:" "figure2:Figure 2:"; do
    name=${shot%%:*}
    page=$(page_of "$workbook" "^${shot#*:}" first)
    pdftoppm -png -r 96 -f "$page" -l "$page" -x 0 -y 0 -W 1123 -H 560 -singlefile "$workbook" "docs/$name"
    echo "docs/$name.png (page $page)"
done

# The draft: Section 1's first page, the page with Figure 2 and Table 7's
# page (its links and footnotes), whole
# (72 dpi A4 portrait is 595 × 842 pixels).
draft=$(print operations-report-2019-03.docx)
for shot in "paper-market:1. Market Entry and Exit" "paper-website:Figure 2: SEC Website Usage" \
    "paper-meetings:7. SEC Meeting Details"; do
    name=${shot%%:*}
    page=$(page_of "$draft" "${shot#*:}")
    pdftoppm -png -r 72 -f "$page" -l "$page" -singlefile "$draft" "docs/$name"
    echo "docs/$name.png (page $page of the draft)"
done

# The draft built with a reference document (examples/make_reference.rs
# makes one from the draft: another hand's February paper), its first page.
cargo run --release --quiet --example make_reference -- \
    "$work/out/operations-report-2019-03.docx" "$work/February paper.docx"
cargo run --release --quiet -- build samples/2019-03 --out "$work/out/reference" \
    --reference-doc "$work/February paper.docx" --quiet
referenced=$(print reference/operations-report-2019-03.docx)
pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$referenced" docs/paper-reference
echo "docs/paper-reference.png (page 1 of the draft with a reference document)"
