"""No send, no network, no write-back: DESIGN.md's first two safety rules, proven three ways.

1. The syntax tree of every module of the package: no mail, HTTP, socket, FTP,
   RPC or payment client is imported, no program is started, nothing is
   imported by a computed name, and git is only asked to read.
2. ``prepare`` and a whole site build run inside this process with every
   network connection refused, and pass without even trying one.
3. ``handoffs/`` is hashed before and after every command a user runs.
"""

from __future__ import annotations

import ast
import json
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fixtures.safety.handoff import digest, environment
from gitrepo import CAROL, GitRepo, isolate

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "generator"

# Modules that can reach another machine, send mail or start programs.
FORBIDDEN = {
    "smtplib", "smtpd", "aiosmtpd", "imaplib", "poplib", "nntplib", "ftplib", "telnetlib",
    "socket", "socketserver", "ssl", "select", "selectors", "asyncio",
    "http", "urllib.request", "urllib3", "requests", "httpx", "aiohttp", "httplib2", "pycurl", "websocket",
    "websockets", "xmlrpc", "grpc", "paramiko", "fabric", "boto3", "botocore", "google.cloud",
    "sendgrid", "mailchimp_transactional", "yagmail", "stripe", "braintree", "paypalrestsdk", "quickbooks",
    "intuitlib", "xero_python", "netsuite", "plaid",
    "subprocess", "multiprocessing", "pty", "webbrowser", "ctypes", "cffi",
}
# Intake and render split a large handoff's work over both cores in worker processes forked from this one:
# the same program, never another one. Only that module may, and only with the "fork" start method (no exec).
FORKS_WORKERS = {"generator/parallel.py": {"multiprocessing"}}
# Calls that start programs or import by a computed name.
FORBIDDEN_CALLS = {
    "os.system", "os.popen", "os.execv", "os.execve", "os.execl", "os.execlp", "os.execvp", "os.spawnl",
    "os.spawnv", "os.posix_spawn", "os.fork", "os.startfile", "__import__", "eval", "exec",
}
# What the package may ask git to do: read. GitPython's ``repo.git.<command>`` and ``execute(["git", …])``.
READ_ONLY_GIT = {"log", "status", "rev-parse", "rev_parse", "cat-file", "cat_file", "get_object_data", "show",
                 "ls-files", "ls_files", "diff", "rev-list", "rev_list", "execute",
                 "update_environment"}  # GitPython's own setting of the environment git runs in
# GitPython methods that write or reach a remote.
GIT_WRITES = {"push", "pull", "fetch", "clone", "clone_from", "create_remote", "remote", "index", "commit",
              "create_head", "create_tag", "config_writer", "set_value", "init", "checkout", "reset", "stash"}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


def is_forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def findings(source: str, rel: str) -> list[str]:
    """What the walk objects to in one module's source."""
    tree = ast.parse(source, filename=rel)
    allowed = FORKS_WORKERS.get(rel, set())
    found = [f"{rel}:{line}: imports {name}" for line, name in imported(tree)
             if is_forbidden(name) and name.split(".")[0] not in allowed]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        if allowed and name.split(".")[-1] in ("get_context", "set_start_method", "Process", "Pool") and not (
            name.endswith("get_context") and [getattr(a, "value", None) for a in node.args] == ["fork"]
        ):
            found.append(f"{rel}:{node.lineno}: calls {name} (workers are forked, nothing else)")
        if name in FORBIDDEN_CALLS:
            found.append(f"{rel}:{node.lineno}: calls {name}")
        if name.endswith("import_module") and not (node.args and isinstance(node.args[0], ast.Constant)):
            found.append(f"{rel}:{node.lineno}: imports a module by a computed name")
        parts = name.split(".")
        if len(parts) >= 3 and parts[-2] == "git" and parts[-1] not in READ_ONLY_GIT:  # repo.git.<command>(…)
            found.append(f"{rel}:{node.lineno}: runs git {parts[-1]}")
        if parts[-1] == "execute" and node.args and isinstance(node.args[0], ast.List):
            words = [e.value for e in node.args[0].elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            command = next((w for w in words if w != "git" and not w.startswith("-")), None)
            if command not in READ_ONLY_GIT:
                found.append(f"{rel}:{node.lineno}: runs git {command}")
        if parts[-1] in GIT_WRITES and any(p in ("repo", "git", "_repo", "remote", "origin") for p in parts[:-1]):
            found.append(f"{rel}:{node.lineno}: calls {name}")
    return found


def test_the_walk_sees_every_module() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in modules()}
    assert {"cli.py", "build.py", "approvals/history.py", "site/plugin.py", "intake/eml.py"} <= names
    assert len(names) > 50


@pytest.mark.parametrize("source", [
    "import smtplib",
    "from http import client",
    "import http.client as h",
    "from urllib.request import urlopen",
    "import requests",
    "import socket",
    "from email import smtp; import subprocess",
    "import os\nos.system('mail -s hi a@b')",
    "import importlib\nimportlib.import_module(name)",
    "__import__('smtp' + 'lib')",
    "repo.git.push('origin', 'main')",
    "repo.remote('origin').push()",
    "repo.git.execute(['git', '-c', 'x=y', 'push', 'origin'])",
    "import xmlrpc.client",
    "import aiohttp",
    "import multiprocessing",
])
def test_the_walk_catches_what_it_is_for(source: str) -> None:
    assert findings(source, "example.py"), f"the walk missed: {source}"


