"""A long review history for ``blitz status``: thousands of draft pages, thousands of commits.

    python benchmarks/history.py OUT --pages 5000 --commits 2000 --seed 1

Builds a git repository in ``OUT`` with ``git fast-import`` (seconds, where
one ``git commit`` per change would take minutes). The first-parent line of
``main`` holds ``--commits`` commits: pull requests merged by an approver
(merge commits with the branch's commit as second parent), squash merges
``(#N)`` with an ``Approved-by:`` trailer, merges by someone who is not an
approver, and direct edits after approval. Dates are pinned; the working tree
is checked out at the end so the pages exist on disk.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import policy
from synth_world import APPROVERS, OUR_DOMAIN

EPOCH = 1767225600  # 2026-01-01T00:00:00Z
CLERK = ("Jordan Pike", f"jordan.pike@{OUR_DOMAIN}")
OUTSIDER = ("Luis Ortega", f"luis.ortega@{OUR_DOMAIN}")
PACKET = "docs/packets/bench-history"


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def _page(number: int, version: int) -> str:
    return (f"---\naudience: customer\ncustomer: Customer {number:05d}\n---\n\n# Reminder {number:05d}\n\n"
            f"Hello, invoice INV-{100000 + number} is open (version {version}).\n")


class Stream:
    """The fast-import stream under construction."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.mark = 0
        self.time = EPOCH

    def commit(self, ref: str, who: tuple[str, str], message: str, parents: list[int],
               files: dict[str, str]) -> int:
        self.mark += 1
        self.time += 600
        name, email = who
        chunk = [f"commit {ref}\nmark :{self.mark}\n".encode(),
                 f"author {name} <{email}> {self.time} +0000\n".encode(),
                 f"committer {name} <{email}> {self.time} +0000\n".encode(), _data(message)]
        if parents:
            chunk.append(f"from :{parents[0]}\n".encode())
        for parent in parents[1:]:
            chunk.append(f"merge :{parent}\n".encode())
        for path, text in sorted(files.items()):
            chunk.append(f"M 100644 inline {path}\n".encode())
            chunk.append(_data(text))
        self.chunks.append(b"".join(chunk) + b"\n")
        return self.mark


def build(out: Path, pages: int, commits: int, seed: int = 1) -> Path:
    """Write the repository ``out`` (replaced if present); returns it."""
    if commits < 2 or pages < 1:
        raise ValueError("need at least two commits and one page")
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    env_git = ["git", "-C", str(out), "-c", "init.defaultBranch=main"]
    subprocess.run([*env_git, "init", "-q"], check=True)
    stream = Stream()
    head = stream.commit("refs/heads/main", CLERK, "Team policy", [], {"handoffs/policy.yml": policy()})
    versions = [0] * pages
    unwritten = list(range(pages))
    for pr, left in enumerate(range(commits - 1, 0, -1), start=1):
        # enough new pages per commit that every page exists by the last commit
        share = -(-len(unwritten) // left)
        chosen = [unwritten.pop() for _ in range(min(share, len(unwritten)))]
        if not chosen or rng.random() < 0.3:
            chosen += rng.sample(range(pages), 2)
        chosen = sorted(set(chosen))
        files = {}
        for number in chosen:
            versions[number] += 1
            files[f"{PACKET}/drafts/{number:05d}-reminder.md"] = _page(number, versions[number])
        kind = rng.choices(("merge", "squash", "outsider", "direct"), (55, 25, 5, 15))[0]
        if kind in ("merge", "outsider"):
            side = stream.commit(f"refs/heads/pr-{pr}", CLERK, f"Drafts for batch {pr}", [head], files)
            merger = OUTSIDER if kind == "outsider" else rng.choice(APPROVERS)[:2]
            head = stream.commit("refs/heads/main", merger,
                                 f"Merge pull request #{pr} from team/batch-{pr}\n\nDrafts for batch {pr}",
                                 [head, side], files)
        elif kind == "squash":
            approver = rng.choice(APPROVERS)
            message = f"Drafts for batch {pr} (#{pr})\n\nApproved-by: {approver[0]} <{approver[1]}>"
            head = stream.commit("refs/heads/main", CLERK, message, [head], files)
        else:
            head = stream.commit("refs/heads/main", CLERK, f"Fix wording in batch {pr}", [head], files)
    subprocess.run([*env_git, "fast-import", "--quiet"], input=b"".join(stream.chunks), check=True)
    subprocess.run([*env_git, "checkout", "-q", "-f", "main"], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=2000, help="commits on the first-parent line of main")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(build(args.out, args.pages, args.commits, args.seed).as_posix())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
