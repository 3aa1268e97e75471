#!/bin/sh
# make demo: the monthly job on the shipped synthetic samples.
# Writes demo-out/: records, rejects, clusters, tables, workbook, charts.
set -eu
: "${LBC_BIN:?}"
PATH=$LBC_BIN:$PATH
cd "$(dirname "$0")/.."
out=demo-out
mkdir -p "$out"
asof=2026-06-30

echo "== lbc-import: three office files (GB18030, UTF-8 with BOM, UTF-16 TAB)"
lbc-import -v -r samples/regions.tsv -R "$out/rejects.tsv" --as-of "$asof" \
    samples/drops/*.csv samples/drops/*.txt > "$out/records.tsv"
echo "   $(($(wc -l < "$out/records.tsv") - 1)) records -> $out/records.tsv," \
    "$(($(wc -l < "$out/rejects.tsv") - 1)) rejects -> $out/rejects.tsv"
