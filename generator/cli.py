"""The ``blitz`` command: a thin layer over ``generator.build`` and ``generator.approvals``.

Exit status: 0 success (warnings allowed), 1 problems in the input, 2 usage error.
Problems print one per line to stderr as ``path:line: message``.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from generator import reuse
from generator.build import Packet, packet_dir, prepare, target_problems, write_packet
from generator.intake import Progress
from generator.problems import Problem

PROGRESS_MIN_FILES = 20
GC_THRESHOLD = 50_000  # allocations between young-generation collections (Python's default: 700)
# Nearly everything the pipeline makes lives until it ends, and little of it is cyclic garbage: looking
# for cycles along the way cost 0.8 s of 13 at 20,000 invoices, and skipping it adds a tenth to peak memory.
COLLECT_WHILE_PREPARING = False


def _annotation(problem: Problem) -> str:
    kind = "error" if problem.is_error else "warning"
    where = f"file={problem.source.path}"
    if problem.source.line is not None:
        where += f",line={problem.source.line}"
        if problem.source.column is not None:
            where += f",col={problem.source.column}"
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} {where}::{message}"


def report(problems: list[Problem]) -> bool:
    """Print problems to stderr; True when any is an error."""
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        click.echo(str(problem), err=True)
        if in_actions:
            click.echo(_annotation(problem))
    return any(p.is_error for p in problems)


def _handoff_folder(value: str) -> Path:
    folder = Path(value)
    if not folder.is_dir():
        raise click.UsageError(
            f"'{value}' is not a folder; give the path of a handoff folder, e.g. handoffs/2026-04-aging"
        )
    return folder


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing in pipes and CI logs."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    # Redrawn from here rather than by rich's own thread: intake forks worker processes, which a thread forbids.
    with Bar(transient=True, console=None, auto_refresh=False) as bar:
        task = bar.add_task("Reading the handoff", total=None)
        drawn = 0.0

        def advance(done: int, total: int, path: str) -> None:
            nonlocal drawn
            if total >= PROGRESS_MIN_FILES:
                now = time.monotonic()
                redraw = now - drawn >= 0.1 or done == total
                drawn = now if redraw else drawn
                bar.update(task, completed=done, total=total, description=f"Reading {Path(path).name}", refresh=redraw)

        yield advance


def _prepare(folder: Path) -> tuple[Packet | None, list[Problem]]:
    if not COLLECT_WHILE_PREPARING:
        gc.disable()
    try:
        with _progress_bar() as progress:
            return prepare(folder, Path.cwd(), progress, today=date.today())
    finally:
        # Everything the pipeline made is still in the youngest generation: the first collection after
        # enabling would scan it all (0.3 s at 20,000 invoices). Freezing and unfreezing moves it to the oldest.
        gc.freeze()
        gc.unfreeze()
        gc.enable()


class _Guarded(click.Group):
    """Turns a bug into a short message instead of a traceback; BLITZ_DEBUG=1 shows it."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
            sys.exit(130)
        except BrokenPipeError:  # output piped into something that stopped reading, e.g. `| head`
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # a bug, not a problem in the user's input
            if os.environ.get("BLITZ_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"blitz: internal error ({type(exc).__name__}: {exc}). Nothing was written. "
                "Please report this with the command you ran; set BLITZ_DEBUG=1 to see details.",
                err=True,
            )
            sys.exit(1)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="blitz-ar-packets", prog_name="blitz")
def main() -> None:
    """Blitz AR packets: prepare invoice follow-up for review in git.

    Blitz reads a handoff folder and writes a review packet. It never sends
    email, takes payments, applies credits or changes your ledger.
    """
    # A large handoff is millions of small objects that live until the end of the run; with the
    # default thresholds Python scans them over and over for reference cycles (a fifth of a run).
    gc.set_threshold(GC_THRESHOLD, 20, 100)


def run() -> None:
    """The ``blitz`` command: ``main``, then exit without freeing a large run's objects one by one.

    After a prepare of 20,000 invoices, taking apart the millions of objects
    still held costs Python a third of a second, for nothing: the process is
    ending. Output is flushed first; nothing else is left open by then.
    """
    try:
        main()
        code: int = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away (blitz status | head)
            stream.flush()
    os._exit(code)


