#!/usr/bin/env bash
# Measures the Python peers (pluggy, COMPAS) and plugkit's benchmarks of the same two paths in
# one window, and prints each peer's time as a multiple of plugkit's. See README.md here.
#
# Usage: benches/peers/run.sh [criterion options, e.g. --warm-up-time 1 --measurement-time 3]
# Environment: CARGO_TARGET_DIR (default: the workspace's target/), PYTHON (default: python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# Absolute, because cargo runs the benchmark from the package's directory and criterion writes
# under $CARGO_TARGET_DIR/criterion.
target="$(realpath -m "${CARGO_TARGET_DIR:-$root/target}")"
export CARGO_TARGET_DIR="$target"
venv="$target/peers-venv"
out="$target/peers"
python="${PYTHON:-python3}"
# The criterion groups of plugkit/benches/pluggable_call.rs that measure the peers' two paths.
filter='^(first_match|collect_all_10)/'

step() {
    printf '\n== %s (%s UTC)\n' "$1" "$(date -u +%H:%M:%S)"
}

cd "$root"
started="$(date +%s)"

step "virtual environment: $venv"
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

step "building the benchmark, before the window opens"
cargo bench -p plugkit-framework --bench pluggable_call --no-run

mkdir -p "$out"
# Criterion estimates older than this file are from an earlier run; ratios.py refuses them.
touch "$out/window-start"
step "window opens; load: $(uptime)"

step "peers: pluggy and COMPAS"
"$venv/bin/python" "$here/peers.py" --json "$out/peers.json"

step "plugkit: cargo bench -p plugkit-framework --bench pluggable_call -- '$filter' $*"
cargo bench -p plugkit-framework --bench pluggable_call -- "$filter" "$@"

step "window closes; load: $(uptime)"

step "peer / plugkit (peer: best of the timeit repeats; plugkit: criterion's median)"
"$venv/bin/python" "$here/ratios.py" \
    --peers "$out/peers.json" \
    --criterion "$target/criterion" \
    --newer-than "$out/window-start" \
    --json "$out/ratios.json"

printf '\nrun.sh took %ss; JSON in %s/peers.json and %s/ratios.json\n' \
    "$(($(date +%s) - started))" "$out" "$out"
