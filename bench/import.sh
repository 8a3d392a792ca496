#!/usr/bin/env bash
# The questionnaire import through the real command line (`collaborate import`), on SQLite and on
# a throwaway PostgreSQL: files of 1, 2,500, 5,000 and 10,000 people, each with five strengths and
# five needs, each imported into a group of its own, first as a dry run, then for real, then again
# (every person now updated rather than added). Prints
# each run's time and the process's peak memory, and how much more memory than the one-row
# import it took per MiB of file. ROWS may list other sizes (the first is the baseline).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUST_LOG=error

cargo build --release -p collaborate-bench --bin import-bench
cargo build --release --bin collaborate
work=$(mktemp -d)
chmod 755 "$work"
trap '.ci/postgres stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Runs a command; prints its wall time in seconds and its peak resident memory in KiB.
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.monotonic() - started
if done.returncode != 0:
    sys.exit(f"{sys.argv[1:]} failed with {done.returncode}")
print(f"{elapsed:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}

bench() {
  local url=$1 baseline=""
  DATABASE_URL="$url" OUT="$work" target/release/import-bench > "$work/plan"
  while read -r rows group file; do
    bytes=$(stat -c %s "$file")
    for mode in --dry-run commit again; do
      flag=$([ "$mode" = --dry-run ] && echo --dry-run || true)
      read -r seconds rss < <(measure target/release/collaborate import --database-url "$url" --group "$group" "$file" $flag)
      baseline=${baseline:-$rss}
      python3 -c "
rows, bytes, seconds, rss, base = $rows, $bytes, $seconds, $rss, $baseline
mib = bytes / 2**20
extra = (rss - base) / 1024
per = f'{extra / mib:.1f} MiB per MiB of file' if mib >= 0.01 else 'the baseline'
print(f'{rows:>6} rows ({mib:5.2f} MiB) {\"$mode\":<9}: {seconds:6.2f} s, {rows / seconds:7.0f} rows/s, peak {rss / 1024:6.1f} MiB ({per})')"
    done
  done < "$work/plan"
}

echo "== SQLite"
bench "sqlite://$work/bench.db?mode=rwc"

echo "== PostgreSQL"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=$(.ci/postgres start "$work/pg" "$port")
bench "$server"
