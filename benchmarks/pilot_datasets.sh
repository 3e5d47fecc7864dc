# Sourced by the benchmark scripts: the array "pilot" holds benchmarks/pilot_datasets.txt.
mapfile -t pilot < <(grep -v '^\s*\(#\|$\)' "$(dirname "${BASH_SOURCE[0]}")/pilot_datasets.txt")
