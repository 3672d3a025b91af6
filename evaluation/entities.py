"""Score narrative extraction against a gold ``NNN_entities.json``.

The rules (``../shared/gold/README.md`` gives the schema):

- **Surface forms.**  A predicted entity is a distinct (surface form, type)
  among the extraction's mentions.  Surface forms are compared after removing
  whitespace and the quote marks “”‘’"'「」『』.
- **Matching.**  A predicted form matches a gold entity when it equals the
  entity's ``text``, one of its ``aliases`` (or, for an Indicator, its
  ``name``) and its type is the entity's ``type`` or one of its ``alt_type``.
  A gold entity matched by several forms (青山区 and 青山) counts once; the
  extra forms count neither way.  Gold entities with the same type and text
  are one entity.
- **Neutral forms** count neither way: the ``borderline`` texts, and the
  names and texts of ``indicators`` whose tier is not core (the README: a
  builder that extracts secondary statistics is not penalised).
- **Types.**  Per gold type: TP = gold entities of that type matched (by
  their type or an alt type), FN = the others, FP = predicted forms of that
  type that match nothing and are not neutral.  Micro scores add these up.
  Mentions of types the gold does not annotate (Collective, Post) are ignored.
- **person_posts**: (person, post) pairs compared after normalisation; when
  the gold gives an ``org``, the predicted organisation must equal it or
  start with it (郑家湾镇党委 for 郑家湾镇) — a predicted pair whose organisation
  disagrees is a false positive.  When the gold ``org`` is null the predicted
  one is not checked.
- **located_in**: direct (child, parent) pairs; both names are first mapped
  to the gold entity they match (青山 → 青山区, 岳阳市 → 岳阳 in 003 where the gold
  writes 岳阳), so aliases and canonical forms compare equal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.scores import Score
from sources.records import EntityType, Extraction

_STRIP = re.compile(r"[\s“”‘’\"'「」『』]")

# Gold type names → record types.
GOLD_TYPES: dict[str, EntityType] = {
    "AdminArea": EntityType.AREA,
    "GovUnit": EntityType.UNIT,
    "Person": EntityType.PERSON,
    "Project": EntityType.PROJECT,
    "Initiative": EntityType.INITIATIVE,
    "Enterprise": EntityType.ENTERPRISE,
    "Indicator": EntityType.INDICATOR,
}
_SCORED = frozenset(GOLD_TYPES.values())


def norm(text: str) -> str:
    """Whitespace and quote marks removed: the form every comparison uses."""
    return _STRIP.sub("", text or "")


@dataclass(frozen=True)
class GoldEntity:
    text: str
    type: EntityType
    forms: frozenset[str]
    types: frozenset[EntityType]


@dataclass
class EntityScores:
    """Scores of one document (or several, added with :func:`combine`)."""

    per_type: dict[str, Score] = field(default_factory=dict)
    person_posts: Score = field(default_factory=Score)
    located_in: Score = field(default_factory=Score)
    false_positives: list[tuple[str, str]] = field(default_factory=list)  # (type, form)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 1

    @property
    def micro(self) -> Score:
        total = Score()
        for score in self.per_type.values():
            total = total + score
        return total


def load_gold(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def gold_entities(gold: dict) -> list[GoldEntity]:
    merged: dict[tuple[EntityType, str], GoldEntity] = {}
    for item in gold.get("entities", []):
        type_ = GOLD_TYPES.get(item.get("type", ""))
        if type_ is None:
            continue
        forms = {norm(item["text"]), *(norm(a) for a in item.get("aliases", []) or [])}
        if type_ is EntityType.INDICATOR and item.get("name"):
            forms.add(norm(item["name"]))
        types = {type_, *(GOLD_TYPES[t] for t in item.get("alt_type", []) or [] if t in GOLD_TYPES)}
        key = (type_, norm(item["text"]))
        if key in merged:
            old = merged[key]
            forms |= old.forms
            types |= old.types
        merged[key] = GoldEntity(item["text"], type_, frozenset(forms - {""}), frozenset(types))
    return list(merged.values())


def neutral_forms(gold: dict) -> frozenset[str]:
    forms = {norm(b["text"]) for b in gold.get("borderline", [])}
    for ind in gold.get("indicators", []):
        if ind.get("tier") != "core":
            forms.add(norm(ind.get("name", "")))
            if ind.get("text"):
                forms.add(norm(ind["text"]))
    return frozenset(forms - {""})


def score_entities(extraction: Extraction, gold: dict) -> EntityScores:
    """Score one extraction against one gold file's content."""
    entities = gold_entities(gold)
    neutral = neutral_forms(gold)
    predicted: dict[EntityType, set[str]] = {}
    for m in extraction.mentions:
        if m.type in _SCORED and norm(m.text):
            predicted.setdefault(m.type, set()).add(norm(m.text))

    matched: dict[int, EntityType] = {}  # gold index → type it was matched by
    fp: dict[EntityType, list[str]] = {}
    for type_, forms in predicted.items():
        for form in sorted(forms):
            hits = [i for i, g in enumerate(entities) if form in g.forms and type_ in g.types]
            if hits:
                for i in hits:
                    matched.setdefault(i, type_)
            elif form not in neutral:
                fp.setdefault(type_, []).append(form)

    scores = EntityScores()
    for gold_name, type_ in GOLD_TYPES.items():
        of_type = [i for i, g in enumerate(entities) if g.type is type_]
        tp = sum(1 for i in of_type if i in matched)
        scores.per_type[gold_name] = Score(tp=tp, fp=len(fp.get(type_, [])), fn=len(of_type) - tp)
        scores.false_positives += [(gold_name, f) for f in fp.get(type_, [])]
        scores.false_negatives += [(gold_name, entities[i].text) for i in of_type if i not in matched]
    scores.person_posts = _score_posts(extraction, gold)
    scores.located_in = _score_located(extraction, gold, entities)
    return scores


