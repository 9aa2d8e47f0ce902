"""The commands around the pipeline that a team's workflow uses.

``init`` starts a handoff folder, ``check-all`` checks every handoff (or those
some changed files belong to), ``fresh`` confirms the committed packets match
their handoffs, and ``summary`` prints the Markdown overview a pull request's
job summary shows. Each is a few lines over ``generator.init``,
``generator.freshness`` and ``generator.summary``; like the rest of the CLI,
problems go to stderr as ``path:line: message`` and the exit status is 0, 1 or 2.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import click

from generator.build import packet_dir, read_packet
from generator.handoffs import all_handoffs, touched_handoffs
from generator.problems import Problem, Source, error


def _cli() -> ModuleType:
    # generator.cli registers these commands, so it is imported only when they run.
    from generator import cli

    return cli


def _templates_dir() -> str | None:
    from generator.manifest import load_policy

    policy, _ = load_policy(Path.cwd())
    return policy.templates_dir


def _folders(paths: tuple[str, ...], docs_dir: str, shared_touches_all: bool = True) -> list[str]:
    """The handoff folders a command looks at: all of them, or those ``paths`` belong to."""
    root, templates = Path.cwd(), _templates_dir()
    if not paths:
        return all_handoffs(root, templates)
    return touched_handoffs(root, list(paths), docs_dir, templates, shared_touches_all)


@click.command("check-all")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--docs-dir", default="docs", show_default=True, metavar="DIR",
              help="Where packets are kept, to tell which handoff a packet file belongs to.")
def check_all_command(paths: tuple[str, ...], docs_dir: str) -> None:
    """Check every handoff, or those the PATHs belong to.

    The same checks as `blitz check`, for several handoffs at once; writes
    nothing. With no PATH, every handoff under handoffs/. A PATH may be a
    handoff folder or any file in one, a file under DIR/packets/<id>/, or
    handoffs/policy.yml or a team template (which concern every handoff);
    pre-commit passes the files being committed.
    """
    cli = _cli()
    failed = False
    folders = _folders(paths, docs_dir)
    if not folders:
        click.echo("No handoff to check.")
    for folder in folders:
        packet, problems = cli._prepare(Path(folder))
        if cli.report(problems) or packet is None:
            failed = True
        else:
            click.echo(f"{folder}: OK — {len(packet.analysis.invoices)} invoices, {len(packet.drafts)} drafts.")
    if failed:
        click.echo("Fix the problems above, then run this again.", err=True)
        sys.exit(1)


def _packet_problems(folder: str, docs_dir: str) -> list[Problem]:
    """The freshness of one handoff's packet.

    A handoff with problems gets one line pointing at `blitz check`, which lists
    them, rather than the problems again (the check step and hook show them).
    """
    from generator.freshness import stale_pages
    from generator.render.edits import keep_reviewer_edits

    packet, problems = _cli()._prepare(Path(folder))  # exactly as `blitz prepare` and `blitz check` run it
    if packet is None or any(p.is_error for p in problems):
        return [error(Source(path=folder), f"cannot tell whether its packet is up to date until the handoff's "
                                           f"problems are fixed; `blitz check {folder}` lists them")]
    target = packet_dir(Path(docs_dir), packet.handoff.id)
    on_disk = read_packet(target)
    would_write, _ = keep_reviewer_edits(on_disk, packet.pages)
    return stale_pages(folder, target.as_posix(), on_disk, would_write)


def _orphans(docs_dir: str, folders: list[str]) -> list[Problem]:
    from generator.freshness import orphan_packet

    packets = Path(docs_dir) / "packets"
    ids = {Path(f).name for f in folders}
    if not packets.is_dir():
        return []
    return [
        orphan_packet(child.as_posix(), f"handoffs/{child.name}")
        for child in sorted(packets.iterdir())
        if child.is_dir() and not child.name.startswith(".") and child.name not in ids
    ]


@click.command("fresh")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--docs-dir", default="docs", show_default=True, metavar="DIR",
              help="Where packets are kept: DIR/packets/<id>/.")
def fresh_command(paths: tuple[str, ...], docs_dir: str) -> None:
    """Confirm each packet is up to date with its handoff.

    Writes nothing. Prepares each handoff in memory and compares the result with
    DIR/packets/<id>/. A draft page a reviewer edited counts as up to date,
    since prepare keeps it. With no PATH, every handoff under handoffs/ (and
    packets without a handoff are pointed out). PATH works as for `blitz
    check-all`, except that handoffs/policy.yml and the team's templates concern
    no packet by themselves: an approved packet is a record of what was decided
    and is not redrafted because the policy changed.
    """
    cli = _cli()
    folders = _folders(paths, docs_dir, shared_touches_all=False)
    if not folders:
        click.echo("No handoff to check.")
    problems = [p for folder in folders for p in _packet_problems(folder, docs_dir)]
    if not paths:
        problems += _orphans(docs_dir, folders)
    if cli.report(problems):
        sys.exit(1)
    for folder in folders:
        click.echo(f"{folder}: packet is up to date.")


@click.command("summary")
@click.option("--docs-dir", default="docs", show_default=True, metavar="DIR",
              help="Where packets are kept: DIR/packets/<id>/packet.json.")
def summary_command(docs_dir: str) -> None:
    """Print a Markdown overview of every packet.

    Totals, invoices by status, drafts awaiting approval, known unknowns and
    each handoff's do-not list. Made for a pull request's job summary
    (`blitz summary >> "$GITHUB_STEP_SUMMARY"`); readable in a terminal too.
    Approval states are read from git as `blitz status` does.
    """
    from generator.summary import PacketFile, summary_markdown

    packets: list[PacketFile] = []
    notes: list[str] = []
    base = Path(docs_dir) / "packets"
    for path in sorted(base.glob("*/packet.json")) if base.is_dir() else []:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            notes.append(f"{path.as_posix()} could not be read ({exc}); run `blitz prepare` on its handoff.")
            continue
        if isinstance(data, dict):
            packets.append(PacketFile(folder=path.parent.as_posix(), data=data))
        else:
            notes.append(f"{path.as_posix()} is not a packet; run `blitz prepare` on its handoff.")
    states, state_notes = _draft_states(docs_dir)
    click.echo(summary_markdown(packets, states, state_notes + notes), nl=False)


def _draft_states(docs_dir: str) -> tuple[dict[str, str], list[str]]:
    """Approval state by draft path; a note instead where git cannot tell."""
    from generator import approvals

    states, problems = approvals.draft_states(Path.cwd(), docs_dir)
    notes = [f"Approval states could not be read, so every draft shows as pending: {p}" for p in problems if p.is_error]
    return {s.path: s.state for s in states}, notes


@click.command("init")
@click.argument("name", metavar="NAME")
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(path_type=Path))
def init_command(name: str, files: tuple[Path, ...]) -> None:
    """Start handoffs/NAME/ from the files you already have.

    Copies each FILE (or every file in a folder you name) into handoffs/NAME/,
    sorted by what Blitz recognizes it as: exports/, threads/, notes/, pdfs/,
    other/. Writes handoff.yaml with the title and the export's "As of" date,
    and comments for anything it could not tell. Never overwrites: an existing
    handoff folder is refused. Then prints the commands to run next.
    """
    from generator.init import Recognized, create, gather, name_problem, next_steps, plan_handoff
    from generator.intake.readers import read_file
    from generator.manifest import Manifest

    if why := name_problem(name):
        raise click.UsageError(why)
    cli = _cli()
    target = Path("handoffs") / name
    if target.exists():
        cli.report([error(Source(path=target.as_posix()),
                          "this handoff already exists; choose another NAME, or add files to the folder by hand")])
        sys.exit(1)
    paths, missing = gather(list(files))
    if missing:
        raise click.UsageError("\n".join(missing))
    # Recognition needs a manifest; the provisional one only lends its defaults (currency, no date order).
    provisional = Manifest(title=name, as_of=date(2000, 1, 1))
    given = {path.as_posix(): (path, inner) for path, inner in paths}
    recognized = [Recognized(given=rel, inner=inner, reading=read_file(path, rel, None, provisional))
                  for rel, (path, inner) in given.items()]
    plan = plan_handoff(name, recognized)
    create(Path.cwd(), plan, {rel: path for rel, (path, _) in given.items()})
    click.echo(f"Started {plan.folder}/")
    for (source, dest), kind in zip(plan.copies, plan.kinds, strict=True):
        click.echo(f"  {dest}  ← {source}  ({kind})")
    click.echo(f"  handoff.yaml  (as of {plan.as_of.isoformat() if plan.as_of else 'not known yet: fill it in'})")
    if plan.unsure:
        click.echo("\nWhat Blitz could not tell:")
        for sentence in plan.unsure:
            click.echo(f"  - {sentence}")
    program = sys.argv[0] if Path(sys.argv[0]).name == "blitz" else "blitz"
    click.echo("\nNext:")
    for line in next_steps(plan, program):
        click.echo(line)
