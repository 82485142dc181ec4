#!/usr/bin/env python3
"""Scores main-content extractions on a tuning subset and a held-out subset of the benchmark.

score-split.py GT_DIR PRED_DIR [HELD_OUT_DIGITS]   (default: ids ending in 7, 8 or 9 are held out)

Uses the same metric as score_main_content.py (WCXB word-level F1, `with`/`without` snippet rates):
the held-out pages are never looked at while tuning, so their score shows whether a change generalises.
"""
import json, re, sys
from collections import Counter
from pathlib import Path

def words(s):
    return re.findall(r"\w+", (s or "").lower())

def f1(pred, ref):
    p, r = words(pred), words(ref)
    if not r:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return (0.0, 0.0, 0.0)
    hit = sum((Counter(p) & Counter(r)).values())
    pr, rc = hit / len(p), hit / len(r)
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

def rate(text, snippets, empty):
    if not snippets:
        return empty
    t = text.lower()
    return sum(s.lower() in t for s in snippets) / len(snippets)

gt_dir, pred_dir = Path(sys.argv[1]), Path(sys.argv[2])
held = sys.argv[3] if len(sys.argv) > 3 else "789"
rows = []
for g in sorted(gt_dir.glob("*.json")):
    gt = json.load(open(g))["ground_truth"]
    pf = pred_dir / (g.stem + ".txt")
    pred = pf.read_text(errors="replace") if pf.exists() else ""
    rows.append((g.stem, *f1(pred, gt.get("main_content", "")),
                 rate(pred, gt.get("with") or [], 1.0), rate(pred, gt.get("without") or [], 0.0)))

def report(name, rs):
    n = len(rs)
    if n == 0:
        return
    m = lambda i: sum(r[i] for r in rs) / n
    print(f"{name:9} pages={n:3} precision={m(1):.4f} recall={m(2):.4f} F1={m(3):.4f} with={m(4):.3f} without={m(5):.3f}")

report("all", rows)
report("tuning", [r for r in rows if r[0][-1] not in held])
report("held-out", [r for r in rows if r[0][-1] in held])
