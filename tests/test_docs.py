"""The documentation stays true to the CLI: every command and option is in docs/cli.md.

A test fails when a command lacks help text, when docs/cli.md leaves out a
command, an argument or an option, when it documents one that does not exist,
and when a guide (or the README) shows a `blitz` command or option that does
not exist. The guides' links between pages must resolve.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
CLI_DOC = REPO / "docs" / "cli.md"
GUIDES = REPO / "docs" / "guides"
GUIDE_NAMES = ("send-a-handoff", "review-and-approve", "after-approval", "tune-policy-and-templates",
               "what-blitz-never-does", "branch-protection")
HEADING = re.compile(r"^### `blitz ([a-z][a-z-]*)`$", re.MULTILINE)
# `blitz …` as written in code: in a code block line or an inline code span.
COMMAND_USE = re.compile(r"(?:^|`|\s)(?:\.venv/bin/)?blitz((?: [^`\n]*)?)")


def commands() -> dict[str, click.Command]:
    return dict(main.commands)


def sections() -> dict[str, str]:
    """docs/cli.md cut into one text per `### `blitz NAME`` heading."""
    text = CLI_DOC.read_text(encoding="utf-8")
    found = list(HEADING.finditer(text))
    return {
        match.group(1): text[match.end() : (found[i + 1].start() if i + 1 < len(found) else len(text))]
        for i, match in enumerate(found)
    }


def options(command: click.Command) -> list[str]:
    """Every long option of a command, except --help."""
    return [opt for param in command.params if isinstance(param, click.Option)
            for opt in param.opts if opt.startswith("--") and opt != "--help"]


def metavars(command: click.Command) -> list[str]:
    ctx = click.Context(command)
    return [param.make_metavar(ctx) for param in command.params if isinstance(param, click.Argument)]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_text(name: str) -> None:
    command = main.commands[name]
    assert command.help and command.help.strip(), f"`blitz {name}` needs a docstring: it is its --help text"
    assert command.get_short_help_str(limit=80).strip()
    for param in command.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert param.help, f"`blitz {name} {param.opts[0]}` needs help= text"


def test_cli_reference_covers_exactly_the_commands() -> None:
    documented, real = set(sections()), set(commands())
    assert real - documented == set(), (
        f"add a section '### `blitz NAME`' to docs/cli.md for: {', '.join(sorted(real - documented))}"
    )
    assert documented - real == set(), f"docs/cli.md documents commands that do not exist: {documented - real}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_cli_reference_shows_every_argument_and_option(name: str) -> None:
    section = sections().get(name, "")
    command = commands()[name]
    usage = re.search(r"```text\n(blitz [^\n]+)\n```", section)
    assert usage, f"docs/cli.md: the section for `blitz {name}` should start with its usage line in a text block"
    for metavar in metavars(command):
        assert metavar in usage.group(1), f"docs/cli.md: the usage of `blitz {name}` should show {metavar}"
    for option in options(command):
        assert option in usage.group(1), f"docs/cli.md: the usage of `blitz {name}` should show {option}"
        assert f"`{option}" in section, f"docs/cli.md: explain `blitz {name} {option}`"
    words = set(re.findall(r"--[a-z][a-z-]*", section))
    unknown = words - set(options(command)) - {"--help"}
    assert not unknown, f"docs/cli.md: `blitz {name}` has no option {', '.join(sorted(unknown))}"


def test_cli_reference_mentions_help_and_version() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    assert "`--help`" in text and "`blitz --version`" in text


def _uses(text: str) -> list[tuple[str, list[str]]]:
    """Each `blitz COMMAND --options…` written in a page, as (command, options)."""
    found = []
    for match in COMMAND_USE.finditer(text):
        rest = match.group(1).strip()
        if not rest or rest.startswith(("AR", "reads", "never", "'")):
            continue
        try:
            words = shlex.split(rest, comments=True)
        except ValueError:
            words = rest.split()
        if words and re.fullmatch(r"[a-z][a-z-]*", words[0]):
            found.append((words[0], [w.split("=")[0] for w in words[1:] if w.startswith("--")]))
    return found


def user_pages() -> list[Path]:
    return [REPO / "README.md", CLI_DOC, *sorted(GUIDES.glob("*.md"))]


def test_guides_exist() -> None:
    assert sorted(p.stem for p in GUIDES.glob("*.md")) == sorted([*GUIDE_NAMES, "index"])
    index = (GUIDES / "index.md").read_text(encoding="utf-8")
    where = [index.index(f"({name}.md)") for name in GUIDE_NAMES]
    assert where == sorted(where), "docs/guides/index.md lists the guides in the order a month goes"


@pytest.mark.parametrize("page", user_pages(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_pages_only_show_commands_and_options_that_exist(page: Path) -> None:
    known = commands()
    for name, opts in _uses(page.read_text(encoding="utf-8")):
        if name in {"blitz"}:
            continue
        assert name in known, f"{page.relative_to(REPO)} shows `blitz {name}`, which is not a command"
        allowed = set(options(known[name])) | {"--help"}
        for option in opts:
            assert option in allowed, f"{page.relative_to(REPO)} shows `blitz {name} {option}`, which does not exist"


def test_the_command_finder_finds_commands() -> None:
    text = "Run `blitz prepare handoffs/x --docs-dir site` then\n    .venv/bin/blitz status --json\nBlitz never sends."
    assert _uses(text) == [("prepare", ["--docs-dir"]), ("status", ["--json"])]


@pytest.mark.parametrize("page", [*sorted(GUIDES.glob("*.md")), CLI_DOC], ids=lambda p: p.name)
def test_links_between_pages_resolve(page: Path) -> None:
    for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        assert (page.parent / target).resolve().is_file(), f"{page.name} links to {target}, which does not exist"


@pytest.mark.parametrize("page", sorted(GUIDES.glob("*.md")), ids=lambda p: p.name)
def test_each_guide_walks_through_the_sample_handoff(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "2026-04-aging" in text, f"{page.name} should follow the sample handoff handoffs/2026-04-aging"
