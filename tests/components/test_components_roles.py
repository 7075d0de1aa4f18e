"""The roles layer: aggregation by entity on hand-built mentions, and the shipped heads on hand-written articles."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest  # noqa: E402

from unspin.components.roles import aggregate  # noqa: E402
from unspin.document import Entity, MentionRole  # noqa: E402


def _mention(entity_id: str, main: str, p: float, fine: list[str]) -> Entity:
    rest = (1 - p) / 2
    scores = {m: (p if m == main else rest) for m in ("protagonist", "antagonist", "innocent")}
    return Entity(0, 1, "x", "GPE", entity_id, MentionRole(main, p, fine, scores))


@pytest.mark.parametrize(("mentions", "expected"), [
    # two antagonist mentions outweigh one protagonist mention of the same entity
    ([("RU", "antagonist", 0.8, ["Foreign Adversary"]), ("RU", "antagonist", 0.6, ["Instigator"]),
      ("RU", "protagonist", 0.7, ["Guardian"])], [("RU", "antagonist", ["Foreign Adversary", "Instigator"], 3)]),
    ([("UA", "innocent", 0.9, ["Victim"]), ("UA", "innocent", 0.7, ["Victim"])], [("UA", "innocent", ["Victim"], 2)]),
])
def test_roles_aggregate_by_entity(mentions: list[tuple[str, str, float, list[str]]],
                                   expected: list[tuple[str, str, list[str], int]]) -> None:
    roles = aggregate([_mention(*m) for m in mentions])
    assert [(r.id, r.main, r.fine, r.mentions) for r in roles] == expected
    assert all(0 < r.score <= 1 for r in roles)


def test_roles_aggregate_skips_mentions_without_a_role() -> None:
    plain = Entity(0, 1, "x", "PERSON", "person:x", None)
    assert aggregate([plain]) == []


CONSPIRACY = """Moscow's secret war on our democracy

For years the Kremlin has worked in the shadows to tear our alliance apart. Russia's spies and paid agents have
plotted with fringe parties to sabotage the vote, flooding social media with lies and secretly funding the
campaign. Russia wants a weak Europe, and it is conspiring to get one.

Meanwhile Health Minister Peter Walsh has bungled the response at every turn. Walsh ignored the warnings for
months, lost the hospital contracts in a mess of paperwork and still cannot say how many beds the country has.
Walsh is simply not up to the job.

And it is ordinary Ukrainians who pay the price. Ukrainians have lost their homes, their jobs and their
children to this war, and Ukrainians in the east are now left without heating as winter comes.
"""

WIRE = """Parliament approves budget after late-night session

The lower house of parliament on Tuesday approved the 2025 budget by 212 votes to 180, the speaker's office said.
Finance Minister Anna Berg told reporters the plan keeps the deficit below 3% of output. The bill now goes to the
Senate, which is expected to vote on it next week. Germany and France have presented similar budgets this month,
according to figures from the European Commission. Berg will present the details to the Senate finance committee
on Thursday.
"""


def _roles(text: str) -> dict[str, tuple[str, list[str]]]:
    from unspin.analyzer import analyze_text

    doc = analyze_text(text, ["structure", "language", "entities", "sentence-vectors", "roles"])
    assert "roles" in doc.layers
    return {r.id: (r.main, r.fine) for r in doc.roles}


@pytest.mark.slow
def test_roles_cast_the_conspiring_power_the_bungling_official_and_the_victims() -> None:
    roles = _roles(CONSPIRACY)
    assert roles.get("RU", ("",))[0] == "antagonist", roles
    walsh = next(v for k, v in roles.items() if "walsh" in k)
    assert walsh[0] == "antagonist", roles
    ukrainians = next(v for k, v in roles.items() if "ukrainian" in k.lower() or k == "UA")
    assert ukrainians[0] == "innocent", roles


@pytest.mark.slow
def test_roles_give_a_neutral_wire_report_no_antagonist() -> None:
    roles = _roles(WIRE)
    assert not [k for k, (main, _) in roles.items() if main == "antagonist"], roles


@pytest.mark.slow
def test_roles_leave_the_news_sections_facts_uncast_and_read_the_comment() -> None:
    """The bundled example: its News section (reporting; the writer's objective sentences and objective reported
    speech, "Pakistan and Russia concluded an agreement …, officials in Islamabad said") casts nobody; its Comment
    section ("Islamabad is betting its future on a pariah state") does."""
    from pathlib import Path

    from unspin.analyzer import analyze_text

    text = (Path(__file__).resolve().parents[2] / "examples" / "news-and-comment.md").read_text(encoding="utf-8")
    doc = analyze_text(text)
    news, comment = doc.body_sections()[:2]
    assert news.genre is not None and news.genre.label == "reporting"
    cast_in_news = [(e.text, e.role.main) for e in doc.entities
                    if e.role is not None and news.start <= e.start < news.end
                    and next(s for s in doc.sentences if s.start <= e.start < s.end).subjectivity_label == "objective"]
    assert cast_in_news == []
    lead = next(q for q in doc.quotes if doc.text[q.content.start : q.content.end].startswith("Pakistan and Russia"))
    assert lead.anonymous  # the lead is the officials' words, and still casts nobody
    cast = {e.text: e.role.main for e in doc.entities if e.role is not None and comment.start <= e.start < comment.end}
    assert cast.get("Islamabad") == "antagonist", cast
