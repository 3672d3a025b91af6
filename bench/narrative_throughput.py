"""Throughput of the narrative extractor, in characters of document text per second.

    .venv/bin/python bench/narrative_throughput.py [--repeat N] [--shared DIR]

Runs the four narrative seeds (000, 002, 003, 004) repeated ``N`` times:

- in one process;
- over 2 processes, each extracting whole documents (multiprocessing, fork);
  TOOLCHAIN.md measured spaCy's own ``n_process`` as slower than one process,
  so documents, not Docs, are spread;
- the spaCy tokenizer alone with the ``char`` and the ``jieba`` segmenter, and
  how many gold entity spans each segmentation can represent as whole tokens
  (why the pipeline uses characters).

Start-up (jieba's dictionary, the national division list) is measured apart
and excluded from the rates.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sources.narrative.extractor import extract_narrative  # noqa: E402
from sources.narrative.layout import read_page  # noqa: E402
from sources.readers import read_document  # noqa: E402
from sources.records import Document  # noqa: E402

SEEDS = ("000", "002", "003", "004")


def _extract(document: Document) -> int:
    extraction = extract_narrative(document)
    return len(document.text) if extraction.document else 0


def _warm() -> None:
    _extract(read_document(_paths(Path(os.environ["GOVKG_SHARED"]))[0]))


def _paths(shared: Path) -> list[Path]:
    return [next((shared / "seeds").glob(f"{n}_*.txt")) for n in SEEDS]


def _rate(chars: int, seconds: float) -> str:
    return f"{chars:>9,d} chars in {seconds:6.2f} s = {chars / seconds:>9,.0f} chars/s"


def one_process(documents: list[Document]) -> tuple[int, float]:
    start = time.perf_counter()
    chars = sum(_extract(d) for d in documents)
    return chars, time.perf_counter() - start


def two_processes(documents: list[Document]) -> tuple[int, float]:
    """Whole documents spread over two worker processes (each warmed up
    before the clock starts)."""
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2, initializer=_warm) as pool:
        pool.map(_warm_task, range(2))  # start-up outside the timing
        start = time.perf_counter()
        chars = sum(pool.imap_unordered(_extract, documents, chunksize=1))
        return chars, time.perf_counter() - start


def _warm_task(_: int) -> int:
    return 0


def tokenizers(paths: list[Path], shared: Path) -> None:
    import json

    import spacy

    texts = [read_page(read_document(p).text).text for p in paths]
    golds = [json.loads((shared / "gold" / f"{n}_entities.json").read_text("utf-8")) for n in SEEDS]
    for segmenter in ("char", "jieba"):
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
        nlp.tokenizer(texts[0])  # load the dictionary outside the timing
        start = time.perf_counter()
        docs = [nlp.tokenizer(t) for t in texts * 3]
        seconds = time.perf_counter() - start
        aligned = total = 0
        for doc, gold in zip(docs[: len(texts)], golds, strict=True):
            for entity in gold["entities"]:
                at = doc.text.find(entity["text"])
                if at < 0:
                    continue
                total += 1
                aligned += doc.char_span(at, at + len(entity["text"])) is not None
        chars = sum(len(t) for t in texts) * 3
        bounds = f"gold spans on token bounds {aligned}/{total}"
        print(f"  tokenizer {segmenter:5s}: {_rate(chars, seconds)}; {bounds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="times the four seeds are repeated")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    os.environ["GOVKG_SHARED"] = str(args.shared)
    seeds = _paths(args.shared)
    documents = [read_document(p) for p in seeds] * args.repeat  # reading is not timed

    start = time.perf_counter()
    _warm()
    print(f"start-up (jieba dictionary, division list, first page): {time.perf_counter() - start:.2f} s")
    print(
        f"{len(documents)} documents ({len(SEEDS)} seeds × {args.repeat}); files read beforehand, not timed"
    )
    print("  1 process:   " + _rate(*one_process(documents)))
    print("  2 processes: " + _rate(*two_processes(documents)))
    tokenizers(seeds, args.shared)


if __name__ == "__main__":
    main()
