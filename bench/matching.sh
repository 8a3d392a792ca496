#!/usr/bin/env bash
# Group matching in the core alone, on realistic synthetic instances: 10,000 open needs against
# 30,000 offer slots, then 100,000 against 300,000; the optimal proposal beside the greedy
# baseline in the same run (time, needs matched, total fit, largest load, load Gini, peak
# memory). Sizes and runs can be changed through the environment (see bench/src/matching.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p collaborate-bench --bin matching-bench
echo "== 10,000 needs, 30,000 slots"
NEEDS=10000 SLOTS=30000 RUNS=${RUNS:-5} target/release/matching-bench
echo "== 100,000 needs, 300,000 slots"
NEEDS=100000 SLOTS=300000 RUNS=${RUNS:-3} target/release/matching-bench
