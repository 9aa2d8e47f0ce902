"""Writes the measured part of ``docs/performance.md`` from one benchmark run.

Only the text between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` is
replaced; what people wrote around it (profiles, before/after) stays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
BEFORE_START = "<!-- before-after:start -->"
BEFORE_END = "<!-- before-after:end -->"
SKELETON = f"""# Performance at scale

How fast Blitz prepares a large handoff, builds its site and reads approvals,
each figure beside a floor measured in the same run. Regenerate with
`make bench` (about ten minutes; not part of `make test`).

{START}
{END}
"""
STAGES = ("import", "intake", "analyze", "draft", "render", "write")


def _s(value: float) -> str:
    return f"{value:.2f} s"


def _spread(record: dict[str, Any]) -> str:
    return f"{_s(record['min_s'])}–{_s(record['max_s'])} (±{record['spread'] * 50:.0f}%)"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _rows(results: dict[str, Any]) -> list[str]:
    prep = results.get("prepare", {})
    main = prep.get("x1")
    lines = ["| Measurement | Median | Range of runs | Floor (median) | Ratio | Target | |",
             "|---|---:|---|---:|---:|---|---|"]
    for key in ("x0.5", "x1", "x2"):
        record = prep.get(key)
        if record:
            size = record["size"]
            name = f"`prepare`, {size['invoices']:,} rows / {size['customers']:,} customers / " \
                   f"{size['messages']:,} messages / {size['notes']:,} notes"
            target, ok = ("≤ 3× floor", record["ratio_to_floor"] <= 3) if key == "x1" else ("", None)
            ratio = f"{record['ratio_to_floor']:.2f}× (CPU {record['cpu_ratio_to_floor']:.2f}×)"
            lines.append(f"| {name} | {_s(record['median_s'])} | {_spread(record)} | "
                         f"{_s(record['floor']['median_s'])} | {ratio} | {target} | "
                         f"{_met(ok) if ok is not None else ''} |")
    if main:
        peak = main["peak_mib"]
        lines.append(f"| peak memory of that `prepare` | {peak:,.0f} MiB | | {main['floor_peak_mib']:,.0f} MiB | "
                     f"{peak / main['floor_peak_mib']:.2f}× | < 1,536 MiB | {_met(peak < 1536)} |")
    if main and prep.get("x2"):
        ratio = prep["x2"]["median_s"] / main["median_s"]
        floor = prep["x2"]["floor"]["median_s"] / main["floor"]["median_s"]
        lines.append(f"| doubling the input (`prepare` ×2 / ×1) | {ratio:.2f}× | | {floor:.2f}× | | ≤ 2.2× | "
                     f"{_met(ratio <= 2.2)} |")
    if main and prep.get("x0.5"):
        ratio = main["median_s"] / prep["x0.5"]["median_s"]
        floor = main["floor"]["median_s"] / prep["x0.5"]["floor"]["median_s"]
        lines.append(f"| doubling the input (`prepare` ×1 / ×½) | {ratio:.2f}× | | {floor:.2f}× | | ≤ 2.2× | "
                     f"{_met(ratio <= 2.2)} |")
    warm = prep.get("warm")
    if warm:
        lines.append(f"| `prepare` again, inputs unchanged | {_s(warm['median_s'])} | {_spread(warm)} | "
                     f"{_s(warm['cold_median_s'])} (cold) | {warm['ratio_to_cold'] * 100:.1f}% | < 10% of cold | "
                     f"{_met(warm['ratio_to_cold'] < 0.1 and warm['unchanged_output'])} |")
    site = results.get("site", {})
    build = site.get("build")
    if build:
        lines.append(f"| site build (`mkdocs build`), {build['pages']:,} pages | {_s(build['median_s'])} | "
                     f"{_spread(build)} | {_s(build['floor']['median_s'])} | {build['ratio_to_floor']:.2f}× | "
                     f"≤ 1.5× floor | {_met(build['ratio_to_floor'] <= 1.5)} |")
    size = site.get("size")
    if size and "growth" in size:
        lines.append(f"| site size, twice the customers (×1 / ×½) | {size['growth']:.2f}× | | | | linear (≈ 2×) | "
                     f"{_met(size['growth'] <= 2.2)} |")
    status = results.get("status")
    if status:
        lines.append(f"| `blitz status`, {status['pages']:,} drafts, {status['commits']:,} commits | "
                     f"{_s(status['median_s'])} | {_spread(status)} | | | < 5 s | {_met(status['median_s'] < 5)} |")
    return lines


def _details(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    stages = results.get("prepare", {}).get("stages")
    if stages:
        lines += ["", "### Where `prepare` spends its time (20,000 rows, in one process)", "",
                  "| Stage | Median | Range |", "|---|---:|---|"]
        for name in STAGES:
            lines.append(f"| {name} | {_s(stages[name]['median_s'])} | {_spread(stages[name])} |")
        counts = stages["counts"]
        lines += ["", f"The packet: {counts['invoices']:,} invoices, {counts['drafts']:,} drafts, "
                      f"{counts['pages']:,} files; {counts['warnings']:,} warnings, {counts['errors']} errors."]
    size = results.get("site", {}).get("size")
    if size:
        lines += ["", "### Site size by scale", "", "| Customers | Pages | Files | Bytes | Bytes per customer |",
                  "|---:|---:|---:|---:|---:|"]
        for key in ("x0.5", "x1", "x2"):
            if key in size["sizes"]:
                s = size["sizes"][key]
                lines.append(f"| {s['customers']:,} | {s['pages']:,} | {s['files']:,} | {s['bytes']:,} | "
                             f"{s['bytes_per_customer']:,} |")
        build = results["site"].get("build")
        if build:
            floor = build["floor"]
            lines += ["", f"The plain-pages floor: {floor['pages']:,} pages of about {floor['page_chars']:,} "
                          f"characters each, {floor['bytes']:,} bytes in all."]
    status = results.get("status")
    if status:
        states = ", ".join(f"{count:,} {state}" for state, count in status["states"].items())
        lines += ["", f"`blitz status` judged {status['pages']:,} pages: {states}."]
    return lines


def block(results: dict[str, Any]) -> str:
    m = results["machine"]
    prep = results.get("prepare", {})
    deterministic = all(prep[k]["deterministic"] for k in ("x0.5", "x1", "x2") if k in prep)
    lines = [
        "## Results", "",
        f"Measured on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB memory, {m['os']}, "
        f"Python {m['python']}, {m['git']}; code at commit {results.get('code', 'unknown')}. "
        "Each timing is the wall time of a whole process, repeated "
        f"{results['repeat']} times; the median is shown with the range of the runs (± half the range as a "
        "share of the median: how noisy this shared machine was). Floors ran interleaved with the runs "
        "they are compared with.", "",
        *_rows(results),
        "",
        "Repeated cold runs wrote byte-identical packets." if deterministic
        else "**Repeated cold runs did not write identical packets.**",
        *_details(results),
    ]
    return "\n".join(lines)


def _replace(text: str, start: str, end: str, body: str) -> str:
    if start not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def write_report(path: Path, results: dict[str, Any]) -> None:
    text = path.read_text("utf-8") if path.is_file() else SKELETON
    path.write_text(_replace(text, START, END, block(results)), encoding="utf-8")


def before_after(before: dict[str, Any], after: dict[str, Any], label: str | None = None) -> str:
    """The whole ``prepare`` before and after the changes, from two runs' results."""
    lines = [f"All changes together: `prepare` before ({label or before.get('code', 'the old code')}) and after "
             f"(commit {after.get('code', 'unknown')}), {before['repeat']} runs each, each beside its own floor:", "",
             "| Size | Before | After | Before ÷ floor | After ÷ floor | Peak memory before → after |",
             "|---|---:|---:|---:|---:|---|"]
    for key, label in (("x0.5", "half"), ("x1", "full"), ("x2", "double")):
        old, new = before.get("prepare", {}).get(key), after.get("prepare", {}).get(key)
        if old and new:
            rows = f"{label} ({new['size']['invoices']:,} rows)"
            lines.append(f"| {rows} | {_s(old['median_s'])} | {_s(new['median_s'])} | "
                         f"{old['ratio_to_floor']:.2f}× | {new['ratio_to_floor']:.2f}× | "
                         f"{old['peak_mib']:,.0f} → {new['peak_mib']:,.0f} MiB |")
    return "\n".join(lines)


def main() -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Write the before/after table of docs/performance.md.")
    parser.add_argument("before", type=Path, help="results.json of a run with --code on the old package")
    parser.add_argument("after", type=Path, help="results.json of a run on this checkout")
    parser.add_argument("--before-label", help="what the old package was, in words")
    parser.add_argument("--doc", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "performance.md")
    args = parser.parse_args()
    table = before_after(json.loads(args.before.read_text()), json.loads(args.after.read_text()), args.before_label)
    args.doc.write_text(_replace(args.doc.read_text("utf-8"), BEFORE_START, BEFORE_END, table), encoding="utf-8")


if __name__ == "__main__":
    main()
