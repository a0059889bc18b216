#!/usr/bin/env python3
"""The DuckDB reference of benches/scale.sh (issue 21): the team report's core over the rows
exported from a qaudit store, as an analyst would compute it in DuckDB.

    python3 benches/duckdb_team.py DIR RUNS KEY [KEY ...]

DIR holds evaluations.csv (id, agent_id, overall, passed, critical_failed: the counted
evaluations), sections.csv (evaluation_id, section_id, score) and criteria.csv
(evaluation_id, criterion_key, norm), the latest revision of each. KEY are the criterion keys
marked `kpi: resolution`. Loading is not timed; the query is, RUNS times on 2 threads and on 1.
Prints one line: "<median s on 2 threads> <median s on 1 thread> <agents>".
"""
import statistics
import sys
import time

import duckdb

# Per agent: count, mean, passed and critical counts, the weakest section's mean, and the
# evaluations with a resolution criterion answered below full marks (of those answered).
CORE = """
WITH per_agent AS (
    SELECT agent_id, count(*) AS n, avg(overall) AS mean, sum(passed) AS passed,
           sum(critical_failed) AS critical
    FROM evaluations GROUP BY agent_id),
sections AS (
    SELECT e.agent_id, s.section_id, avg(s.score) AS mean
    FROM sections s JOIN evaluations e ON e.id = s.evaluation_id
    WHERE s.score IS NOT NULL GROUP BY e.agent_id, s.section_id),
weakest AS (
    SELECT agent_id, min(mean) AS weakest FROM sections GROUP BY agent_id),
resolution AS (
    SELECT e.agent_id, count(DISTINCT c.evaluation_id) FILTER (WHERE c.norm < 1) AS failures,
           count(DISTINCT c.evaluation_id) AS checked
    FROM criteria c JOIN evaluations e ON e.id = c.evaluation_id
    WHERE c.criterion_key IN (SELECT unnest($keys)) AND c.norm IS NOT NULL
    GROUP BY e.agent_id)
SELECT p.*, w.weakest, r.failures, r.checked
FROM per_agent p LEFT JOIN weakest w USING (agent_id) LEFT JOIN resolution r USING (agent_id)
ORDER BY p.mean DESC, p.agent_id
"""


def main():
    folder, runs, keys = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    db = duckdb.connect()
    for table in ("evaluations", "sections", "criteria"):
        db.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv_auto('{folder}/{table}.csv', header = true)")
    medians = []
    agents = 0
    for threads in (2, 1):
        db.execute(f"SET threads = {threads}")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            agents = len(db.execute(CORE, {"keys": keys}).fetchall())
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times))
    print(f"{medians[0]:.3f} {medians[1]:.3f} {agents}")


if __name__ == "__main__":
    main()