@pytest.mark.parametrize("source", [
    "import email.utils\nfrom urllib.parse import quote",
    "import os\nos.environ.get('X')",
    "from importlib import resources",
    "repo.git.execute(['git', *_OPTS, 'log', '--first-parent'])",
    "repo.git.rev_parse('--is-shallow-repository')",
])
def test_the_walk_lets_reading_through(source: str) -> None:
    assert findings(source, "example.py") == []


@pytest.mark.parametrize("source", [
    "import multiprocessing\nmultiprocessing.get_context('spawn')",
    "import multiprocessing\nmultiprocessing.get_context('forkserver')",
    "import multiprocessing\nmultiprocessing.set_start_method('spawn')",
    "import multiprocessing\nmultiprocessing.Process(target=f).start()",
    "import subprocess",
])
def test_the_module_that_forks_workers_may_only_fork(source: str) -> None:
    assert findings(source, "generator/parallel.py"), f"the walk missed: {source}"


def test_no_module_can_send_connect_or_write_back() -> None:
    found = [f for path in modules() for f in findings(path.read_text("utf-8"), path.relative_to(REPO).as_posix())]
    assert found == [], "\n".join(found)


def test_the_site_scripts_and_styles_reach_no_other_host() -> None:
    assets = sorted((PACKAGE / "site" / "assets").glob("*"))
    assert assets, "no site assets found"
    for path in assets:
        text = path.read_text("utf-8")
        for word in ("fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "http://", "https://",
                     "import(", "@import", "//cdn"):
            assert word not in text, f"{path.name} contains {word}"


# --- networking disabled inside the process ------------------------------------------------------


class NoNetwork:
    """Every way out of this process through a socket raises, and is recorded."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            self.attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network disabled by the test: {what}")
        return refused


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> NoNetwork:
    guard = NoNetwork()
    monkeypatch.setattr(socket.socket, "connect", guard.refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guard.refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", guard.refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", guard.refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", guard.refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", guard.refuse("gethostbyname"))
    return guard


def test_the_guard_really_stops_a_request(no_network: NoNetwork) -> None:
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.com/", timeout=5)
    assert no_network.attempts


def sample_repository(path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The project's sample handoff, site and policy in a new git repository, as a team's clone holds them."""
    repo = GitRepo.create(path)
    isolate(monkeypatch, Path(repo.env["HOME"]))
    shutil.copytree(REPO / "handoffs", repo.path / "handoffs")
    shutil.copy(REPO / "mkdocs.yml", repo.path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", repo.path / "docs", ignore=shutil.ignore_patterns("packets"))
    repo.commit("The sample handoff and the site", author=CAROL)
    return repo


def test_prepare_and_the_site_build_need_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     no_network: NoNetwork) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.cli import main

    repo = sample_repository(tmp_path / "repo", monkeypatch)
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    before = digest(repo.path / "handoffs")

    prepared = CliRunner().invoke(main, ["prepare", "handoffs/2026-04-aging"])
    assert prepared.exit_code == 0, prepared.output
    status = CliRunner().invoke(main, ["status", "--json"])
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout), "the packet's drafts should be listed"
    config = load_config(config_file=str(repo.path / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(config)

    assert (tmp_path / "site" / "packets" / "2026-04-aging" / "index.html").is_file()
    assert no_network.attempts == [], f"something tried the network: {no_network.attempts}"
    assert digest(repo.path / "handoffs") == before


# --- handoffs/ is never written ---------------------------------------------------------------------

COMMANDS = [
    ["check", "handoffs/2026-04-aging"],
    ["prepare", "handoffs/2026-04-aging"],
    ["prepare", "handoffs/2026-04-aging"],  # again, over its own packet
    ["status"],
    ["status", "--json"],
    ["check-all"],
    ["fresh"],
    ["summary"],
    ["schema"],
    ["prepare", "handoffs/2026-04-aging", "--docs-dir", "elsewhere"],
]


def test_no_command_writes_under_handoffs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    repo = sample_repository(tmp_path / "repo", monkeypatch)
    env = environment(**{key: value for key, value in repo.env.items() if key.startswith(("GIT_", "HOME"))},
                      NO_MKDOCS_2_WARNING="1")
    original = digest(repo.path / "handoffs")
    assert len(original) > 15, "the sample handoff should have many files"
    for args in COMMANDS:
        done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo.path, env=env,
                              capture_output=True, text=True, timeout=600)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 0, f"blitz {' '.join(args)}: {done.stderr}"
        assert digest(repo.path / "handoffs") == original, f"blitz {' '.join(args)} wrote under handoffs/"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                            str(tmp_path / "site")], cwd=repo.path, env=env, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stderr
    assert digest(repo.path / "handoffs") == original, "mkdocs build wrote under handoffs/"

    # blitz init adds a new handoff folder and touches no other.
    started = subprocess.run([sys.executable, "-m", "generator", "init", "2026-05-aging",
                              "handoffs/2026-04-aging/exports/ar-aging-detail.csv"], cwd=repo.path, env=env,
                             capture_output=True, text=True, timeout=600)
    assert started.returncode == 0, started.stderr
    after = digest(repo.path / "handoffs")
    assert {k: v for k, v in after.items() if not k.startswith("2026-05-aging")} == original
    assert any(k.startswith("2026-05-aging/") for k in after)
