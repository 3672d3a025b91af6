"""Article boundaries on a newspaper page that carries several articles.

A page is cut into *segments* where the layout says an article starts:

- a title: a headline followed by a ——subtitle or a byline, or a headline
  that opens with a place (恩施州开展…, 株洲芦淞：…);
- a byline line of its own (彭小雨 龙飞) not already under a title;
- a *fragment*: a block that starts in the middle of a sentence (等山水生态
  基底得到有力保护…) — the continuation of an article printed elsewhere.

Segments are then put back together with what the entities say:

- an untitled segment (a byline and a body) and a later title whose place is
  that segment's main place are one article (the title was printed further
  down the column);
- a fragment belongs to the article it continues: one whose text ended
  mid-sentence, whose places and units it shares, or whose subject its
  anaphora fit (该局 / 该区 → the article about 石门区自然资源局); else to the
  article before it.

Articles are lettered A, B, C … in the order their first part appears.  A page
with a single article has no article ids.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sources.narrative.layout import Page, ends_sentence
from sources.narrative.spans import Candidate
from sources.records import EntityType

_CONTINUATION_START = "等的了和与及并而也都就又还、，。；：）)"
_ANAPHORA = ("该区", "该县", "该市", "该镇", "该乡", "该村", "该局", "该委", "该办", "该公司", "该街道")


@dataclass
class Segment:
    blocks: list[int]  # block indices
    titled: bool = False
    byline: bool = False
    fragment: bool = False
    title_block: int | None = None

    def span(self, page: Page) -> tuple[int, int]:
        return page.blocks[self.blocks[0]].start, page.blocks[self.blocks[-1]].end


@dataclass
class Article:
    id: str | None
    parts: list[tuple[int, int]] = field(default_factory=list)  # clean-text spans
    title: str | None = None
    main_area: Candidate | None = None

    def contains(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.parts)


def segment(page: Page, areas: list[Candidate]) -> list[Segment]:
    blocks = page.blocks
    area_starts = {a.start for a in areas}
    segments: list[Segment] = []
    current: Segment | None = None
    for i, block in enumerate(blocks):
        text = page.text[block.start : block.end]
        starts_title = block.kind == "headline" and _is_title(page, i, area_starts)
        if starts_title:
            current = Segment([i], titled=True, title_block=i)
            segments.append(current)
            continue
        if block.kind == "byline":
            if current is not None and current.titled and _only_heads(page, current):
                current.blocks.append(i)
                current.byline = True
                continue
            if current is not None and not _only_heads(page, current) and block.names and "摄" in text:
                current.blocks.append(i)  # a photo credit closes the article before
                continue
            if current is not None and text.strip().startswith(("(", "（")):
                current.blocks.append(i)  # (刘洋): the author credit of the article before
                continue
            current = Segment([i], byline=True)
            segments.append(current)
            continue
        if block.kind == "body" and text[:1] in _CONTINUATION_START and current is not None:
            current = Segment([i], fragment=True)
            segments.append(current)
            continue
        if current is None:
            current = Segment([i])
            segments.append(current)
            continue
        current.blocks.append(i)
    return segments


def _block_names(page: Page, cands: list[Candidate], b: int) -> set[str]:
    block = page.blocks[b]
    return {c.canonical or c.text for c in cands if block.start <= c.start < block.end and _named(c)}


def _split_foreign_tails(page: Page, cands: list[Candidate], segs: list[Segment]) -> list[Segment]:
    """Cut off the tail of a segment that is about another segment's places
    and units only (a continuation printed under the wrong article)."""
    names = [{n for b in s.blocks for n in _block_names(page, cands, b)} for s in segs]
    out: list[Segment] = []
    for si, seg in enumerate(segs):
        others = set().union(*(n for k, n in enumerate(names) if k != si)) if len(segs) > 1 else set()
        seen: set[str] = set()
        cut = None
        for j, b in enumerate(seg.blocks):
            block_names = _block_names(page, cands, b)
            prev = page.blocks[seg.blocks[j - 1]] if j else None
            if (
                j > 1
                and page.blocks[b].kind == "body"
                and prev is not None
                and ends_sentence(page.text[prev.start : prev.end])
                and block_names
                and not block_names & seen
                and block_names & others
            ):
                k = j
                while (
                    k - 1 > 0
                    and page.blocks[seg.blocks[k - 1]].kind == "body"
                    and not _block_names(page, cands, seg.blocks[k - 1])
                ):
                    k -= 1
                cut = k
                break
            seen |= block_names
        if cut is None:
            out.append(seg)
        else:
            out.append(Segment(seg.blocks[:cut], seg.titled, seg.byline, seg.fragment, seg.title_block))
            out.append(Segment(seg.blocks[cut:], fragment=True))
    return out


def _only_heads(page: Page, seg: Segment) -> bool:
    return all(page.blocks[b].kind in ("headline", "subtitle", "byline") for b in seg.blocks)


def _is_title(page: Page, i: int, area_starts: set[int]) -> bool:
    """A headline that starts an article, not a section head."""
    blocks = page.blocks
    nxt = blocks[i + 1].kind if i + 1 < len(blocks) else ""
    after = blocks[i + 2].kind if i + 2 < len(blocks) else ""
    if nxt in ("subtitle", "byline") or (nxt == "subtitle" and after == "byline"):
        return True
    block = blocks[i]
    text = page.text[block.start : block.end]
    return block.start in area_starts and ("：" in text or len(text) >= 8)


def articles(page: Page, cands: list[Candidate]) -> list[Article]:  # noqa: PLR0912
    areas = [c for c in cands if c.type is EntityType.AREA]
    segs = _split_foreign_tails(page, cands, segment(page, areas))
    if len(segs) <= 1:
        spans = [(0, len(page.text))]
        main = (_title_area(page, segs, areas) if segs else None) or _main_area(page, cands, spans)
        return [Article(None, spans, main_area=main)]
    groups: list[list[Segment]] = [[s] for s in segs if not s.fragment]
    # untitled segment + later title about the same place
    merged = True
    while merged:
        merged = False
        for a in groups:
            if any(s.titled for s in a):
                continue
            place = _main_area(page, cands, _spans(page, a))
            for b in groups:
                if b is a or not any(s.titled for s in b):
                    continue
                if _spans(page, b)[0][0] < _spans(page, a)[0][0]:
                    continue
                title_place = _title_area(page, b, areas)
                if place is not None and title_place is not None and _same_place(place, title_place):
                    a.extend(b)
                    groups.remove(b)
                    merged = True
                    break
            if merged:
                break
    if len(groups) <= 1 and all(not s.fragment for s in segs):
        spans = [(0, len(page.text))]
        return [Article(None, spans, main_area=_main_area(page, cands, spans))]
    _attach_fragments(page, cands, segs, groups)
    groups.sort(key=lambda g: min(page.blocks[s.blocks[0]].start for s in g))
    if len(groups) == 1:
        spans = [(0, len(page.text))]
        return [Article(None, spans, main_area=_main_area(page, cands, spans))]
    out = []
    for n, group in enumerate(groups):
        spans = _spans(page, group)
        title_seg = next((s for s in group if s.titled), None)
        title = None
        if title_seg is not None and title_seg.title_block is not None:
            b = page.blocks[title_seg.title_block]
            title = page.text[b.start : b.end]
        main = _title_area(page, group, areas) or _main_area(page, cands, spans)
        out.append(Article(chr(ord("A") + n) if n < 26 else f"A{n}", spans, title, main))
    return out


def _spans(page: Page, group: list[Segment]) -> list[tuple[int, int]]:
    return sorted(s.span(page) for s in group)


def _attach_fragments(
    page: Page, cands: list[Candidate], segs: list[Segment], groups: list[list[Segment]]
) -> None:
    used_dangling: set[int] = set()
    for frag in [s for s in segs if s.fragment]:
        f_span = frag.span(page)
        f_names = {c.canonical or c.text for c in cands if f_span[0] <= c.start < f_span[1] and _named(c)}
        f_text = page.text[f_span[0] : f_span[1]]
        best, best_score = None, 0.0
        for gi, group in enumerate(groups):
            spans = _spans(page, group)
            names = {
                c.canonical or c.text for c in cands if any(s <= c.start < e for s, e in spans) and _named(c)
            }
            score = len(f_names & names)
            last = page.text[spans[-1][0] : spans[-1][1]]
            if not ends_sentence(last) and gi not in used_dangling:
                score += 0.5
            score += _anaphora_fit(page, cands, f_text, spans)
            if score > best_score:
                best, best_score = gi, score
        if best is None:
            # the article printed just before the fragment
            before = [g for g in groups if _spans(page, g)[0][0] < f_span[0]]
            target = before[-1] if before else groups[0]
        else:
            target = groups[best]
            used_dangling.add(best)
        target.append(frag)


def _named(c: Candidate) -> bool:
    return c.type in (EntityType.AREA, EntityType.UNIT, EntityType.PERSON) and c.rule != "stem"


def _anaphora_fit(page: Page, cands: list[Candidate], text: str, spans: list[tuple[int, int]]) -> float:
    """该局 fits an article about a 局; 该区 one about a 区."""
    first = sorted(
        (
            c
            for c in cands
            if c.type in (EntityType.AREA, EntityType.UNIT) and any(s <= c.start < e for s, e in spans)
        ),
        key=lambda c: c.start,
    )[:3]
    score = 0.0
    for word in _ANAPHORA:
        if word in text and any(c.text.endswith(word[1:]) for c in first):
            score += 1.0
    return score


def _title_area(page: Page, group: list[Segment], areas: list[Candidate]) -> Candidate | None:
    """The innermost place of a chain at the start of the title or subtitle
    (白沙县桂园街道推行… → 桂园街道)."""
    for seg in group:
        for b in seg.blocks:
            block = page.blocks[b]
            if block.kind not in ("headline", "subtitle"):
                continue
            inside = sorted((a for a in areas if block.start <= a.start < block.end), key=lambda a: a.start)
            if not inside:
                continue
            chain = [inside[0]]
            for a in inside[1:]:
                if a.start == chain[-1].end:
                    chain.append(a)
            lead = page.text[block.start : chain[0].start].lstrip("—- ")
            if len(lead) <= 2:
                return chain[-1]
    return None


def _main_area(page: Page, cands: list[Candidate], spans: list[tuple[int, int]]) -> Candidate | None:
    """The place an article is about: its most frequent county-or-larger area
    (aliases counted), the earliest on a tie."""
    from sources.narrative.lexicon import level_rank

    counts: Counter[str] = Counter()
    first: dict[str, Candidate] = {}
    for c in cands:
        if c.type is not EntityType.AREA or not any(s <= c.start < e for s, e in spans):
            continue
        key = c.canonical or c.text
        counts[key] += 1
        if key not in first or c.rule not in ("alias", "stem"):
            first.setdefault(key, c)
            if first[key].rule in ("alias", "stem") and c.rule not in ("alias", "stem"):
                first[key] = c
    if not counts:
        return None
    ranked = sorted(
        counts,
        key=lambda k: (-counts[k], -level_rank(first[k].level) if first[k].level else 0, first[k].start),
    )
    return first[ranked[0]]


def _same_place(a: Candidate, b: Candidate) -> bool:
    return (a.canonical or a.text) == (b.canonical or b.text)
