"""The quotes layer's attribution tagger on PolNeAR dev: overlap and exact P/R/F1 per role, and relation F1.

    python bench/eval_quotes.py [--model DIR] [--split dev|tuning] [--boot 1000]

Scores (definitions in ``unspin.benchmarks.polnear``): per role (source, cue, content) the overlap precision (mean
share of a predicted span's characters inside gold spans of its role), overlap recall (mean share of a gold span
covered), their F1, and exact-boundary P/R/F1; relation P/R/F1 (contents share at least half of each one's
characters, sources overlap or are both absent; one-to-one). ``±`` is the standard deviation over bootstrap
resamples of the articles (``--boot`` draws, seed 0). When other seeds' results exist under
``build/quotes-l*-s*/result.json`` (``python -m training.quotes --seed N --no-ship``), their dev figures are printed
as well, with the mean and standard deviation over seeds.

PolNeAR dev (84 articles, month 11 of the coverage) is the report part: no epoch, threshold or decoder setting was
chosen on it (training/splits/polnear_quotes.json). One annotation file per article, the annotator id that sorts
first. Without the data it prints a message and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from training.paths import data_root  # noqa: E402
from unspin.benchmarks import polnear  # noqa: E402
from unspin.components.quotes import is_rhetorical_consensus, shown_relation  # noqa: E402
from unspin.ml.attribution import DEFAULT_MODEL_DIR, AttributionTagger  # noqa: E402


def predict(tagger: AttributionTagger, articles: dict[str, polnear.Article], min_score: float = 0.0,
            component_rules: bool = False) -> dict[str, list[polnear.Relation]]:
    """The tagger's relations per article; with ``component_rules`` also what the quotes component does to them
    (:func:`unspin.components.quotes.shown_relation`: an appeal to consensus, "Everyone knows …", is the writer's
    comment, not a quote; a cue in capitals is a subhead's verb; a speech cue left without a source gets its
    sentence's subject, with sentences from the structure layer), as `unspin analyze` shows them."""
    out: dict[str, list[polnear.Relation]] = {}
    names = sorted(articles)
    for k in range(0, len(names), 8):
        chunk = names[k : k + 8]
        for name, rels in zip(chunk, tagger.relations_many([articles[n].text for n in chunk]), strict=True):
            text = articles[name].text
            sentences = _sentences(text) if component_rules else []
            out[name] = []
            for r in rels:
                if r.content.score < min_score:
                    continue
                content = (r.parts[0].start, r.parts[-1].end)
                source = (r.source.start, r.source.end) if r.source else None
                cue = (r.cue.start, r.cue.end) if r.cue else None
                if component_rules:
                    at = next((a for a, b in sentences if cue and a <= cue[0] < b), None)
                    shown = shown_relation(text, source, cue, content, at)
                    if shown is None:
                        continue
                    source, cue = shown
                out[name].append(polnear.Relation(tuple((c.start, c.end) for c in r.parts),
                                                  (cue,) if cue else None, (source,) if source else None))
    return out


@lru_cache(maxsize=1)
def _structure() -> Any:
    from unspin import Analyzer

    return Analyzer(["structure"])


def _sentences(text: str) -> list[tuple[int, int]]:
    """The structure layer's sentences of a text, as the quotes component sees them."""
    from unspin import Document

    return [(s.start, s.end) for s in _structure().run(Document.from_text(text)).sentences]


def _text(article: polnear.Article, spans: tuple[tuple[int, int], ...] | None) -> str | None:
    return " ".join(article.text[a:b] for a, b in spans) if spans else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--split", choices=("dev", "tuning"), default="dev")
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--min-score", type=float, default=None,
                    help="also score only relations whose content score reaches this (default: the quotes "
                         "component's min_score, what `unspin analyze` shows)")
    args = ap.parse_args()
    data = data_root() / "polnear"
    if not (data / "dev").is_dir():
        print(f"PolNeAR not found under {data}: nothing to evaluate (set UNSPIN_DATA)")
        return
    if args.split == "dev":
        articles = polnear.read_corpus(data / "dev")
    else:
        split = json.loads((REPO / "training" / "splits" / "polnear_quotes.json").read_text())
        articles = polnear.read_corpus(data / "train", split["tuning"])
    tagger = AttributionTagger.from_dir(args.model)
    pred = predict(tagger, articles)
    gold = {n: a.relations for n, a in articles.items()}
    scores = polnear.score_corpus(pred, gold)
    sd = polnear.bootstrap_sd(pred, gold, n=args.boot)
    n_rel = int(scores["relation"]["n_gold"])
    print(f"PolNeAR {args.split}: {len(articles)} articles, {n_rel} gold relations; model {args.model}")
    print(f"{'role':<9} {'overlap P':>9} {'overlap R':>9} {'overlap F1':>15} {'exact P':>8} {'exact R':>8} "
          f"{'exact F1':>8}")
    for role in polnear.ROLES:
        s = scores[role]
        print(f"{role:<9} {s['overlap_p']:>9.3f} {s['overlap_r']:>9.3f} "
              f"{s['overlap_f1']:>8.3f} ±{sd[f'{role}_overlap_f1']:.3f} {s['exact_p']:>8.3f} {s['exact_r']:>8.3f} "
              f"{s['exact_f1']:>8.3f}")
    r = scores["relation"]
    print(f"{'relation':<9} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f} ±{sd['relation_f1']:.3f} "
          f"({int(r['n_pred'])} predicted)")
    print(f"± = standard deviation over {args.boot} bootstrap resamples of the {len(articles)} articles")
    from unspin import registry

    shown = args.min_score if args.min_score is not None else float(registry.get("quotes").config()["min_score"])
    kept = predict(tagger, articles, shown, component_rules=True)
    dropped = sum(is_rhetorical_consensus(_text(a, r.source), _text(a, r.cue))
                  for a in articles.values() for r in a.relations)
    ks, ksd = polnear.headline(polnear.score_corpus(kept, gold)), polnear.bootstrap_sd(kept, gold, n=args.boot)
    print(f"\nat `unspin analyze`'s point (content score >= {shown}): " + ", ".join(
        f"{k} {v:.3f} ±{ksd[k]:.3f}" for k, v in ks.items()) + f" ({sum(map(len, kept.values()))} predicted; "
        f"the consensus rule would drop {dropped} of the {n_rel} gold relations)")
    results = sorted(REPO.glob("build/quotes-l*-s*/result.json"))
    if args.split == "dev" and results:
        rows = []
        for path in results:
            res = json.loads(path.read_text())
            rows.append((path.parent.name, polnear.headline(res["dev"])))
        print(f"\nseeds (each its own training run, scored on dev at its end): {len(rows)}")
        keys = list(rows[0][1])
        print(f"{'run':<18} " + " ".join(f"{k:>20}" for k in keys))
        for name, head in rows:
            print(f"{name:<18} " + " ".join(f"{head[k]:>20.3f}" for k in keys))
        if len(rows) > 1:
            stats = [polnear.mean_sd([h[k] for _, h in rows]) for k in keys]
            print(f"{'mean ± sd':<18} " + " ".join(f"{f'{m:.3f} ± {s:.3f}':>20}" for m, s in stats))


if __name__ == "__main__":
    main()
