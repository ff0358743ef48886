#!/usr/bin/env bash
# Benchmarks livret on big generated inputs (never part of `cargo test`).
#
#   scripts/bench.sh                 # 20 million response-time rows, 10 million ticket events
#   ROWS=2000000 EVENTS=1000000 RUNS=3 scripts/bench.sh   # a quick run while developing
#
# Times in the same run (a) the parse floor: a single-threaded csv-crate program that only
# counts records (examples/count_records.rs) and (b) `livret audit --response-times` on the
# same file; then (c) `livret audit --tickets` on a generated ticket history, and on two
# variants of it: ticket ids in random order, 61-byte subjects, and rows sorted by time
# (tickets interleaved, numbered by creation); VARIANTS=0 skips them.
# Uses hyperfine
# when installed (min and median of RUNS runs), else a loop of /usr/bin/time; peak RSS comes
# from /usr/bin/time -v (NO_HYPERFINE=1 forces the loop). Generated files go to $BENCH_DIR (default /tmp/livret-bench), never
# into the repository.
set -euo pipefail

ROWS=${ROWS:-20000000}
EVENTS=${EVENTS:-10000000}
RUNS=${RUNS:-5}
DIR=${BENCH_DIR:-/tmp/livret-bench}
cd "$(dirname "$0")/.."
mkdir -p "$DIR"

cargo build --release --quiet --bin livret --example count_records --example gen_response_times --example gen_tickets
BIN=target/release
RT="$DIR/response_times_$ROWS.csv"
TK="$DIR/tickets_$EVENTS.csv"
[ -s "$RT" ] || { echo "generating $RT" >&2; "$BIN/examples/gen_response_times" "$ROWS" "$RT"; }
[ -s "$TK" ] || { echo "generating $TK" >&2; "$BIN/examples/gen_tickets" "$EVENTS" "$TK"; }
VARIANT_NAMES=()
[ "${VARIANTS:-1}" = 0 ] || VARIANT_NAMES=(shuffled-ids long-subjects time-sorted)
for v in "${VARIANT_NAMES[@]}"; do
    f="$DIR/tickets_${EVENTS}_$v.csv"
    [ -s "$f" ] || { echo "generating $f" >&2; "$BIN/examples/gen_tickets" "$EVENTS" "$f" "$v"; }
done

FLOOR=("$BIN/examples/count_records" "$RT")
AUDIT=("$BIN/livret" audit --profile talentsoft --period 2026-10 --response-times "$RT" --format json)
TICKETS=("$BIN/livret" audit --profile talentsoft --period 2026-10 --tickets "$TK" --format json)

# Prints "min median" in seconds for a command (its output is discarded; exit 1 = a failed
# commitment, which is a normal audit result).
times() {
    local name=$1; shift
    if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
        hyperfine --style none --warmup 1 --runs "$RUNS" -i --export-json "$DIR/$name.json" \
            "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 - "$DIR/$name.json" <<'PY' 2>/dev/null || jq -r '.results[0] | "\(.min) \(.median)"' "$DIR/$name.json"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["min"], r["median"])
PY
    else
        local all=()
        "$@" >/dev/null 2>&1 || true   # warm-up
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f %e -o "$DIR/time.txt" "$@" >/dev/null 2>&1 || true
            all+=("$(tail -1 "$DIR/time.txt")")
        done
        printf '%s\n' "${all[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1], a[int((NR+1)/2)]}'
    fi
}

# Peak resident memory in MiB of one run.
peak_rss() {
    /usr/bin/time -v -o "$DIR/time-v.txt" "$@" >/dev/null 2>&1 || true
    awk '/Maximum resident set size/ {printf "%.1f", $6 / 1024}' "$DIR/time-v.txt"
}

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f", b / 1048576}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(cut -d' ' -f1-3 /proc/loadavg)"
RT_MB=$(mb "$RT"); TK_MB=$(mb "$TK")
read -r A_MIN A_MED <<<"$(times floor "${FLOOR[@]}")"
read -r B_MIN B_MED <<<"$(times audit "${AUDIT[@]}")"
A_RSS=$(peak_rss "${FLOOR[@]}"); B_RSS=$(peak_rss "${AUDIT[@]}")
read -r T_MIN T_MED <<<"$(times tickets "${TICKETS[@]}")"
T_RSS=$(peak_rss "${TICKETS[@]}")
VARIANT_ROWS=()
for v in "${VARIANT_NAMES[@]}"; do
    f="$DIR/tickets_${EVENTS}_$v.csv"
    cmd=("$BIN/livret" audit --profile talentsoft --period 2026-10 --tickets "$f" --format json)
    read -r V_MIN V_MED <<<"$(times "tickets-$v" "${cmd[@]}")"
    V_RSS=$(peak_rss "${cmd[@]}")
    VARIANT_ROWS+=("$(awk -v v="$v" -v ev="$EVENTS" -v mb="$(mb "$f")" -v a="$V_MIN" -v m="$V_MED" -v r="$V_RSS" \
        'BEGIN {printf "| (c) %s | %.3f | %.3f | %.2f M | %.0f | %.1f |", v, a, m, ev / m / 1e6, mb / m, r}')")
done

awk -v rows="$ROWS" -v mb="$RT_MB" -v amin="$A_MIN" -v amed="$A_MED" -v bmin="$B_MIN" -v bmed="$B_MED" \
    -v arss="$A_RSS" -v brss="$B_RSS" -v ev="$EVENTS" -v tmb="$TK_MB" -v tmin="$T_MIN" -v tmed="$T_MED" \
    -v trss="$T_RSS" -v runs="$RUNS" 'BEGIN {
    printf "\nresponse times: %d rows, %.1f MiB; %d runs each\n", rows, mb, runs
    printf "| program | min s | median s | MiB/s (median) | peak RSS MiB |\n|---|---|---|---|---|\n"
    printf "| (a) count_records (csv crate, 1 thread) | %.3f | %.3f | %.0f | %.1f |\n", amin, amed, mb / amed, arss
    printf "| (b) livret audit --response-times | %.3f | %.3f | %.0f | %.1f |\n", bmin, bmed, mb / bmed, brss
    printf "ratio b/a: %.2f (min), %.2f (median); target <= 0.8, peak RSS <= 64 MiB\n", bmin / amin, bmed / amed
    printf "\ntickets: %d events, %.1f MiB\n", ev, tmb
    printf "| program | min s | median s | events/s (median) | MiB/s | peak RSS MiB |\n|---|---|---|---|---|---|\n"
    printf "| (c) livret audit --tickets | %.3f | %.3f | %.2f M | %.0f | %.1f |\n", tmin, tmed, ev / tmed / 1e6, tmb / tmed, trss
}'
for row in "${VARIANT_ROWS[@]}"; do echo "$row"; done
echo "target >= 5 M events/s"
