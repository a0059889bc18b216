#!/usr/bin/env bash
# The scale benchmark: builds a store of N interactions and N evaluations with `qaudit demo`,
# then times qaudit's heavy operations as whole processes, several runs each, with medians,
# against the sqlite3 command-line tool doing the same work where there is an equivalent.
# Prints a table and writes it to target/bench.md.
#
#   benches/scale.sh              # N = 1,000,000 (about ten minutes and 3 GB of disk)
#   benches/scale.sh 100000       # a quicker look
#   RUNS=7 benches/scale.sh       # more runs per operation (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
RUNS=${RUNS:-5}
W=target/bench
BIN=target/release/qaudit
TEAM_SQL=src/store/sql/team_aggregate.sql

command -v sqlite3 >/dev/null || { echo "benches/scale.sh needs the sqlite3 command-line tool (apt-get install sqlite3)"; exit 1; }
[ -x /usr/bin/time ] || { echo "benches/scale.sh needs GNU time (apt-get install time)"; exit 1; }

cargo build --release --quiet
mkdir -p "$W"
rm -f "$W"/scale.db* "$W"/import.db* "$W"/plain.db* "$W"/times.txt
ROWS=()

# Runs a command RUNS times; sets MEDIAN (seconds) and PEAK (kB, the largest of the runs).
# A setup command (optional, before "--") runs untimed before each run.
measure() {
  local setup=() runs=$RUNS
  if [ "$1" = "--once" ]; then runs=1; shift; fi
  while [ "$1" != "--" ]; do setup+=("$1"); shift; done
  shift
  : > "$W/times.txt"
  for _ in $(seq "$runs"); do
    if [ ${#setup[@]} -gt 0 ]; then bash -c "${setup[*]}" >/dev/null 2>&1; fi
    /usr/bin/time -f "%e %M" -o "$W/one.txt" "$@" >/dev/null 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
    cat "$W/one.txt" >> "$W/times.txt"
  done
  MEDIAN=$(cut -d' ' -f1 "$W/times.txt" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  PEAK=$(cut -d' ' -f2 "$W/times.txt" | sort -n | tail -1)
}

# Adds a row: operation, qaudit median and peak, sqlite3 median (or "-").
row() {
  local name=$1 q=$2 peak=$3 s=${4:--}
  local ratio="-"
  if [ "$s" != "-" ]; then ratio=$(awk -v q="$q" -v s="$s" 'BEGIN { if (s > 0) printf "%.2f", q / s; else print "-" }'); fi
  ROWS+=("| $name | $q s | $(( peak / 1024 )) MB | $s | $ratio |")
  echo "  $name: qaudit ${q}s (peak $(( peak / 1024 )) MB), sqlite3 ${s}s, ratio $ratio"
}

# "met" when a median (s) and a peak (kB) are within a target of SECONDS and MB, else "missed".
target() {
  awk -v s="$1" -v kb="$2" -v ts="$3" -v tmb="$4" 'BEGIN { print (s < ts && kb <= tmb * 1024) ? "met" : "MISSED" }'
}

# One agent per thousand evaluations (at least the demo's 24): about a thousand evaluations per
# agent over the demo's 120 days, as in a large contact centre.
AGENTS=$(( N / 1000 > 24 ? N / 1000 : 24 ))
echo "== building the scale store: $N interactions, $N evaluations, $AGENTS agents"
measure --once -- "$BIN" --db "$W/scale.db" demo --agents "$AGENTS" --interactions "$N" --evaluations "$N" --visits $(( N / 100 )) --quiet
row "demo at scale ($N interactions and evaluations)" "$MEDIAN" "$PEAK"

FROM=$(date -u -d '-120 days' +%F); TO=$(date -u +%F)
MONTH_FROM=$(date -u -d '-30 days' +%F)

echo "== CSV import of $N interactions"
sqlite3 -csv -header "$W/scale.db" \
  "SELECT external_id AS id, agent_id AS agent, channel, occurred_at, duration_s, customer FROM interactions" > "$W/interactions.csv"
measure "rm -f $W/import.db*; $BIN --db $W/import.db init --quiet" -- \
  "$BIN" --db "$W/import.db" interaction import "$W/interactions.csv" --create-agents --keep-customer --quiet
Q=$MEDIAN; QP=$PEAK
measure "rm -f $W/plain.db*; sqlite3 $W/plain.db 'CREATE TABLE interactions (id TEXT PRIMARY KEY, agent TEXT NOT NULL, channel TEXT NOT NULL, occurred_at TEXT NOT NULL, duration_s INTEGER, customer TEXT)'" -- \
  sqlite3 "$W/plain.db" ".import --csv --skip 1 $W/interactions.csv interactions"
row "CSV import, $N interactions (vs sqlite3 .import)" "$Q" "$QP" "$MEDIAN"

echo "== team report over the 120 days"
cat > "$W/team.sql" <<SQL
.parameter init
.parameter set :from '${FROM}T00:00:00Z'
.parameter set :to '$(date -u -d '+1 day' +%F)T00:00:00Z'
.parameter set :prev_from '$(date -u -d '-241 days' +%F)T00:00:00Z'
.parameter set :team NULL
.parameter set :rubric NULL
.parameter set :channel NULL
.parameter set :kpis '[["call-quality",1,"resolution.resolved","resolution"],["call-quality",1,"resolution.first_contact","first_contact"],["calidad-contacto",1,"resolucion.resuelto","resolution"],["calidad-contacto",1,"resolucion.primer_contacto","first_contact"]]'
$(cat "$TEAM_SQL");
SQL
measure -- "$BIN" --db "$W/scale.db" report team --from "$FROM" --to "$TO" --format txt
Q=$MEDIAN; QP=$PEAK
measure -- sqlite3 "$W/scale.db" ".read $W/team.sql"
row "report team (vs the same aggregate SQL in sqlite3)" "$Q" "$QP" "$MEDIAN"

echo "== coach plan, flags, sample draw"
measure -- "$BIN" --db "$W/scale.db" coach plan a-001 --from "$MONTH_FROM" --to "$TO" --format txt
row "coach plan for one agent" "$MEDIAN" "$PEAK"
measure -- "$BIN" --db "$W/scale.db" flags --format json
row "flags (every rule, every agent)" "$MEDIAN" "$PEAK"
measure -- "$BIN" --db "$W/scale.db" --as lea sample draw --from "$MONTH_FROM" --to "$TO" --per-agent 4 --seed 1 --include-evaluated --format json
row "sample draw over the month" "$MEDIAN" "$PEAK"

echo "== exports (streamed; the target is 1M evaluations of scores in < 60 s and <= 100 MB)"
SCORES_SQL="SELECT e.id, e.rubric_id, e.agent_id, e.occurred_at, cs.criterion_key, cs.answer, cs.norm, cs.comment
  FROM counted_evaluations e JOIN criterion_scores cs ON cs.evaluation_id = e.id AND cs.revision = e.revision
  ORDER BY e.id, cs.criterion_key"
measure -- "$BIN" --db "$W/scale.db" export scores --output "$W/scores.csv"
Q=$MEDIAN; QP=$PEAK
measure -- sqlite3 -csv -header "$W/scale.db" "$SCORES_SQL"
row "export scores ($(( $(wc -l < "$W/scores.csv") - 1 )) rows, vs the same join in sqlite3; target < 60 s, <= 100 MB: $(target "$Q" "$QP" 60 100)" "$Q" "$QP" "$MEDIAN"
measure -- "$BIN" --db "$W/scale.db" export evaluations --output "$W/evaluations.csv"
row "export evaluations (section scores as columns; target < 60 s, <= 100 MB: $(target "$MEDIAN" "$PEAK" 60 100))" "$MEDIAN" "$PEAK"

echo "== verify (target: at most 60 s at a million evaluations)"
measure -- "$BIN" --db "$W/scale.db" verify --quiet
Q=$MEDIAN; QP=$PEAK
measure -- sqlite3 "$W/scale.db" "PRAGMA integrity_check"
row "verify: every record's digest, the keyed chain, every score recomputed (vs sqlite3 integrity_check)" "$Q" "$QP" "$MEDIAN"

echo "== scoring one evaluation into the large store"
"$BIN" --db "$W/scale.db" --as lea staff add bench --name "Bench Evaluator" --role evaluator --quiet >/dev/null
: > "$W/score-ids.txt"
sqlite3 "$W/scale.db" "SELECT external_id FROM interactions ORDER BY id DESC LIMIT $RUNS" > "$W/score-ids.txt"
cat > "$W/score-one.sh" <<'SH'
#!/usr/bin/env bash
id=$(head -1 "$1"); sed -i 1d "$1"
exec "$2" --db "$3" --as bench score --interaction "$id" --rubric call-quality --answers examples/answers/call-1042.yaml --format json
SH
measure -- bash "$W/score-one.sh" "$W/score-ids.txt" "$BIN" "$W/scale.db"
row "score one evaluation" "$MEDIAN" "$PEAK"

{
  echo "# qaudit scale benchmark"
  echo
  echo "$(date -u +%F), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), N = $N, $AGENTS agents, median of $RUNS runs (the demo: one run)."
  echo "Store: $(du -h "$W/scale.db" | cut -f1). sqlite3 $(sqlite3 --version | cut -d' ' -f1)."
  echo
  echo "| operation | qaudit (median) | qaudit peak memory | sqlite3 (median) | ratio |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} > target/bench.md
echo
cat target/bench.md
