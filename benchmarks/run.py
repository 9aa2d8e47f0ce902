"""The scale benchmarks behind ``make bench``: each figure beside its floor, measured in the same run.

    python benchmarks/run.py [--repeat 3] [--scale 1.0] [--only prepare,site,status] [--no-write]

Prints one JSON line per measurement and rewrites the generated part of
``docs/performance.md`` (between its ``bench:`` markers) with the machine
description and the results. Scratch data lives in ``.bench/`` (git-ignored).

Measured:

- ``prepare`` on 20,000 invoice rows, 2,000 customers, 5,000 messages and 500
  notes, at half and double that size, against ``floor_read.py`` (the same
  files read with pandas and the standard email parser); per-stage times from
  ``stages.py``; peak memory of the whole process;
- a second ``prepare`` with unchanged inputs, against the cold run;
- ``mkdocs build`` of that packet's site against plain MkDocs Material building
  as many plain pages with a short navigation; site size in bytes per scale;
- ``blitz status`` over 5,000 draft pages and 2,000 first-parent commits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from history import build as build_history  # noqa: E402
from measure import Run, Summary, machine, run, snapshot  # noqa: E402
from report import write_report  # noqa: E402
from sitefloor import plain_site  # noqa: E402
from synth import Size, generate  # noqa: E402

BENCH = REPO / ".bench"
HANDOFF_ID = "synthetic-aging"
SCALES = (0.5, 1.0, 2.0)
SITE_SCALES = (0.5, 1.0)  # a site at double size takes minutes; two sizes show how it grows
BIN = Path(sys.executable).parent
PIN = {"GIT_AUTHOR_DATE": "2026-05-01T09:00:00Z", "GIT_COMMITTER_DATE": "2026-05-01T09:00:00Z",
       "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}

Emit = Callable[[dict[str, object]], None]


def scratch_root(scale: float) -> Path:
    return BENCH / f"handoff-x{scale:g}"


TRASH = BENCH / "trash"


def discard(path: Path) -> None:
    """Move ``path`` out of the way, to be deleted by ``empty_trash`` when nothing is being timed.

    Moved, not deleted: ext4 passes over the inodes of files deleted in the last
    seconds when it creates new ones, so deleting 5,600 pages just before a run
    made that run's writing four times slower. Neither a user's prepare nor a
    CI's site build follows such a deletion.
    """
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(Path(tempfile.mkdtemp(dir=TRASH)) / path.name)


def reset_packet(root: Path) -> None:
    """Move away what a previous prepare left, so the next one is cold."""
    for leftover in (root / "docs" / "packets", root / ".blitz"):
        discard(leftover)


def empty_trash() -> None:
    if TRASH.exists():
        shutil.rmtree(TRASH)


def packet_digest(root: Path) -> str:
    digest = hashlib.sha256()
    folder = root / "docs" / "packets" / HANDOFF_ID
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare_command(root: Path) -> list[str]:
    return [str(BIN / "blitz"), "prepare", f"handoffs/{HANDOFF_ID}", "--docs-dir", "docs"]


def bench_prepare(size: Size, scales: tuple[float, ...], repeat: int, emit: Emit) -> dict[str, object]:
    results: dict[str, object] = {}
    for scale in scales:
        root = scratch_root(scale)
        scaled = size.scaled(scale)
        generate(root, scaled, seed=1, handoff_id=HANDOFF_ID)
        floor: list[Run] = []
        cold: list[Run] = []
        digests = set()
        for _ in range(repeat):  # interleaved, so a noisy moment hits both
            floor.append(run([sys.executable, str(HERE / "floor_read.py"), f"handoffs/{HANDOFF_ID}"], root))
            reset_packet(root)
            cold.append(run(prepare_command(root), root))
            digests.add(packet_digest(root))
        floor_s, cold_s = Summary(tuple(r.wall for r in floor)), Summary(tuple(r.wall for r in cold))
        record = {
            "measure": "prepare", "scale": scale, "size": vars(scaled), **cold_s.as_json(),
            "peak_mib": round(max(r.peak_mib for r in cold), 1),
            "cpu": Summary(tuple(r.cpu for r in cold)).as_json(),
            "floor": floor_s.as_json(), "floor_cpu": Summary(tuple(r.cpu for r in floor)).as_json(),
            "floor_peak_mib": round(max(r.peak_mib for r in floor), 1),
            "ratio_to_floor": round(cold_s.median / floor_s.median, 2),
            "cpu_ratio_to_floor": round(Summary(tuple(r.cpu for r in cold)).median
                                        / Summary(tuple(r.cpu for r in floor)).median, 2),
            "deterministic": len(digests) == 1,
            "said": cold[-1].stdout.strip().splitlines()[-1:], "warnings": cold[-1].stderr.count("\n"),
        }
        emit(record)
        results[f"x{scale:g}"] = record
        if scale == 1.0:
            results["stages"] = bench_stages(root, repeat, emit)
            results["warm"] = bench_warm(root, cold_s, repeat, emit)
    return results


def bench_stages(root: Path, repeat: int, emit: Emit) -> dict[str, object]:
    laps: list[dict[str, float]] = []
    for _ in range(repeat):
        reset_packet(root)
        done = run([sys.executable, str(HERE / "stages.py"), f"handoffs/{HANDOFF_ID}", "docs"], root)
        laps.append(json.loads(done.stdout))
    names = ("import", "intake", "analyze", "draft", "render", "write")
    record: dict[str, object] = {"measure": "prepare.stages", "scale": 1.0}
    for name in names:
        record[name] = Summary(tuple(lap[name] for lap in laps)).as_json()
    record["counts"] = {key: laps[-1][key] for key in ("invoices", "drafts", "pages", "errors", "warnings")}
    emit(record)
    return record


def bench_warm(root: Path, cold: Summary, repeat: int, emit: Emit) -> dict[str, object]:
    reset_packet(root)
    run(prepare_command(root), root)
    before = packet_digest(root)
    warm = Summary(tuple(run(prepare_command(root), root).wall for _ in range(repeat)))
    record = {"measure": "prepare.unchanged", "scale": 1.0, **warm.as_json(), "cold_median_s": round(cold.median, 3),
              "ratio_to_cold": round(warm.median / cold.median, 3), "unchanged_output": packet_digest(root) == before}
    emit(record)
    return record


def _git(root: Path, *args: str) -> None:
    import os

    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env={**os.environ, **PIN})


def site_project(scale: float) -> Path:
    """A scratch copy of this project's site (mkdocs.yml, docs/) holding the prepared packet, committed."""
    source = scratch_root(scale)
    project = BENCH / f"site-x{scale:g}"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("packets"))
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(source / "handoffs", project / "handoffs")
    shutil.copytree(source / "docs" / "packets", project / "docs" / "packets")
    _git(project, "-c", "init.defaultBranch=main", "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Packet for review")
    return project


