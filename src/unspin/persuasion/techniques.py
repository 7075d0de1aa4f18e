"""The 14 persuasion techniques of the PTC corpus (SemEval-2020 Task 11) and what they mean.

The names are exactly the class names of the shared task, so predictions written in FLC format can be
scored against PTC gold without any mapping. The explanations are our own wording, for readers of a report.
"""

from __future__ import annotations

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

EXPLANATIONS: dict[str, str] = {
    "Appeal_to_Authority": (
        "Treats a claim as true because an expert, official or famous person said so, "
        "instead of showing the evidence."
    ),
    "Appeal_to_fear-prejudice": (
        "Tries to win support by making readers afraid of something or someone, "
        "or by playing on existing prejudice against a group."
    ),
    "Bandwagon,Reductio_ad_hitlerum": (
        "Urges you to agree because 'everyone' already does, or rejects an idea because a "
        "hated person or group is linked to it."
    ),
    "Black-and-White_Fallacy": (
        "Presents only two options, as if nothing else were possible, so that one of them looks like the only choice."
    ),
    "Causal_Oversimplification": (
        "Blames a complex outcome on a single cause, ignoring the other factors involved."
    ),
    "Doubt": (
        "Questions the credibility of a person or institution to make readers distrust them, "
        "rather than addressing what they said."
    ),
    "Exaggeration,Minimisation": (
        "Makes something seem much bigger, worse or better than it is, or plays down something that matters."
    ),
    "Flag-Waving": (
        "Appeals to patriotism or group identity (a nation, a party, a faith) to justify a position."
    ),
    "Loaded_Language": (
        "Uses emotionally charged words to provoke a reaction instead of describing things neutrally."
    ),
    "Name_Calling,Labeling": (
        "Attaches a label or insult to a person or group so that readers judge them by the label."
    ),
    "Repetition": (
        "Repeats the same phrase or message over and over so that it sticks and feels true."
    ),
    "Slogans": (
        "A short, catchy phrase that packs a position into a memorable line in place of an argument."
    ),
    "Thought-terminating_Cliches": (
        "A stock phrase ('it is what it is') used to shut down questions and end the discussion."
    ),
    "Whataboutism,Straw_Men,Red_Herring": (
        "Dodges the point: accuses the other side of hypocrisy, attacks a distorted version of their view, "
        "or changes the subject to something irrelevant."
    ),
}

assert set(EXPLANATIONS) == set(TECHNIQUES)
