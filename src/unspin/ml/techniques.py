"""The 14 persuasion techniques of the PTC corpus (SemEval-2020 Task 11) and what they mean.

The names are exactly the class names of the shared task, so predictions written in FLC format can be
scored against PTC gold without any mapping.
"""

from __future__ import annotations

from unspin.labels import definition, taxonomy_spellings

__all__ = ["TECHNIQUES", "EXPLANATIONS"]

# The one list of the PTC's techniques is the label catalogue's (unspin/labels.json, taxonomy "ptc"). Sorted, as in
# propaganda-techniques-names-semeval2020task11.txt: training numbers the tagger's classes in this order (a trained
# model keeps its own list in its config.json, so reordering here would not silently relabel a shipped model).
TECHNIQUES: list[str] = sorted(taxonomy_spellings("ptc"))

# Our own wording, for readers of a report: the definitions live in the label catalogue (unspin/labels.json) with
# the other layers' labels, so the report, the web app and the CLI say the same thing.
EXPLANATIONS: dict[str, str] = {t: definition("technique", t) for t in TECHNIQUES}

assert all(EXPLANATIONS.values()), "every PTC technique needs a definition in labels.json"
