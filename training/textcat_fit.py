"""Fitting helpers for the text-classification heads: sklearn models exported to :class:`unspin.ml.heads.Head`
weights, out-of-fold predictions, and threshold tuning for micro-F1 / positive F1 / macro-F1."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from unspin.benchmarks import scoring

GRID = np.round(np.arange(0.04, 0.96, 0.02), 3)


def fit(x: np.ndarray, y: np.ndarray, *, kind: str, multilabel: bool, c: float = 1.0, hidden: int = 0,
        class_weight: str | None = None, seed: int = 13,
        sample_weight: np.ndarray | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Standardise, fit, and return layer weights with the standardisation folded into the first layer.

    kind "lr": logistic regression (one per label when multilabel, multinomial otherwise);
    kind "mlp": one hidden ReLU layer of ``hidden`` units (alpha = 1/c as L2 penalty), early stopping.
    ``sample_weight`` (single-label only) weighs the rows (the genre layer balances classes and sources with it).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mu) / sd
    layers: list[tuple[np.ndarray, np.ndarray]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs convergence chatter on tiny classes
        if kind == "lr" and multilabel:
            ws, bs = [], []
            for j in range(y.shape[1]):
                if y[:, j].min() == y[:, j].max():  # a label never (or always) seen: constant logit
                    ws.append(np.zeros(x.shape[1]))
                    bs.append(-8.0 if y[:, j].max() == 0 else 8.0)
                    continue
                m = LogisticRegression(C=c, max_iter=400, class_weight=class_weight).fit(z, y[:, j])
                ws.append(m.coef_[0])
                bs.append(float(m.intercept_[0]))
            layers = [(np.stack(ws, axis=1), np.array(bs))]
        elif kind == "lr":
            m = LogisticRegression(C=c, max_iter=1000, class_weight=class_weight).fit(z, y, sample_weight=sample_weight)
            coef, icpt = m.coef_, m.intercept_
            if coef.shape[0] == 1:  # binary: sklearn keeps one row; make it a single sigmoid output
                layers = [(coef.T, icpt)]
            else:
                layers = [(coef.T, icpt)]
        else:
            m = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1.0 / c, max_iter=200, early_stopping=True,
                              random_state=seed, n_iter_no_change=8, batch_size=256, learning_rate_init=1e-3)
            m.fit(z, y, sample_weight=sample_weight)
            layers = [(w, b) for w, b in zip(m.coefs_, m.intercepts_, strict=True)]
    w0, b0 = layers[0]
    layers[0] = ((w0 / sd[:, None]).astype(np.float32), (b0 - (mu / sd) @ w0).astype(np.float32))
    return [(w.astype(np.float32), np.asarray(b, dtype=np.float32)) for w, b in layers]


def forward(layers: Sequence[tuple[np.ndarray, np.ndarray]], x: np.ndarray, output: str) -> np.ndarray:
    h = x.astype(np.float32)
    for i, (w, b) in enumerate(layers):
        h = h @ w + b
        if i < len(layers) - 1:
            h = np.maximum(h, 0)
    if output == "softmax":
        e = np.exp(h - h.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return 1 / (1 + np.exp(-np.clip(h, -30, 30)))


def oof(x: np.ndarray, y: np.ndarray, groups: np.ndarray, *, folds: int = 5, output: str, fold_seed: int | None = None,
        **kw: object) -> np.ndarray:
    """Out-of-fold probabilities on the training set (folds by group = article), for threshold tuning.

    ``fold_seed``: shuffle the groups into folds with this seed (None: sklearn's deterministic size-balanced folds).
    """
    from sklearn.model_selection import GroupKFold

    out = np.zeros((len(x), y.shape[1] if y.ndim == 2 else int(y.max()) + 1), dtype=np.float32)
    gkf = GroupKFold(n_splits=folds) if fold_seed is None else GroupKFold(n_splits=folds, shuffle=True,
                                                                         random_state=fold_seed)
    for tr, te in gkf.split(x, y, groups):
        layers = fit(x[tr], y[tr], **kw)  # type: ignore[arg-type]
        p = forward(layers, x[te], output)
        out[te] = p if p.shape[1] == out.shape[1] else np.concatenate([1 - p, p], axis=1)[:, -out.shape[1]:]
    return out


def micro(y: np.ndarray, p: np.ndarray, thr: np.ndarray) -> float:
    pred = p >= thr
    tp = float((pred & (y == 1)).sum())
    return scoring.f1(int(tp), int(pred.sum() - tp), int(y.sum() - tp))[0]


def tune_multilabel(y: np.ndarray, p: np.ndarray, langs: np.ndarray, *,
                    per_label: bool = True) -> dict[str, np.ndarray]:
    """Thresholds for micro-F1: "*" = one per label on the pooled data (coordinate ascent from the best global
    value), then for each language a single shift of all labels (small per-language data can't carry more)."""
    k = y.shape[1]
    best_g = max(GRID, key=lambda t: micro(y, p, np.full(k, t)))
    thr = np.full(k, best_g, dtype=np.float64)
    if per_label:
        for _ in range(2):
            for j in range(k):
                cands = []
                for t in GRID:
                    trial = thr.copy()
                    trial[j] = t
                    cands.append((micro(y, p, trial), -abs(t - best_g), t))
                thr[j] = max(cands)[2]
    out = {"*": thr.astype(np.float32)}
    for lang in sorted(set(langs)):
        m = langs == lang
        shifts = np.round(np.arange(-0.3, 0.31, 0.02), 3)
        s = max(shifts, key=lambda d: (micro(y[m], p[m], np.clip(thr + d, 0.02, 0.98)), -abs(d)))
        out[str(lang)] = np.clip(thr + s, 0.02, 0.98).astype(np.float32)
    return out


def tune_binary(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold maximising positive-class F1 (fine grid)."""
    grid = np.round(np.arange(0.05, 0.95, 0.005), 3)
    return float(max(grid, key=lambda t: micro(y[:, None], p[:, None], np.array([t]))))


def tune_shift(y: np.ndarray, p: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Additive log-probability shifts per class maximising macro-F1 (class 0 fixed at 0)."""
    lp = np.log(np.clip(p, 1e-9, None))
    grid = np.round(np.arange(-2.0, 2.01, 0.25), 2)

    def macro(shift: np.ndarray) -> float:
        pred = np.argmax(lp + shift, axis=1)
        gold = {i: labels[v] for i, v in enumerate(y)}
        return scoring.macro_f1(gold, {i: labels[v] for i, v in enumerate(pred)}, labels).f1

    best = np.zeros(len(labels))
    for _ in range(2):
        for j in range(1, len(labels)):
            cands = []
            for g in grid:
                s = best.copy()
                s[j] = g
                cands.append((macro(s), -abs(g), g))
            best[j] = max(cands)[2]
    return best.astype(np.float32)
