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
# Then (d) the same response-time rows as 31 daily gzip files (split by local date, gzip -6),
# audited through a quoted glob, against `zcat FILES > /dev/null` (the decompression floor),
# and (e) the same requests as an IIS W3C extended log (examples/gen_w3c.rs), audited with
# --response-times-format w3c, against the csv-crate count of that file (count_records --w3c:
# space-delimited, `#` directives as comments); each pair alternates run by run
# (/usr/bin/time: wall, user, sys, max RSS of every run), and the commitments of the three
# audits (CSV, gzip, W3C) are compared. LOGS=0 skips (d) and (e). Before them, (f): one
# history in three row orders (grouped, sorted by time, a long-format field history sorted by
# time), each against its own parse floor; ORDER=0 skips it (see the section below); BEFORE=DIR
# (another build's target/release) adds that build's reading phase and audit to each of the
# three alternations. BASE=DIR adds (g): that build's response-time and ticket audits beside
# this one's, alternated run by run with the floor (a) (e.g. an older commit built in a
# `git worktree` of its own, with CARGO_TARGET_DIR set apart).
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

cargo build --release --quiet --bin livret --example count_records --example gen_response_times --example gen_tickets \
    --example read_tickets \
    --example gen_w3c
BIN=target/release
RT="$DIR/response_times_$ROWS.csv"
TK="$DIR/tickets_$EVENTS.csv"
[ -s "$RT" ] || { echo "generating $RT" >&2; "$BIN/examples/gen_response_times" "$ROWS" "$RT"; }
[ -s "$TK" ] || { echo "generating $TK" >&2; "$BIN/examples/gen_tickets" "$EVENTS" "$TK"; }
VARIANT_NAMES=()
[ "${VARIANTS:-1}" = 0 ] || VARIANT_NAMES=(shuffled-ids long-subjects time-sorted)
GZD="$DIR/gz_$ROWS"
W3="$DIR/response_times_$ROWS.log"
if [ "${LOGS:-1}" != 0 ]; then
    if [ ! -s "$GZD/response_times-2026-10-31.csv.gz" ]; then
        echo "generating $GZD/response_times-2026-10-*.csv.gz" >&2
        rm -rf "$GZD"; mkdir -p "$GZD"
        # Rows are time-ordered: each local day is one run of rows; every file has the header.
        awk -v d="$GZD" 'NR == 1 {h = $0; next}
            {k = substr($0, 1, 10); if (k != cur) {if (f) close(f); cur = k; f = d "/response_times-" k ".csv"; print h > f} print > f}' "$RT"
        ls "$GZD"/*.csv | xargs -P "$(nproc)" -n 1 gzip -6
    fi
    [ -s "$W3" ] || { echo "generating $W3" >&2; "$BIN/examples/gen_w3c" "$RT" "$W3"; }
fi
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

# Runs the commands given (separated by `--`) alternately: one warm-up each, then RUNS rounds
# of one run each, so that the machine's drift falls on all of them alike. Prints one line per
# command: "min median user sys rss" (wall seconds; mean user and sys seconds; max RSS MiB).
alternate() {
    local name=$1; shift
    local cmds=() cmd=()
    for a in "$@"; do
        if [ "$a" = -- ]; then cmds+=("$(printf '%q ' "${cmd[@]}")"); cmd=(); else cmd+=("$a"); fi
    done
    cmds+=("$(printf '%q ' "${cmd[@]}")")
    local i
    for i in "${!cmds[@]}"; do bash -c "${cmds[$i]}" >/dev/null 2>&1 || true; : >"$DIR/$name-$i.txt"; done
    for _ in $(seq "$RUNS"); do
        for i in "${!cmds[@]}"; do
            local t0=$EPOCHREALTIME
            /usr/bin/time -f '%U %S %M' -o "$DIR/time.txt" bash -c "exec ${cmds[$i]}" >/dev/null 2>&1 || true
            local t1=$EPOCHREALTIME
            echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $(tail -1 "$DIR/time.txt")" >>"$DIR/$name-$i.txt"
        done
    done
    for i in "${!cmds[@]}"; do
        sort -n "$DIR/$name-$i.txt" | awk '{w[NR] = $1; u += $2; s += $3; if ($4 > r) r = $4}
            END {printf "%.3f %.3f %.2f %.2f %.1f\n", w[1], w[int((NR + 1) / 2)], u / NR, s / NR, r / 1024}'
    done
}

# (f) Row order (issue 15): one history of EVENTS status changes, PER_TICKET a ticket
# (default 5: 2 M tickets for 10 M events), as a status history grouped by ticket, the same
# rows sorted by time, and the same changes as a long-format field history sorted by time
# (Fivetran's ticket_field_history shape). For each: the csv-crate count of the file (the
# floor), the reading phase alone (examples/read_tickets.rs: TicketSet::read, what the audit
# does before evaluating) and the whole audit, alternating run by run. ORDER=0 skips it.
if [ "${ORDER:-1}" != 0 ]; then
    PER=${PER_TICKET:-5}
    ORDER_ROWS=()
    for v in grouped time-sorted field-history; do
        f="$DIR/tickets_${EVENTS}_per${PER}_$v.csv"
        arg=$v; [ "$v" = grouped ] && arg=""
        [ -s "$f" ] || { echo "generating $f" >&2; "$BIN/examples/gen_tickets" "$EVENTS" "$f" $arg --per-ticket "$PER"; }
        A=(--profile talentsoft --period 2026-10 --tickets "$f")
        echo "load before (f) $v: $(cut -d' ' -f1-3 /proc/loadavg)"
        PREV=()
        LABELS="count_records (floor)|read_tickets (reading phase)|livret audit --format json"
        if [ -n "${BEFORE:-}" ]; then
            PREV=(-- "$BEFORE/examples/read_tickets" "${A[@]}" -- "$BEFORE/livret" audit "${A[@]}" --format json)
            LABELS="$LABELS|read_tickets, BEFORE|livret audit, BEFORE"
        fi
        mapfile -t F < <(alternate "order-$v" "$BIN/examples/count_records" "$f" -- "$BIN/examples/read_tickets" "${A[@]}" \
            -- "$BIN/livret" audit "${A[@]}" --format json "${PREV[@]}")
        for k in "${!F[@]}"; do
            label=$(echo "$LABELS" | cut -d'|' -f$((k + 1)))
            ORDER_ROWS+=("$(awk -v v="$v" -v l="$label" -v ev="$EVENTS" -v mb="$(mb "$f")" -v x="${F[$k]}" -v fl="${F[0]}" 'BEGIN {
                split(x, a, " "); split(fl, b, " ");
                printf "| %s | %s | %.0f | %.3f | %.3f | %.2f M | %.2f | %.2f + %.2f | %.1f |", v, l, mb, a[1], a[2], ev / a[2] / 1e6, a[2] / b[2], a[3], a[4], a[5]}')")
        done
    done
    printf '\n(f) %d status changes, %s a ticket, three row orders; %d alternating runs\n' "$EVENTS" "$PER" "$RUNS"
    echo "| order | program | MiB | min s | median s | events/s (median) | x floor (median) | user + sys s (mean) | peak RSS MiB |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for row in "${ORDER_ROWS[@]}"; do echo "$row"; done
    echo "target: reading >= 5 M events/s and <= 3x the floor, whatever the order"
fi

# (g) Before and after (issue 13 step 6): BASE=DIR, the release directory of another build
# (e.g. an older commit's target/release, built in a worktree of its own), puts its livret
# beside this one on (b) and (c), alternated run by run with the floor (a).
if [ -n "${BASE:-}" ]; then
    echo "load before (g): $(cut -d' ' -f1-3 /proc/loadavg)"
    BASE_AUDIT=("$BASE/livret" "${AUDIT[@]:1}")
    BASE_TICKETS=("$BASE/livret" "${TICKETS[@]:1}")
    mapfile -t G < <(alternate base "${FLOOR[@]}" -- "${BASE_AUDIT[@]}" -- "${AUDIT[@]}" -- "${BASE_TICKETS[@]}" -- "${TICKETS[@]}")
    echo "load after (g): $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '\n(g) BASE=%s against this build; %d alternating runs\n' "$BASE" "$RUNS"
    echo "| program | min s | median s | x floor (median) / events/s | user + sys s (mean) | peak RSS MiB |"
    echo "|---|---|---|---|---|---|"
    for k in 0 1 2 3 4; do
        label=$(echo "(a) count_records|(b) response times, BASE|(b) response times, this build|(c) tickets, BASE|(c) tickets, this build" | cut -d'|' -f$((k + 1)))
        awk -v l="$label" -v k="$k" -v ev="$EVENTS" -v x="${G[$k]}" -v fl="${G[0]}" 'BEGIN {
            split(x, a, " "); split(fl, b, " ");
            r = k < 3 ? sprintf("%.2f (min %.2f)", a[2] / b[2], a[1] / b[1]) : sprintf("%.2f M", ev / a[2] / 1e6);
            printf "| %s | %.3f | %.3f | %s | %.2f + %.2f | %.1f |\n", l, a[1], a[2], r, a[3], a[4], a[5]}'
    done
    echo "targets: (b) <= 0.8x the floor; (c) >= 5 M events/s"
fi

[ "${LOGS:-1}" != 0 ] || exit 0


# The commitment response-time.average of a JSON report (its verdict, measured figures,
# evidence and items: every month/data-centre average, count and percentile), one line.
commitments() {
    python3 -c '
import json, sys
r = json.load(sys.stdin)
print(json.dumps([c for c in r["commitments"] if c["id"] == "response-time.average"], sort_keys=True))'
}

GZ_FILES=("$GZD"/response_times-2026-10-*.csv.gz)
GZ_MB=$(du -cb "${GZ_FILES[@]}" | awk 'END {printf "%.1f", $1 / 1048576}')
W3_MB=$(mb "$W3")
ZCAT=(zcat "${GZ_FILES[@]}")
GZAUDIT=("$BIN/livret" audit --profile talentsoft --period 2026-10 --response-times "$GZD/response_times-2026-10-*.csv.gz" --format json)
W3FLOOR=("$BIN/examples/count_records" --w3c "$W3")
W3AUDIT=("$BIN/livret" audit --profile talentsoft --period 2026-10 --response-times "$W3" --response-times-format w3c --format json)

echo
echo "load before (d): $(cut -d' ' -f1-3 /proc/loadavg)"
mapfile -t D < <(alternate gz "${ZCAT[@]}" -- "${GZAUDIT[@]}" -- "${AUDIT[@]}")
echo "load before (e): $(cut -d' ' -f1-3 /proc/loadavg)"
mapfile -t E < <(alternate w3c "${W3FLOOR[@]}" -- "${W3AUDIT[@]}")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

row() { # label MiB "min median user sys rss"
    read -r mn md u s r <<<"$3"
    awk -v l="$1" -v mb="$2" -v mn="$mn" -v md="$md" -v u="$u" -v s="$s" -v r="$r" \
        'BEGIN {printf "| %s | %.3f | %.3f | %.0f | %.2f + %.2f | %.1f |\n", l, mn, md, mb / md, u, s, r}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " "); printf "%.2f (min), %.2f (median)", y[1] / x[1], y[2] / x[2]}'; }

printf '\n(d) %d rows as %d daily gzip files, %.1f MiB compressed (%.1f MiB plain); %d alternating runs\n' \
    "$ROWS" "${#GZ_FILES[@]}" "$GZ_MB" "$RT_MB" "$RUNS"
echo "| program | min s | median s | plain MiB/s (median) | user + sys s (mean) | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
row "zcat FILES > /dev/null (decompression floor)" "$RT_MB" "${D[0]}"
row "livret audit --response-times 'DIR/response_times-2026-10-*.csv.gz'" "$RT_MB" "${D[1]}"
row "livret audit --response-times FILE.csv (plain, same rows)" "$RT_MB" "${D[2]}"
echo "ratio gzip audit / zcat: $(ratio "${D[0]}" "${D[1]}")"
printf '\n(e) %d requests as a W3C log, %.1f MiB; %d alternating runs\n' "$ROWS" "$W3_MB" "$RUNS"
echo "| program | min s | median s | MiB/s (median) | user + sys s (mean) | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
row "count_records --w3c (csv crate, 1 thread)" "$W3_MB" "${E[0]}"
row "livret audit --response-times FILE.log --response-times-format w3c" "$W3_MB" "${E[1]}"
echo "ratio W3C audit / count: $(ratio "${E[0]}" "${E[1]}")"

echo
"${AUDIT[@]}" 2>/dev/null | commitments >"$DIR/commitments-csv.txt" || true
"${GZAUDIT[@]}" 2>/dev/null | commitments >"$DIR/commitments-gz.txt" || true
"${W3AUDIT[@]}" 2>/dev/null | commitments >"$DIR/commitments-w3c.txt" || true
if [ -s "$DIR/commitments-csv.txt" ] && cmp -s "$DIR/commitments-csv.txt" "$DIR/commitments-gz.txt" \
    && cmp -s "$DIR/commitments-csv.txt" "$DIR/commitments-w3c.txt"; then
    echo "response-time.average commitment (verdict, averages, counts, percentiles): identical for CSV, gzip and W3C"
    python3 -c 'import json, sys
for c in json.load(open(sys.argv[1])):
    print(c["verdict"], c["evidence"])
    for i in c["items"]: print("  ", i["subject"], i["count"], i["avg_ms"], i["p99_ms"])' "$DIR/commitments-csv.txt"
else
    echo "response-time.average commitments DIFFER (see $DIR/commitments-*.txt)"; exit 1
fi