@main.command("prepare")
@click.argument("handoff_dir", metavar="HANDOFF_DIR")
@click.option("--docs-dir", default="docs", show_default=True, metavar="DIR",
              help="Where packets are written: DIR/packets/<id>/.")
def prepare_command(handoff_dir: str, docs_dir: str) -> None:
    """Read HANDOFF_DIR and write its review packet to DIR/packets/<id>/."""
    folder = _handoff_folder(handoff_dir)
    if not docs_dir.strip():
        raise click.UsageError("--docs-dir needs a folder, e.g. --docs-dir docs")
    target = packet_dir(Path(docs_dir), folder.resolve().name)  # the handoff's id is its folder's name
    inputs = reuse.input_digest(folder, Path.cwd())
    earlier = reuse.recall(Path.cwd(), target, inputs)
    if earlier is not None:  # same inputs, packet untouched: a full run would write the same bytes
        report(list(earlier.problems))
        for notice in earlier.notices:
            click.echo(notice, err=True)
        click.echo(_prepared(target, earlier.counts, "Up to date (nothing changed since the last prepare):"))
        return
    packet, problems = _prepare(folder)
    if packet is not None:
        problems += target_problems(Path(docs_dir), target)
    if report(problems) or packet is None:
        click.echo("No packet written: fix the problems above and run this again.", err=True)
        sys.exit(1)
    notices = write_packet(target, packet.pages)
    for notice in notices:
        click.echo(notice, err=True)
    counts = {"invoices": len(packet.analysis.invoices), "drafts": len(packet.drafts),
              "unknowns": len(packet.analysis.unknowns)}
    reuse.remember(Path.cwd(), target, inputs, packet.pages, problems, notices, counts)
    click.echo(_prepared(target, counts, "Wrote"))


def _prepared(target: Path, counts: dict[str, int], verb: str) -> str:
    return (
        f"{verb} {target.as_posix()}/ — {counts.get('invoices', 0)} invoices, {counts.get('drafts', 0)} drafts, "
        f"{counts.get('unknowns', 0)} open questions. Review it, commit it and open a pull request."
    )


@main.command("check")
@click.argument("handoff_dir", metavar="HANDOFF_DIR")
def check_command(handoff_dir: str) -> None:
    """Check HANDOFF_DIR the way prepare does, without writing anything."""
    folder = _handoff_folder(handoff_dir)
    packet, problems = _prepare(folder)
    if report(problems) or packet is None:
        sys.exit(1)
    click.echo(f"{folder.as_posix()}: OK — {len(packet.analysis.invoices)} invoices, {len(packet.drafts)} drafts.")


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of handoff.yaml (published as docs/schema/handoff.schema.json)."""
    from generator.manifest import manifest_json_schema

    click.echo(json.dumps(manifest_json_schema(), indent=2, sort_keys=True))


@main.command("status")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list for scripts instead of the table: one object per draft "
              "with path, state, pr, approved_by and approved_at.")
@click.option("--docs-dir", default="docs", show_default=True, metavar="DIR",
              help="Where the packets are: DIR/packets/<id>/drafts/.")
def status_command(as_json: bool, docs_dir: str) -> None:
    """Show the approval state of every draft page under docs/packets/, read from git.

    A draft is approved when an approver listed in handoffs/policy.yml merged
    the pull request that last changed it. Only approved drafts may be sent.
    """
    from generator import approvals  # git is only needed here

    states, problems = approvals.draft_states(Path.cwd(), docs_dir)
    if report(problems):
        sys.exit(1)
    if as_json:
        click.echo(json.dumps([s.as_json() for s in states], indent=2))
        return
    from rich.console import Console

    # In a pipe or CI log there is no screen to fit: give every row one line.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 240)
    if states:
        console.print(approvals.status_table(states))
    console.print(approvals.status_summary(states, f"{docs_dir}/packets/"), markup=False, soft_wrap=True)
    for line in approvals.status_advice(states):
        console.print(line, markup=False, soft_wrap=True)


# The team-workflow commands (init, check-all, fresh, summary) live in generator.commands.
from generator.commands import check_all_command, fresh_command, init_command, summary_command  # noqa: E402

for _command in (init_command, check_all_command, fresh_command, summary_command):
    main.add_command(_command)
