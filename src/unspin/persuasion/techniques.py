"""The 14 persuasion techniques of the PTC corpus (SemEval-2020 Task 11) and what they mean.

The names are exactly the class names of the shared task, so predictions written in FLC format can be
scored against PTC gold without any mapping.
"""

from __future__ import annotations

from unspin.labels import definition

__all__ = ["TECHNIQUES", "EXPLANATIONS"]

# Sorted as in propaganda-techniques-names-semeval2020task11.txt; the model's label indices follow this order.
TECHNIQUES: list[str] = [
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
]

# Our own wording, for readers of a report: the definitions live in the label catalogue (unspin/labels.json) with
# the other layers' labels, so the report, the web app and the CLI say the same thing.
EXPLANATIONS: dict[str, str] = {t: definition("technique", t) for t in TECHNIQUES}

assert all(EXPLANATIONS.values()), "every PTC technique needs a definition in labels.json"
