"""Helpers shared by test modules (imported by name; conftest.py files are not importable by name
when several folders have one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "test-output" / "screenshots"


def serve_in_thread(app: Any) -> tuple[str, Any]:
    """Run ``app`` on a real uvicorn server on a free loopback port; returns (base_url, server)."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 30 s")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def synthetic_corpus(n: int = 48, seed: int = 15) -> list:  # noqa: ANN001 - list[Document]
    """Hand-built Documents for corpus pages and charts (no model runs): four sources with their own habits, six
    months plus a few undated pieces, PTC and SemEval-2023 techniques, genres, frames, people, places, dates."""
    import random

    from unspin.components.frames import FRAMES
    from unspin.components.paragraph_persuasion import TECHNIQUES as PARAGRAPH_TECHNIQUES
    from unspin.document import (
        Document,
        Entity,
        Frame,
        Genre,
        Paragraph,
        ParagraphTechnique,
        Section,
        Sentence,
        TechniqueSpan,
    )
    from unspin.ml.techniques import TECHNIQUES

    rng = random.Random(seed)
    sources = {"ledger": (0.7, "opinion"), "courier": (0.35, "reporting"), "herald": (0.55, "opinion"),
               "wire": (0.15, "reporting")}
    people = ["Amina Qureshi", "Shehbaz Sharif", "Maria Lopez", "John Okafor"]
    places = [("Pakistan", "PK"), ("Russia", "RU"), ("Lagos", "gpe:lagos"), ("the United States", "US")]
    orgs = ["the IMF", "the Ministry of Energy", "the United Nations"]
    docs = []
    for i in range(n):
        source = list(sources)[i % len(sources)]
        rate, genre = sources[source]
        person, (place, place_id), org = rng.choice(people), rng.choice(places), rng.choice(orgs)
        text = (f"Report {i} on {place}\n\n{person} told {org} in {place} on Wednesday that the first talks "
                f"were a reckless, shameful failure.\n\nOfficials said two more rounds would follow in June.\n")
        doc = Document.from_text(text, path=f"{source}-{i}.txt")
        doc.source.url = f"https://{source}.example/story/{i}"
        doc.title = None
        body_start = text.index("\n\n") + 2
        doc.sections = [Section(body_start, len(text) - 1, label="Body", kind="body",
                                genre=Genre(genre if rng.random() < 0.8 else "reporting"))]
        doc.genre = doc.sections[0].genre
        p1_end = text.index("\n\n", body_start)
        doc.paragraphs = [Paragraph(body_start, p1_end), Paragraph(p1_end + 2, len(text) - 1)]
        doc.sentences = [Sentence(body_start, p1_end, checkworthiness=0.8, claim=True)]
        for name, label, ent_id in ((person, "PERSON", "person:" + person.lower().replace(" ", "-")),
                                    (place, "GPE", place_id), (org, "ORG", "org:" + org.lower().replace(" ", "-")),
                                    ("Wednesday", "DATE", "date:wednesday"), ("first", "ORDINAL", "ordinal:first"),
                                    ("two", "CARDINAL", "cardinal:two")):
            start = text.index(name, body_start)
            doc.entities.append(Entity(start, start + len(name), name, label, ent_id))
        for k, technique in enumerate(TECHNIQUES):
            if rng.random() < rate / (1 + k / 2):
                start = text.index("reckless")
                doc.persuasion.append(TechniqueSpan(start, start + 8, technique=technique,
                                                   score=round(0.6 + rng.random() / 3, 3)))
        doc.paragraphs[0].persuasion = [ParagraphTechnique(t, 0.7) for t in PARAGRAPH_TECHNIQUES[:8]
                                        if rng.random() < rate / 2]
        doc.frames = [Frame(f, 0.8) for f in FRAMES if rng.random() < 0.25]
        if i % 9 != 8:  # a few undated pieces
            doc.attribution.published = f"2024-0{1 + (i * 5) % 6}-{10 + i % 18}"
        doc.layers = ["structure", "entities", "persuasion", "claims", "genre", "frames", "paragraph-persuasion"]
        docs.append(doc)
    return docs


