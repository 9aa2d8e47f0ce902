"""Timing a whole process: wall time, CPU time and peak memory of one command.

Each command runs under a small Python wrapper process, so that
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` read in the wrapper is the
peak resident memory of that one command (and anything it waited for), not
of every command this suite has run so far.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_WRAPPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
                  "code": done.returncode, "stdout": done.stdout.decode("utf-8", "replace"),
                  "stderr": done.stderr.decode("utf-8", "replace")[-20000:]}))
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float
    code: int
    stdout: str
    stderr: str


class CommandFailed(RuntimeError):
    pass


CODE: Path | None = None  # where ``snapshot`` copied the package; commands import it from there


def snapshot(source: Path, target: Path) -> Path:
    """Copy the package to ``target`` so every measurement of a run uses the same code."""
    import compileall
    import shutil

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(target, quiet=1)  # as an installed package would be; no run pays for it
    global CODE
    CODE = target
    return target


def run(command: list[str], cwd: Path, *, ok_codes: tuple[int, ...] = (0,)) -> Run:
    """Run ``command`` in ``cwd`` and measure it; a failure stops the suite with its output."""
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "BLITZ_DEBUG")}
    if CODE is not None:
        env["PYTHONPATH"] = str(CODE)
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *command], cwd=cwd, env=env, capture_output=True,
                          check=True)
    raw = json.loads(done.stdout)
    result = Run(raw["wall"], raw["cpu"], raw["maxrss_kib"] / 1024, raw["code"], raw["stdout"], raw["stderr"])
    if result.code not in ok_codes:
        raise CommandFailed(
            f"{' '.join(command)} (in {cwd}) exited with {result.code}:\n{result.stderr[-3000:]}{result.stdout[-2000:]}"
        )
    return result


@dataclass(frozen=True)
class Summary:
    """Median and spread of repeated timings (seconds)."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def low(self) -> float:
        return min(self.runs)

    @property
    def high(self) -> float:
        return max(self.runs)

    @property
    def spread(self) -> float:
        """(max − min) / median: how noisy the repetitions were."""
        return (self.high - self.low) / self.median if self.median else 0.0

    def as_json(self) -> dict[str, object]:
        return {"runs_s": [round(r, 3) for r in self.runs], "median_s": round(self.median, 3),
                "min_s": round(self.low, 3), "max_s": round(self.high, 3), "spread": round(self.spread, 3)}


def machine() -> dict[str, object]:
    """CPU model, cores, memory, OS and Python: what the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gib = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = int(line.split()[1]) / 1024 / 1024
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": usable, "memory_gib": round(memory_gib, 1),
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(), "git": git}
