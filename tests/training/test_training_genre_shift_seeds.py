"""The genre head's decision shifts are tuned on several fold seeds per replicate; replicates never share a seed."""

from __future__ import annotations

from training import textcat_genre as G


def test_one_fold_seed_per_replicate_is_the_old_protocol() -> None:
    assert G.replicate_seeds(1) == [(s,) for s in G.SEEDS]


def test_replicates_of_five_fold_seeds_are_disjoint_and_start_with_the_shipped_seeds() -> None:
    reps = G.replicate_seeds(5)
    assert len(reps) == 5 and reps[0] == (13, 14, 15, 16, 17)
    flat = [s for r in reps for s in r]
    assert len(flat) == len(set(flat)) == 25