VOICE_TEXT = """# Pipeline talks resume

## News:

Pakistan and Russia will resume talks on the pipeline next week. "We are ready to sign," said Amina Qureshi, \
the energy minister. Officials said the price had not been agreed.{extra}

## Comment:

This is a reckless gamble by a desperate government. Qureshi said the deal would "change everything".
"""


def voice_quotes_doc(extra: str = "", *, path: str = "voice-and-quotes.md") -> Any:  # a Document
    """A hand-built Document with the quotes, subjectivity and voice layers filled (no model runs): a writer's fact,
    a direct quote of a named minister, an anonymous "officials said", the writer's comment and a mixed quote of the
    same minister by surname. ``extra`` is appended to the news paragraph (hostile text for the escaping tests)."""
    from unspin.document import Document, Entity, Genre, Paragraph, Quote, Section, Sentence, Span, TextSpan

    text = VOICE_TEXT.format(extra=extra)
    doc = Document.from_text(text, path=path)
    doc.source.fetched_at = "2026-01-01T00:00:00+00:00"

    def span(needle: str, after: int = 0) -> Span:
        at = text.index(needle, after)
        return Span(at, at + len(needle))

    title = span("Pipeline talks resume")
    doc.title = TextSpan(title.start, title.end, text[title.start:title.end])
    news_head, comment_head = span("News:"), span("Comment:")
    news_end = text.index("\n\n## Comment")
    doc.sections = [Section(news_head.start - 3, news_end, "News", "body", heading=news_head,
                            genre=Genre("reporting", {"reporting": 0.9})),
                    Section(comment_head.start - 3, len(text) - 1, "Comment", "body", heading=comment_head,
                            genre=Genre("opinion", {"opinion": 0.8}))]
    p1 = span("Pakistan and Russia")
    p2 = span("This is a reckless")
    doc.paragraphs = [Paragraph(p1.start, news_end), Paragraph(p2.start, len(text) - 1)]
    qureshi = "person:amina-qureshi"
    doc.quotes = [
        Quote(content=span("We are ready to sign,"), kind="direct", source=span("Amina Qureshi"), cue=span("said"),
              speaker="Amina Qureshi", speaker_id=qureshi, score=0.97),
        Quote(content=span("the price had not been agreed"), kind="indirect", source=span("Officials"),
              cue=span("said", text.index("Officials")), speaker="Officials", anonymous=True, score=0.88),
        Quote(content=span('the deal would "change everything"'), kind="mixed", source=span("Qureshi", p2.start),
              cue=span("said", p2.start), speaker="Amina Qureshi", speaker_id=qureshi, score=0.91),
    ]
    s = [span("Pakistan and Russia will resume talks on the pipeline next week."),
         span('"We are ready to sign," said Amina Qureshi, the energy minister.'),
         span("Officials said the price had not been agreed."),
         span("This is a reckless gamble by a desperate government."),
         span('Qureshi said the deal would "change everything".')]
    doc.sentences = [
        Sentence(s[0].start, s[0].end, subjectivity=0.08, subjectivity_label="objective", voice="writer",
                 stance="fact"),
        Sentence(s[1].start, s[1].end, subjectivity=0.35, subjectivity_label="objective", voice="source",
                 stance="reported", quote=0, speaker_id=qureshi),
        Sentence(s[2].start, s[2].end, subjectivity=0.12, subjectivity_label="objective", voice="anonymous",
                 stance="reported", quote=1),
        Sentence(s[3].start, s[3].end, subjectivity=0.93, subjectivity_label="subjective", voice="writer",
                 stance="comment"),
        Sentence(s[4].start, s[4].end, subjectivity=0.61, subjectivity_label="subjective", voice="source",
                 stance="reported", quote=2, speaker_id=qureshi),
    ]
    doc.sections[0].voice = {"comment": 0.0, "reported": 2 / 3, "fact": 1 / 3, "anonymous": 1 / 3}
    doc.sections[1].voice = {"comment": 0.5, "reported": 0.5, "fact": 0.0, "anonymous": 0.0}
    doc.voice = {"comment": 0.2, "reported": 0.6, "fact": 0.2, "anonymous": 0.2}
    doc.entities = [Entity(e.start, e.end, text[e.start:e.end], label, ent_id) for e, label, ent_id in (
        (span("Pakistan"), "GPE", "PK"), (span("Russia"), "GPE", "RU"), (span("Amina Qureshi"), "PERSON", qureshi),
        (span("Qureshi", p2.start), "PERSON", qureshi))]
    doc.language = "en"
    doc.genre = Genre("reporting", {"reporting": 0.6, "opinion": 0.4})
    doc.layers = ["structure", "language", "entities", "quotes", "subjectivity", "voice"]
    doc.check_offsets()
    return doc