def _score_posts(extraction: Extraction, gold: dict) -> Score:
    gold_pairs = {
        (norm(p["person"]), norm(p["post"])): norm(p.get("org") or "") for p in gold.get("person_posts", [])
    }
    predicted = {(norm(p.person), norm(p.post)): norm(p.organisation or "") for p in extraction.posts}
    tp = fp = 0
    for pair, org in predicted.items():
        want = gold_pairs.get(pair)
        if want is None or (want and not (org == want or org.startswith(want))):
            fp += 1
        else:
            tp += 1
    return Score(tp=tp, fp=fp, fn=len(gold_pairs) - tp)


def _score_located(extraction: Extraction, gold: dict, entities: list[GoldEntity]) -> Score:
    def canonical(name: str) -> str:
        form = norm(name)
        for g in entities:
            if form in g.forms:
                return norm(g.text)
        return form

    gold_pairs = {(canonical(c), canonical(p)) for c, p in gold.get("located_in", [])}
    predicted = set()
    for r in extraction.relations:
        if r.kind == "locatedIn":
            predicted.add((canonical(r.subject), canonical(r.object)))
    # the extraction may name the parent by its full form (岳阳市) where the
    # gold uses the bare one (岳阳): map through the mentions' canonical forms
    aliases = {norm(m.canonical): canonical(m.text) for m in extraction.mentions if m.canonical}
    predicted = {(aliases.get(c, c), aliases.get(p, p)) for c, p in predicted}
    return Score(
        tp=len(predicted & gold_pairs), fp=len(predicted - gold_pairs), fn=len(gold_pairs - predicted)
    )


def combine(scores: Iterable[EntityScores]) -> EntityScores:
    """Add the counts of several documents (micro averaging)."""
    total = EntityScores(documents=0)
    for s in scores:
        for name, score in s.per_type.items():
            total.per_type[name] = total.per_type.get(name, Score()) + score
        total.person_posts = total.person_posts + s.person_posts
        total.located_in = total.located_in + s.located_in
        total.false_positives += s.false_positives
        total.false_negatives += s.false_negatives
        total.documents += s.documents
    return total
