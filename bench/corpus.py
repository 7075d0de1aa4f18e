"""Deterministic synthetic news articles for benchmarks: no data set is needed or copied.

Sentences are assembled from templates and name pools written for the project, in the
news-then-comment shape of the bundled example, ~800 words each.
"""

from __future__ import annotations

import random

PEOPLE = ["Amina Qureshi", "Shehbaz Sharif", "Olena Kovalenko", "James Whitfield", "Li Wei", "Maria Santos",
          "Kwame Mensah", "Ingrid Larsen", "Rahul Mehta", "Sofia Rossi", "Ahmed Farouk", "Hannah Becker"]
PLACES = ["Pakistan", "Russia", "the United States", "India", "China", "Germany", "Brazil", "Nigeria", "Ukraine",
          "France", "Japan", "Egypt", "Washington", "Moscow", "Karachi", "Lagos", "Berlin", "Geneva"]
ORGS = ["the International Monetary Fund", "the World Bank", "the European Union", "the United Nations",
        "the Ministry of Finance", "the central bank", "Reuters", "the State Department", "NATO", "OPEC"]
DATES = ["on May 19, 2023", "on Monday", "last week", "in March 2024", "on 4 July 2019", "in 2022",
         "earlier this year", "on January 3, 2024"]
NEWS = [
    "{person} said {date} that {place} would increase its budget for public health by {num} percent.",
    "Officials in {place} confirmed that talks with {org} resumed {date}, according to a statement.",
    "{org} estimated that the economy of {place} grew by {num}.{num2} percent in the last quarter.",
    "According to {org}, more than {num},000 people were affected by the floods in {place} {date}.",
    "{person}, a spokesperson for {org}, declined to comment on the report published {date}.",
    "The agreement between {place} and {place2} covers trade, energy and migration, {person} told reporters.",
    "Prices of fuel in {place} rose by {num} percent {date}, the statistics office said.",
    "{place} and {place2} signed a memorandum on water sharing {date} in the presence of {person}.",
]
COMMENT = [
    "This is a reckless gamble, and {place} will regret it for a generation.",
    "Make no mistake: {org} has failed the people it claims to serve.",
    "Anyone who believes {person} on this is either naive or complicit.",
    "The government calls it pragmatism. It is nothing of the kind.",
    "We cannot afford another decade of excuses from {org} and its friends in {place}.",
    "History will judge {person} harshly, and rightly so.",
    "Is this really the best that {place} can do?",
    "Ordinary families will pay the price while the elite in {place} look away.",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(person=rng.choice(PEOPLE), place=rng.choice(PLACES), place2=rng.choice(PLACES),
                           org=rng.choice(ORGS), date=rng.choice(DATES), num=rng.randint(2, 95),
                           num2=rng.randint(0, 9))


def article(seed: int, words: int = 800) -> str:
    rng = random.Random(seed)
    title = _fill("Talks between {place} and {org} resume", rng)
    parts = [f"# {title[0].upper()}{title[1:]}", "", "## News:", ""]
    count = 0
    paragraph: list[str] = []
    while count < words * 0.65:
        sentence = _fill(rng.choice(NEWS), rng)
        sentence = sentence[0].upper() + sentence[1:]
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) == 3:
            parts += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        parts += [" ".join(paragraph), ""]
    parts += ["## Comment:", ""]
    paragraph = []
    while count < words:
        sentence = _fill(rng.choice(COMMENT), rng)
        paragraph.append(sentence[0].upper() + sentence[1:])
        count += len(sentence.split())
        if len(paragraph) == 4:
            parts += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        parts += [" ".join(paragraph), ""]
    parts += [f"Written for The Example Ledger by {rng.choice(PEOPLE)}.", "", "Links:",
              "- https://example.org/about", "© 2024 The Example Ledger", ""]
    return "\n".join(parts)


def corpus(n: int = 100, words: int = 800) -> list[str]:
    return [article(i, words) for i in range(n)]