# How each source of the synthetic corpus casts the place it names: (protagonist, antagonist, innocent) chances;
# what is left is "not cast". Fine roles follow the main role.
CAST_HABITS = {"ledger": (0.1, 0.7, 0.1), "courier": (0.1, 0.2, 0.1), "herald": (0.2, 0.2, 0.5),
               "wire": (0.0, 0.1, 0.1)}
FINE_ROLES = {"protagonist": ["Guardian", "Peacemaker"], "antagonist": ["Foreign Adversary", "Instigator", "Tyrant"],
              "innocent": ["Victim", "Forgotten"]}
NARRATIVES = [("URW: Blaming the war on others rather than the invader",
               "URW: Blaming the war on others rather than the invader: The West are the aggressors"),
              ("URW: Discrediting Ukraine", "URW: Discrediting Ukraine: Ukraine is a puppet of the West")]


def cast_corpus(n: int = 48, seed: int = 17) -> list:  # noqa: ANN001 - list[Document]
    """:func:`synthetic_corpus` with the roles and narratives layers filled by hand: each source casts the place it
    names (and sometimes the person) in its own way, so the entity framing statistics have something to tell."""
    import random

    from unspin.document import EntityRole, MentionRole, Narrative, Span

    rng = random.Random(seed)
    docs = synthetic_corpus(n)
    for doc in docs:
        source = doc.source.url.split("//")[1].split(".")[0]
        sentence = doc.sentences[0]
        cast: dict[str, list[MentionRole]] = {}
        for e in doc.entities:
            if e.label not in ("GPE", "PERSON"):
                continue
            p, a, i = CAST_HABITS[source] if e.label == "GPE" else (0.3, 0.1, 0.0)
            draw = rng.random()
            main = ("protagonist" if draw < p else "antagonist" if draw < p + a else "innocent" if draw < p + a + i
                    else None)
            if main is None:
                continue
            fine = rng.sample(FINE_ROLES[main], k=1 + int(rng.random() < 0.3))
            e.role = MentionRole(main, round(0.55 + rng.random() * 0.4, 3), fine,
                                 {f: round(0.5 + rng.random() * 0.4, 3) for f in fine},
                                 Span(sentence.start, sentence.end))
            cast.setdefault(e.id, []).append(e.role)
        doc.roles = [EntityRole(ent_id, roles[0].main, roles[0].score, list(roles[0].fine), len(roles))
                     for ent_id, roles in cast.items()]
        if rng.random() < 0.6:
            top, sub = rng.choice(NARRATIVES)
            doc.narratives = [Narrative(top, round(0.5 + rng.random() * 0.4, 3)),
                              Narrative(sub, round(0.4 + rng.random() * 0.3, 3), parent=top)]
        doc.layers = [*doc.layers, "roles", "narratives"]
        doc.check_offsets()
    return docs
