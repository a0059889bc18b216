#!/usr/bin/env python3
"""The drift alarm's rates, measured over many generated stores (issue 16, pinned decision).

Each run builds a fresh store with the release binary, the way a team's would be filled: one
agent, a reference evaluator (lea) who scores every contact, and two evaluators who give second
opinions, imported with `evaluation import`; then reads `report evaluators --format json`.
- tom gives 50 second opinions; from his 21st his scores are SHIFT points higher. The alarm
  must fire within 30 of his evaluations after the shift (pinned: in at least 80% of runs).
- eva gives 200 steady second opinions. Any alarm is false (pinned: at most 5% of runs).
Every score is the contact's quality (mean 70, sd 10) plus NOISE points of noise (sd), the same
model as tests/evaluator_drift.rs. Prints the rates with a 95% Wilson interval.

    cargo build --release && benches/drift_rates.py            # 200 runs
    benches/drift_rates.py --runs 50 --shift 5 --noise 3
"""
import argparse, json, math, os, random, subprocess, sys, tempfile, time

RUBRIC = """id: one-score
version: 1
title: One score
subject: interaction
pass_mark: 80
scales:
  points: { type: range, min: 0, max: 100 }
sections:
  - id: s
    title: Everything
    criteria:
      - { id: points, text: Points, scale: points }
"""

TOM, TOM_STEADY, EVA = 50, 20, 200


def qaudit(binary, home, db, *args):
    env = dict(os.environ, HOME=home, QAUDIT_DB=db, QAUDIT_USER="lea")
    out = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"qaudit {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout


def one_run(binary, seed, shift, noise):
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as home:
        db = os.path.join(home, "qaudit.db")
        q = lambda *a: qaudit(binary, home, db, *a)
        q("init")
        q("agent", "add", "a-1", "--name", "Ana Ruiz")
        q("staff", "add", "lea", "--name", "Lea Sol", "--role", "lead", "--role", "evaluator")
        for who in ("eva", "tom"):
            q("staff", "add", who, "--name", who, "--role", "evaluator")
        path = lambda name: os.path.join(home, name)
        open(path("one.yaml"), "w").write(RUBRIC)
        q("rubric", "import", path("one.yaml"))
        q("staff", "reference", "one-score", "lea")
        seconds = ["eva"] * EVA + ["tom"] * TOM
        calls = ["id,agent,channel,occurred_at"]
        scores = ["evaluation,subject,agent,evaluator,rubric,scored_at,criterion,value"]
        toms = 0
        for i, second in enumerate(seconds):
            day, minute = 1 + i // 600, i % 600
            calls.append(f"C-{i:04},a-1,phone,2026-11-{day:02} {8 + minute // 60:02}:{minute % 60:02}")
            quality = rng.gauss(70, 10)
            offset = 0.0
            if second == "tom":
                toms += 1
                offset = shift if toms > TOM_STEADY else 0.0
            for k, (who, extra) in enumerate((("lea", 0.0), (second, offset))):
                score = min(100, max(0, round(quality + extra + rng.gauss(0, noise))))
                scores.append(f"E-{i}-{k},C-{i:04},a-1,{who},one-score,2026-12-01 {8 + minute // 60:02}:{minute % 60:02},s.points,{score}")
        open(path("calls.csv"), "w").write("\n".join(calls) + "\n")
        open(path("scores.csv"), "w").write("\n".join(scores) + "\n")
        q("interaction", "import", path("calls.csv"))
        q("evaluation", "import", path("scores.csv"))
        report = json.loads(q("--format", "json", "report", "evaluators", "--from", "2026-11-01", "--to", "2026-11-30"))
        rows = {r["evaluator"]: r for r in report["reliability"]}
        for who, n in (("tom", TOM), ("eva", EVA)):
            if rows[who]["compared"] != n:
                sys.exit(f"seed {seed}: {who} has {rows[who]['compared']} compared contacts, not {n}")
        fired = lambda who: (rows[who].get("drift") or {}).get("fired_at")
        tom_at = fired("tom")
        caught = tom_at is not None and TOM_STEADY <= tom_at < TOM_STEADY + 30
        early = tom_at is not None and tom_at < TOM_STEADY
        return caught, early, fired("eva") is not None


def wilson(k, n, z=1.96):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--shift", type=float, default=5.0)
    ap.add_argument("--noise", type=float, default=3.0)
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "qaudit"))
    a = ap.parse_args()
    started = time.time()
    caught = early = false = 0
    for seed in range(1, a.runs + 1):
        c, e, f = one_run(a.binary, seed, a.shift, a.noise)
        caught += c
        early += e
        false += f
    n = a.runs
    lo, hi = wilson(caught, n)
    flo, fhi = wilson(false, n)
    print(f"drift alarm over {n} generated stores (shift {a.shift:g} points, noise sd {a.noise:g}), {time.time() - started:.0f} s")
    print(f"  caught within 30 evaluations of the shift: {caught}/{n} = {100 * caught / n:.1f}% (95% CI {lo:.1f}-{hi:.1f}%; target >= 80%)")
    print(f"  drifting evaluator alarmed before the shift: {early}/{n} = {100 * early / n:.1f}%")
    print(f"  steady evaluator, false alarm in 200 evaluations: {false}/{n} = {100 * false / n:.1f}% (95% CI {flo:.1f}-{fhi:.1f}%; target <= 5%)")
    ok = caught / n >= 0.80 and false / n <= 0.05
    print("  targets:", "met" if ok else "MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