def site_stats(site: Path) -> dict[str, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files),
            "pages": sum(1 for p in files if p.name.endswith(".html") and p.name != "404.html")}


def mkdocs_build(project: Path) -> Run:
    discard(project / "site")
    return run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"], project)


def bench_site(size: Size, scales: tuple[float, ...], repeat: int, emit: Emit) -> dict[str, object]:
    results: dict[str, object] = {}
    sizes: dict[str, object] = {}
    for scale in scales:
        root = scratch_root(scale)
        if not (root / "handoffs" / HANDOFF_ID).is_dir():
            generate(root, size.scaled(scale), seed=1, handoff_id=HANDOFF_ID)
        reset_packet(root)
        run(prepare_command(root), root)
        project = site_project(scale)
        times = [mkdocs_build(project) for _ in range(repeat if scale == 1.0 else 1)]
        stats = site_stats(project / "site")
        customers = size.scaled(scale).customers
        sizes[f"x{scale:g}"] = {**stats, "customers": customers, "bytes_per_customer": stats["bytes"] // customers}
        if scale != 1.0:
            continue
        markdown = list((project / "docs" / "packets").rglob("*.md"))
        mean_chars = sum(p.stat().st_size for p in markdown) // max(1, len(markdown))
        floor_project = plain_site(BENCH / "site-floor", stats["pages"], mean_chars)
        floor = [mkdocs_build(floor_project) for _ in range(repeat)]
        built, plain = Summary(tuple(r.wall for r in times)), Summary(tuple(r.wall for r in floor))
        results["build"] = {"measure": "site", "scale": 1.0, **built.as_json(), **stats,
                            "peak_mib": round(max(r.peak_mib for r in times), 1),
                            "floor": {**plain.as_json(), **site_stats(floor_project / "site"),
                                      "page_chars": mean_chars},
                            "ratio_to_floor": round(built.median / plain.median, 2)}
        emit(results["build"])
    record: dict[str, object] = {"measure": "site.size", "sizes": sizes}
    if "x1" in sizes and "x0.5" in sizes:  # doubling the customers from half size to full size
        record["growth"] = round(sizes["x1"]["bytes"] / sizes["x0.5"]["bytes"], 2)  # type: ignore[index]
    emit(record)
    results["size"] = record
    return results


def bench_status(pages: int, commits: int, repeat: int, emit: Emit) -> dict[str, object]:
    repo = build_history(BENCH / "history", pages, commits)
    runs = [run([str(BIN / "blitz"), "status", "--json"], repo) for _ in range(repeat)]
    states = json.loads(runs[-1].stdout)
    counts: dict[str, int] = {}
    for state in states:
        counts[state["state"]] = counts.get(state["state"], 0) + 1
    log = subprocess.run(["git", "-C", str(repo), "log", "--first-parent", "--format=%H", "HEAD"],
                         capture_output=True, text=True, check=True).stdout.split()
    record = {"measure": "status", "pages": pages, "commits": len(log),
              **Summary(tuple(r.wall for r in runs)).as_json(), "peak_mib": round(max(r.peak_mib for r in runs), 1),
              "states": dict(sorted(counts.items()))}
    emit(record)
    return record


def code() -> str:
    """The commit measured, and whether the package had uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted changes in generator/" if git("status", "--porcelain", "generator") else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each timing (default 3)")
    parser.add_argument("--scale", type=float, default=1.0, help="shrink everything, e.g. 0.1 for a quick try")
    parser.add_argument("--only", default="prepare,site,status", help="comma-separated: prepare, site, status")
    parser.add_argument("--no-write", action="store_true", help="print the JSON lines only")
    parser.add_argument("--results", default="results.json", help="file name for all results, in .bench/")
    parser.add_argument("--code", type=Path, default=REPO / "generator",
                        help="the package folder to measure (default: this checkout's generator/), "
                             "e.g. an older version for a before/after comparison")
    args = parser.parse_args(argv)
    BENCH.mkdir(exist_ok=True)
    size = Size().scaled(args.scale)
    only = set(args.only.split(","))
    snapshot(args.code.resolve(), BENCH / "code")  # the working tree may change while this runs
    measured = code() if args.code.resolve() == (REPO / "generator").resolve() else args.code.as_posix()
    results: dict[str, object] = {"machine": machine(), "size": vars(size), "repeat": args.repeat, "code": measured}
    print(json.dumps({"measure": "machine", **results["machine"]}), flush=True)  # type: ignore[dict-item]

    def emit(record: dict[str, object]) -> None:
        print(json.dumps(record), flush=True)

    empty_trash()
    if "prepare" in only:
        results["prepare"] = bench_prepare(size, SCALES, args.repeat, emit)
        empty_trash()
    if "site" in only:
        results["site"] = bench_site(size, SITE_SCALES, args.repeat, emit)
        empty_trash()
    if "status" in only:
        results["status"] = bench_status(round(5000 * args.scale), max(2, round(2000 * args.scale)), args.repeat, emit)
    (BENCH / args.results).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    if not args.no_write and args.scale == 1.0 and only == {"prepare", "site", "status"}:
        write_report(REPO / "docs" / "performance.md", results)
        print(f"wrote {REPO / 'docs' / 'performance.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
