"""Time each stage of ``blitz prepare`` in one process: intake, analyze, draft, render, write.

    python benchmarks/stages.py HANDOFF_DIR DOCS_DIR     (run from the repository root)

Calls the same functions, in the same order, as ``generator.build.prepare``
and the ``prepare`` command (with its garbage-collection settings), and prints
one JSON object of seconds per stage, wall and CPU (``import`` is loading the
package itself).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

started = time.perf_counter()

import generator.cli  # noqa: E402
from generator.analyze import analyze  # noqa: E402
from generator.build import packet_dir, write_packet  # noqa: E402
from generator.draft import make_drafts  # noqa: E402
from generator.intake import load_handoff  # noqa: E402
from generator.manifest import load_policy  # noqa: E402
from generator.problems import sort_problems  # noqa: E402
from generator.render import render_packet  # noqa: E402


def main(folder: Path, docs_dir: Path) -> dict[str, float | int]:
    root = Path.cwd()
    if hasattr(generator.cli, "GC_THRESHOLD"):  # as the blitz command does
        gc.set_threshold(generator.cli.GC_THRESHOLD, 20, 100)
    if not getattr(generator.cli, "COLLECT_WHILE_PREPARING", True):  # intake to render, as the command runs them
        gc.disable()
    times: dict[str, float | int] = {"import": time.perf_counter() - started, "import_cpu": time.process_time()}
    clock = time.perf_counter()
    cpu = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock, cpu
        now, cpu_now = time.perf_counter(), time.process_time()
        times[name] = now - clock
        times[f"{name}_cpu"] = cpu_now - cpu
        clock, cpu = now, cpu_now

    policy, problems = load_policy(root)
    handoff, intake_problems = load_handoff(folder, root, policy)
    problems = sort_problems(problems + intake_problems)
    lap("intake")
    if handoff is None:
        raise SystemExit("the handoff could not be read: " + "; ".join(str(p) for p in problems[:5]))
    analysis = analyze(handoff)
    lap("analyze")
    drafts = make_drafts(handoff, analysis)
    lap("draft")
    pages = render_packet(handoff, analysis, drafts, problems)
    lap("render")
    gc.freeze()  # as the command does: the pipeline's objects go to the oldest generation, unscanned
    gc.unfreeze()
    gc.enable()
    write_packet(packet_dir(docs_dir, handoff.id), pages)
    lap("write")
    times.update(invoices=len(analysis.invoices), drafts=len(drafts), pages=len(pages),
                 errors=sum(p.is_error for p in problems), warnings=sum(not p.is_error for p in problems))
    return {key: round(value, 4) if isinstance(value, float) else value for key, value in times.items()}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
