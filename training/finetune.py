"""The fine-tuning loop the encoder taggers share (persuasion, quotes): AdamW with a separate head learning rate,
linear warm-up and decay, gradient clipping, evaluation after every epoch, the best epoch kept, and a checkpoint
per epoch so that a rerun resumes. Needs torch (training only).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["finetune"]


def finetune(model: Any, windows: list[dict[str, Any]], loss_fn: Callable[[Any, list[dict[str, Any]]], Any],
             evaluate: Callable[[Any], dict[str, float]] | None, *, build: Path, epochs: int, batch: int, lr: float,
             head_lr: float, seed: int, time_budget_min: float, fresh: bool, log: logging.Logger,
             log_every: int = 20, keep_epochs: int = 0) -> Path:
    """Train ``model`` (parameters named ``enc.*`` get ``lr``, the rest ``head_lr``) and return the best state's path.

    ``evaluate(model)`` scores the model in eval mode and returns a dict with a ``select`` key (higher is better);
    ``evaluate=None`` looks at no held-out data: the last epoch is kept (a fixed epoch count, chosen beforehand).
    ``keep_epochs``: also save the weights of the last N epochs as ``epoch{N}.pt`` (for checkpoint averaging).
    The epoch order is shuffled with a per-epoch seed, so a resumed run sees the same order.
    """
    import torch

    enc_params = [p for n, p in model.named_parameters() if n.startswith("enc.")]
    head_params = [p for n, p in model.named_parameters() if not n.startswith("enc.")]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": lr}, {"params": head_params, "lr": head_lr}],
                            weight_decay=0.01)
    steps_per_epoch = (len(windows) + batch - 1) // batch
    total = steps_per_epoch * epochs
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    ckpt, best_path = build / "ckpt.pt", build / "best.pt"
    state: dict[str, Any] = {"epoch": 0, "best": -1.0, "history": [], "train_seconds": 0.0}
    if ckpt.exists() and not fresh:
        saved = torch.load(ckpt, weights_only=False)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        state = saved["state"]
        log.info("resumed from %s after epoch %d", ckpt, state["epoch"])
    while state["epoch"] < epochs:
        epoch = state["epoch"] + 1
        per_epoch = state["train_seconds"] / max(1, state["epoch"])
        if state["epoch"] and state["train_seconds"] + per_epoch > time_budget_min * 60:
            log.info("time budget: stopping before epoch %d (%.0f s per epoch so far)", epoch, per_epoch)
            break
        t0 = time.time()
        model.train()
        order = list(range(len(windows)))
        random.Random(seed * 1000 + epoch).shuffle(order)  # per-epoch seed: resumes reproduce the order
        running = 0.0
        for step in range(steps_per_epoch):
            loss = loss_fn(model, [windows[i] for i in order[step * batch : (step + 1) * batch]])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            running += float(loss.detach())
            if (step + 1) % log_every == 0:
                log.info("epoch %d step %d/%d loss %.4f (%.0f s)", epoch, step + 1, steps_per_epoch,
                         running / log_every, time.time() - t0)
                running = 0.0
        model.eval()
        scores = evaluate(model) if evaluate is not None else {"select": float(epoch)}
        state["train_seconds"] += time.time() - t0  # evaluation included: the budget is wall time
        state["epoch"] = epoch
        state["history"].append({"epoch": epoch, **scores})
        log.info("epoch %d done in %.0f s: %s", epoch, time.time() - t0, json.dumps(scores))
        if scores["select"] > state["best"]:
            state["best"] = scores["select"]
            torch.save(model.state_dict(), best_path)
            log.info("new best epoch %d", epoch)
        if epoch > epochs - keep_epochs:
            torch.save(model.state_dict(), build / f"epoch{epoch}.pt")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "state": state}, ckpt)
    (build / "history.json").write_text(json.dumps(state, indent=1))
    return best_path
