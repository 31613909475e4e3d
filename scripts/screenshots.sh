#!/usr/bin/env bash
# Renders the README's pictures of the output workbook: the sample month's
# Table 4 and Figure 2 sheets as LibreOffice prints them (docs/*.png).
# Needs LibreOffice and poppler-utils:
#   apt-get install -y libreoffice-calc-nogui poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run --release --quiet -- build samples/2019-03 --out "$work/out" --quiet
soffice --headless -env:UserInstallation="file://$work/profile" \
    --convert-to pdf --outdir "$work" "$work/out/operations-report-2019-03.xlsx" >/dev/null
pdf="$work/operations-report-2019-03.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')

# The page whose first line is the caption.
page_of() {
    for page in $(seq 1 "$pages"); do
        if pdftotext -f "$page" -l "$page" "$pdf" - | head -n 1 | grep -q "^$1"; then
            echo "$page"
            return
        fi
    done
    echo "no page starts with \"$1\"" >&2
    exit 1
}

mkdir -p docs
# 96 dpi A4 landscape is 1123 × 794 pixels; keep the top of the page.
for shot in "table4:Table 4:" "figure2:Figure 2:"; do
    name=${shot%%:*}
    page=$(page_of "${shot#*:}")
    pdftoppm -png -r 96 -f "$page" -l "$page" -x 0 -y 0 -W 1123 -H 560 -singlefile "$pdf" "docs/$name"
    echo "docs/$name.png (page $page)"
done
