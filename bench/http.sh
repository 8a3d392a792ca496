#!/usr/bin/env bash
# Throughput of the HTTP server on a synthetic region-sized group (bench/search.sh's data, in
# SQLite): search near a place and "my profile", each next to poem's minimal "hello" route,
# measured with wrk in the same run. Prints requests per second, p99, and the ratio to hello.
# Needs wrk (Debian's package; installed here if missing). DURATION and CONNECTIONS may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p collaborate-bench --bins
cargo build --release --bin collaborate
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }

echo "== loading the synthetic group"
db="sqlite://$work/bench.db?mode=rwc"
DATABASE_URL="$db" SEARCHES=0 target/release/search-bench

port=$(free_port)
target/release/collaborate serve --bind "127.0.0.1:$port" --database-url "$db" 2>"$work/server.log" &
pids+=($!)
hello_port=$(free_port)
BIND="127.0.0.1:$hello_port" target/release/hello-server &
pids+=($!)
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && curl -sf "http://127.0.0.1:$hello_port/" >/dev/null; do sleep 0.2; done

api="http://127.0.0.1:$port/api/v1"
token=$(curl -s -X POST "$api/sessions" -H 'Content-Type: application/json' \
  -d '{"email": "admin@bench.example.org", "password": "a long enough password"}' | json '["token"]')
auth="Authorization: Bearer $token"
group=$(curl -s "$api/groups" -H "$auth" | json '["items"][0]["group"]["id"]')
areas=$(curl -s "$api/groups/$group/areas" -H "$auth")
for i in 0 1 2; do
  area=$(echo "$areas" | json "[\"items\"][$i][\"id\"]")
  aspect=$(echo "$areas" | json "[\"items\"][$i][\"aspects\"][0]")
  curl -s -o /dev/null -X POST "$api/groups/$group/offers" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"area_id\": \"$area\", \"aspects\": [\"$aspect\"], \"description\": \"Benchmark\", \"modes\": [\"email\"]}"
done
area=$(echo "$areas" | json '["items"][7]["id"]')

measure() {
  local label=$1; shift
  local out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$@")
  local rps p99
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "$label: $rps requests/s, p99 $p99" >&2
  echo "$rps"
}

echo "== measuring ($duration each, $connections connections)"
hello=$(measure "hello (poem, minimal)" "http://127.0.0.1:$hello_port/")
search=$(measure "search near a place (25 km)" -H "$auth" "$api/groups/$group/search?area_id=$area&lat=53.8&lon=-1.55&radius_km=25")
profile=$(measure "my profile" -H "$auth" "$api/groups/$group/members/me")
python3 -c "h, s, p = $hello, $search, $profile; print(f'search = {s / h:.0%} of hello; profile = {p / h:.0%} of hello')"
