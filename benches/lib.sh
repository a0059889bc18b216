# Helpers of benches/scale.sh (sourced): timing whole processes, medians, table rows.
# shellcheck shell=bash

# Runs a command RUNS times (once with --once) and sets MEDIAN (seconds) and PEAK (kB, the
# largest of the runs). A setup command, given before "--", runs untimed before each run.
measure() {
  local setup="" runs=$RUNS
  if [ "$1" = "--once" ]; then runs=1; shift; fi
  while [ "$1" != "--" ]; do setup="$setup $1"; shift; done
  shift
  : > "$W/times.txt"
  local _
  for _ in $(seq "$runs"); do
    if [ -n "$setup" ]; then bash -c "$setup" >/dev/null 2>&1; fi
    /usr/bin/time -f "%e %M" -o "$W/one.txt" "$@" >/dev/null 2>"$W/stderr.txt" || {
      echo "failed: $*" >&2; cat "$W/stderr.txt" >&2; exit 1; }
    tail -1 "$W/one.txt" >> "$W/times.txt"
  done
  MEDIAN=$(cut -d' ' -f1 "$W/times.txt" | median)
  PEAK=$(cut -d' ' -f2 "$W/times.txt" | sort -n | tail -1)
}

# The median of the numbers on standard input, one a line.
median() {
  sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

# q / r to two decimals, or "-" when there is no reference.
ratio() {
  awk -v q="$1" -v r="$2" 'BEGIN { if (r == "-" || r <= 0) print "-"; else printf "%.2f\n", q / r }'
}

# PASS when every "value limit" pair given holds (value <= limit), else MISS; "-" skips a pair.
verdict() {
  awk 'BEGIN { ok = 1; for (i = 1; i < ARGC; i += 2) if (ARGV[i] != "-" && ARGV[i] + 0 > ARGV[i+1] + 0) ok = 0;
               print ok ? "PASS" : "MISS" }' "$@"
}

# Adds a table row: operation, median (s), peak (kB), target, reference (text), ratio, result.
row() {
  local mb="-"
  [ "$3" != "-" ] && mb="$(( $3 / 1024 )) MB"
  ROWS+=("| $1 | $2 | $mb | $4 | $5 | $6 | $7 |")
  echo "  $1: $2 s, peak $mb; target $4; reference $5; ratio $6: $7"
}

# Creates, in database $2, a table `interactions` with the columns that `interaction import`
# fills from a CSV (in the file's order: id, agent, channel, occurred_at, duration_s, customer),
# declared, keyed and indexed exactly as in store $1's interactions table (the index
# statements are copied from its schema). The store's integer `id` is the implicit rowid; its
# other columns (empty on import, filled by qaudit with the import time) are left out because
# `sqlite3 .import` cannot fill them and would print a warning per row.
reference_table() {
  local store=$1 db=$2 cols="" col decl
  for col in external_id agent_id channel occurred_at duration_s customer; do
    decl=$(sqlite3 "$store" "SELECT name || ' ' || type || CASE WHEN \"notnull\" THEN ' NOT NULL' ELSE '' END
                              FROM pragma_table_info('interactions') WHERE name = '$col'")
    [ -n "$decl" ] || { echo "the store's interactions table has no column $col" >&2; exit 1; }
    cols="$cols${cols:+, }$decl"
  done
  # The unique keys, as the store declares them (external_id UNIQUE).
  local uniques
  uniques=$(sqlite3 "$store" "SELECT group_concat('UNIQUE (' || (SELECT group_concat(name, ', ') FROM pragma_index_info(l.name)) || ')', ', ')
                             FROM pragma_index_list('interactions') l WHERE l.\"unique\" AND l.origin = 'u'")
  sqlite3 "$db" "CREATE TABLE interactions ($cols${uniques:+, $uniques})"
  sqlite3 "$store" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL" \
    | sqlite3 "$db"
}
