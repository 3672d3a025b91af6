"""Small measuring tools for the benchmark: percentiles, peak memory of a
process tree, and a description of the machine the figures come from."""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def summary(samples: list[float]) -> dict[str, float | int]:
    """p50 / p95 / min / max of timings in seconds (reported in milliseconds)."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}

    def pct(p: float) -> float:
        # Nearest-rank percentile: with few samples p95 is the largest, never an interpolation.
        rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1]

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(pct(95) * 1000, 3),
        "min_ms": round(ordered[0] * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def repeat(func: Callable[[], object], reps: int, budget_s: float, min_reps: int = 3) -> list[float]:
    """Time ``func`` ``reps`` times, stopping early (after ``min_reps``) once
    ``budget_s`` seconds are spent: a slow engine gets fewer samples, not an
    hour-long run."""
    samples: list[float] = []
    spent = 0.0
    while len(samples) < reps:
        t = time.perf_counter()
        func()
        took = time.perf_counter() - t
        samples.append(took)
        spent += took
        if spent > budget_s and len(samples) >= min_reps:
            break
    return samples


def _rss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


class PeakRss:
    """Samples the resident memory of this process and its children (the
    extraction workers) and keeps the largest total: ``ru_maxrss`` alone sees
    one process at a time, and the workers' peaks are simultaneous."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss_of(p) for p in _descendants(me)))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_of(os.getpid()))

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def machine() -> dict[str, object]:
    """Cores, memory and software versions: figures mean little without them."""
    mem = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    cpu = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for module in ("pyoxigraph", "rdflib", "jieba", "spacy"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:
            versions[module] = None
    root = Path(__file__).resolve().parent.parent
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(mem / 2**30, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "git_commit": commit or None,
    }


def disk_usage_mb(path: str | Path) -> float:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):  # a file compacted away while walking
                total += os.path.getsize(os.path.join(dirpath, name))
    return round(total / 2**20, 1)
