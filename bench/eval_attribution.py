"""Attribution on real news pages: unspin beside trafilatura's own metadata, in one run.

    python bench/eval_attribution.py [--pages N] [--misses]

Reads ``attribution/`` under the benchmark data (``$UNSPIN_DATA`` or ``shared/data`` beside the repository; see its
SOURCE.md): raw HTML pages with the authors, site, date and title their upstream projects state. For each page,
unspin ingests the HTML and runs its ``structure`` component (which reads trafilatura's metadata and the text's
bylines, credits and dates); the peer is ``trafilatura.bare_extraction(html, url=..., with_metadata=True)``, what a
user would otherwise call. Without the data it prints a message and exits 0.

Matching (the rules SOURCE.md suggests): names are normalised (NFKD, combining marks dropped, casefolded, runs of
non-alphanumerics to one space); a predicted and a gold name match if equal or one contains the other on word
boundaries. Authors: precision and recall over (page, name) pairs on pages with gold authors. Site: any predicted
organisation matches the gold site. Date: the published date starts with the gold date. Title: equal, or one
contains the other and the shorter is at least 30% of the longer. A null gold field is not scored.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w]+|_", " ", stripped).strip()


def names_match(a: str, b: str) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    return x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "


def title_match(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    x, y = norm(pred), norm(gold)
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    return bool(short) and short in long_ and len(short) >= 0.3 * len(long_)


@dataclass
class Prediction:
    authors: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    date: str | None = None
    title: str | None = None


@dataclass
class Score:
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0
    site: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)

    def add(self, gold: dict, pred: Prediction) -> dict[str, object]:
        misses: dict[str, object] = {}
        if gold.get("authors"):
            self.n_pred += len(pred.authors)
            self.tp_pred += sum(any(names_match(p, g) for g in gold["authors"]) for p in pred.authors)
            self.n_gold += len(gold["authors"])
            hit = sum(any(names_match(p, g) for p in pred.authors) for g in gold["authors"])
            self.tp_gold += hit
            if hit < len(gold["authors"]) or any(not any(names_match(p, g) for g in gold["authors"])
                                                 for p in pred.authors):
                misses["authors"] = pred.authors
        if gold.get("site"):
            self.site.append(any(names_match(o, gold["site"]) for o in pred.orgs))
            if not self.site[-1]:
                misses["site"] = pred.orgs
        if gold.get("date"):
            self.date.append(bool(pred.date) and str(pred.date).startswith(gold["date"]))
            if not self.date[-1]:
                misses["date"] = pred.date
        if gold.get("title"):
            self.title.append(title_match(pred.title, gold["title"]))
            if not self.title[-1]:
                misses["title"] = pred.title
        return misses

    def figures(self) -> dict[str, float]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0

        def acc(xs: list[bool]) -> float:
            return sum(xs) / len(xs) if xs else 0.0

        return {"author P": p, "author R": r, "author F1": f1, "site acc": acc(self.site),
                "date acc": acc(self.date), "title acc": acc(self.title)}


def unspin_predict(analyzer: object, html: bytes, url: str | None) -> Prediction:
    from unspin.errors import UnspinError
    from unspin.ingest import load_bytes

    try:
        doc = analyzer(load_bytes(html, url=url, media_type="text/html"))  # type: ignore[operator]
    except UnspinError:
        return Prediction()
    a = doc.attribution
    return Prediction(authors=list(a.authors), orgs=list(a.organizations), date=a.published,
                      title=doc.title.text if doc.title else None)


def trafilatura_predict(html: bytes, url: str | None) -> Prediction:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    except Exception:  # noqa: BLE001 - the peer's failure on a page is a miss, not a crash of the benchmark
        return Prediction()
    if result is None:
        return Prediction()
    author = getattr(result, "author", None) or ""
    site = getattr(result, "sitename", None)
    return Prediction(authors=[a.strip() for a in author.split(";") if a.strip()], orgs=[site] if site else [],
                      date=getattr(result, "date", None), title=getattr(result, "title", None))


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # training/ is beside src/
    from training.paths import data_root

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=0, help="only the first N pages (0: all)")
    ap.add_argument("--misses", action="store_true", help="also print each page where unspin misses a field")
    args = ap.parse_args()
    root = data_root() / "attribution"
    if not (root / "gold.jsonl").is_file():
        print(f"attribution data not found under {root} (set UNSPIN_DATA): nothing to evaluate")
        return 0
    from unspin import Analyzer

    analyzer = Analyzer(["structure"])
    golds = [json.loads(line) for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    if args.pages:
        golds = golds[: args.pages]
    ours, peer = Score(), Score()
    for gold in golds:
        html = (root / gold["file"]).read_bytes()
        missed = ours.add(gold, unspin_predict(analyzer, html, gold.get("url")))
        peer.add(gold, trafilatura_predict(html, gold.get("url")))
        if args.misses and missed:
            print(gold["file"], {k: gold.get(k) for k in missed}, "→", missed, file=sys.stderr)
    a, b = ours.figures(), peer.figures()
    print(f"attribution on {len(golds)} pages ({root}): unspin vs trafilatura {_version()}")
    print(f"| {'field':<10} | {'unspin':>6} | {'trafilatura':>11} |")
    print(f"|{'-' * 12}|{'-' * 8}|{'-' * 13}|")
    for key in a:
        print(f"| {key:<10} | {a[key]:>6.3f} | {b[key]:>11.3f} |")
    print(f"(scored: authors on {sum(1 for g in golds if g.get('authors'))} pages, site {len(ours.site)}, "
          f"date {len(ours.date)}, title {len(ours.title)})")
    return 0


def _version() -> str:
    from importlib.metadata import version

    return version("trafilatura")


if __name__ == "__main__":
    sys.exit(main())
