#!/usr/bin/env python3
"""How far the `with`-snippet rate of the main-content benchmark can go, whatever the extractor.

with-layouts.py BENCH_DIR PRED_DIR

The `with` rate is a case-insensitive substring test of each human-chosen snippet against the
extracted text, so it depends on the line layout of the text, not only on its words. The ground
truths were written in two layouts: most join a paragraph's text nodes as a reader sees them, but a
batch of pages puts every DOM text node on a line of its own ("The\\nEngine\\nis a\\nfactory\\n…"),
keeping the page source's own line breaks inside text nodes. One text cannot be in both layouts.

For every page this script builds, from the WHOLE document (no main-content choice at all, so no
snippet is lost to extraction), the text in each layout:
  joined   every text node as written in the HTML source, concatenated (source whitespace kept);
  split    every non-blank text node, stripped, on a line of its own;
and reports the share of `with` snippets found (mean over pages, as the scorer computes it) by:
  ours     PRED_DIR/<id>.txt (what `Benchmarks/main-content.sh` wrote);
  joined / split   the whole document in that layout;
  oracle   the best of ours, joined and split for each page: an extractor that knew which layout
           each page's annotator used and lost nothing to main-content detection.
"""
import gzip
import json
import sys
from html.parser import HTMLParser
from pathlib import Path


class TextNodes(HTMLParser):
    """The document's text nodes, as the HTML source has them (script/style/template left out)."""

    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.nodes.append(data)


def share(text, snippets):
    t = text.lower()
    return sum(s.lower() in t for s in snippets) / len(snippets)


def main():
    bench, pred = Path(sys.argv[1]), Path(sys.argv[2])
    totals = {"ours": 0.0, "joined": 0.0, "split": 0.0, "oracle": 0.0}
    pages = split_pages = 0
    for g in sorted((bench / "ground-truth").glob("*.json")):
        pages += 1
        snippets = json.load(open(g))["ground_truth"].get("with") or []
        if not snippets:  # the scorer counts a page without snippets as 1.0
            for k in totals:
                totals[k] += 1.0
            continue
        parser = TextNodes()
        parser.feed(gzip.open(bench / "html" / (g.stem + ".html.gz")).read().decode("utf-8", "replace"))
        ours_file = pred / (g.stem + ".txt")
        rates = {
            "ours": share(ours_file.read_text(errors="replace") if ours_file.exists() else "", snippets),
            "joined": share("".join(parser.nodes), snippets),
            "split": share("\n".join(n.strip() for n in parser.nodes if n.strip()), snippets),
        }
        rates["oracle"] = max(rates.values())
        if rates["split"] > max(rates["ours"], rates["joined"]):
            split_pages += 1
        for k, v in rates.items():
            totals[k] += v
    print(f"pages={pages}  pages whose snippets need the one-node-per-line layout: {split_pages}")
    print("  ".join(f"{k}={v / pages:.3f}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
