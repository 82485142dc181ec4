#!/usr/bin/env python3
"""Fits the heuristic extractor's rule-ranking weights (issue 10) on labelled pages.

    Benchmarks/fit-ranker.py [--bench DIR] [--bin PATH] [--holdout "id id"] [--l2 X] [--budget BYTES]

For every page of the rules benchmark (default ../shared/bench/rules-dev) it runs
`rules-maker inspect PAGE --stage candidates --format json`, labels each candidate 1 when it alone
covers a labelled statement (the benchmark scorer's own matching), and fits an L2-regularised
logistic regression over the candidates' features on the tuning pages (all but --holdout). It
prints the weights as a Swift `RankModel` (to compare with `RankModel.handSet`), and a simulated selection (candidates in
score order until the byte budget is full) for the tuning and the held-out pages, with the
current in-binary scores alongside for comparison. Needs numpy.
"""
import argparse, json, math, os, subprocess, sys
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--bench", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench", "rules-dev"))
ap.add_argument("--bin", default=os.environ.get("RULES_MAKER_BIN", ".build/debug/rules-maker"))
ap.add_argument("--holdout", default="click-testing go-memory-model syn-parse")
ap.add_argument("--l2", type=float, default=1.0)
ap.add_argument("--budget", type=int, default=4600)
ap.add_argument("--scale", type=float, default=2.0)
a = ap.parse_args()

sys.path.insert(0, a.bench)
import score_rules as sr  # noqa: E402

gold = json.load(open(os.path.join(a.bench, "gold.json")))
gold = gold["pages"] if isinstance(gold, dict) else gold
hold = set(a.holdout.split())

pages = []
names = None
for p in gold:
    html = os.path.join(a.bench, "html", p["id"] + ".html")
    out = subprocess.run([a.bin, "inspect", html, "--stage", "candidates", "--format", "json"], capture_output=True, text=True, check=True)
    cands = json.loads(out.stdout)
    if names is None and cands:
        names = sorted(cands[0]["features"].keys())
    rows = []
    for c in cands:
        r = c["rule"]
        unit = r["text"] + ("\n" + r["example"]["code"] if r.get("example") else "")
        unit = sr.normalize_unit(unit)
        covers = [st["id"] for st in p["statements"] if sr.covered_by(st, [unit]) is not None]
        rows.append({"x": [c["features"][n] for n in names], "y": 1 if covers else 0, "covers": covers,
                     "bytes": len(unit.encode()) + 12, "old": r["score"]})
    pages.append({"id": p["id"], "n": len(p["statements"]), "rows": rows})

def fit(rows, l2):
    X = np.array([r["x"] for r in rows], dtype=float)
    y = np.array([r["y"] for r in rows], dtype=float)
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    w = np.zeros(Z.shape[1]); b = 0.0
    for _ in range(4000):  # gradient descent on the regularised log loss
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = Z.T @ (p - y) / len(y) + l2 * w / len(y)
        w -= 0.5 * g; b -= 0.5 * float(np.mean(p - y))
    # back to raw feature units
    wr = w / sd
    br = b - float(np.sum(w * mu / sd))
    return br, wr

def simulate(page, score):
    order = sorted(range(len(page["rows"])), key=lambda i: -score(page["rows"][i]))
    used, got = 0, set()
    for i in order:
        r = page["rows"][i]
        if used + r["bytes"] > a.budget:
            continue
        used += r["bytes"]; got.update(r["covers"])
    return len(got)

tune = [p for p in pages if p["id"] not in hold]
# Leave-one-page-out over the tuning pages: how the fitted ranking does on a page it never saw.
cv = 0
for p in tune:
    cb, cw = fit([r for q in tune if q is not p for r in q["rows"]], a.l2)
    cv += simulate(p, lambda r: cb + float(np.dot(cw, r["x"])))
print(f"leave-one-page-out on tuning pages: {cv}/{sum(p['n'] for p in tune)}")
held = [p for p in pages if p["id"] in hold]
b, w = fit([r for p in tune for r in p["rows"]], a.l2)
lin = lambda r: b + float(np.dot(w, r["x"]))
old = lambda r: r["old"]
for label, sel in (("tuning", tune), ("held-out", held)):
    n = sum(p["n"] for p in sel)
    print(f"{label}: fitted {sum(simulate(p, lin) for p in sel)}/{n}  current {sum(simulate(p, old) for p in sel)}/{n}  "
          + " ".join(f"{p['id']}={simulate(p, lin)}/{simulate(p, old)}/{p['n']}" for p in sel))
print(f"positives {sum(r['y'] for p in tune for r in p['rows'])} of {sum(len(p['rows']) for p in tune)} tuning candidates")
print(f"    static let fitted = RankModel(bias: {b * a.scale:.4f}, weights: [")
for n, x in sorted(zip(names, w), key=lambda t: -abs(t[1])):
    print(f'        "{n}": {x * a.scale:.4f},')
print("    ])")
