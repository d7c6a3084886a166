"""No hang: every regex in clipper, and the public entry points, stay fast on hostile lines.

A catastrophic pattern cannot be interrupted inside the regex engine, so the probes run in
forked children (regex_probe.py) that are killed when one goes quiet: a hang then fails the
test, naming the pattern, instead of blocking the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROBE = Path(__file__).with_name("regex_probe.py")
ROOT = Path(__file__).resolve().parents[2]
PATTERN_LIMIT = 1.0  # CPU seconds for one pattern on one 128 KB line
CALL_LIMIT = 10.0  # CPU seconds for one entry point call on 1 MB (or 100,000 tags)


@dataclass
class Report:
    total: int = 0
    done: int = 0
    slow: list[str] = field(default_factory=list)
    hung: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)


def run_probes(script: Path, *args: str, limit: float, quiet: float = 15.0) -> Report:
    env = {**os.environ, "PROBE_QUIET": str(quiet)}
    proc = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
        check=False,
    )
    report = Report()
    labels: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "TOTAL":
            report.total = int(rest)
        elif word == "START":
            number, _, label = rest.partition(" ")
            labels[number] = label
        elif word == "END":
            number, seconds, *outcome = rest.split(" ")
            report.done += 1
            if outcome:
                report.outcomes[labels[number]] = outcome[0]
            if float(seconds) > limit:
                report.slow.append(f"{labels[number]}: {float(seconds):.2f} s")
        elif word == "HUNG":
            report.hung.append(rest.partition(" ")[2])
    assert proc.returncode == 0, proc.stderr[-2000:]
    return report


def test_every_regex_is_linear_on_long_lines() -> None:
    report = run_probes(PROBE, limit=PATTERN_LIMIT)
    assert report.total > 200, "the probe found suspiciously few patterns"
    assert not report.hung, "patterns that hang (catastrophic backtracking):\n" + "\n".join(
        report.hung
    )
    assert not report.slow, "patterns slower than linear:\n" + "\n".join(report.slow)
    assert report.done == report.total


def test_entry_points_on_1mb_lines_and_deep_nesting() -> None:
    report = run_probes(PROBE, "--pipeline", limit=CALL_LIMIT, quiet=60.0)
    assert report.total > 55
    assert not report.hung, "calls that hung or killed the process:\n" + "\n".join(report.hung)
    crashed = {k: v for k, v in report.outcomes.items() if v.startswith("CRASH")}
    assert not crashed, f"exceptions other than ClipperError escaped: {crashed}"
    assert not report.slow, "calls over the time bound:\n" + "\n".join(report.slow)
    assert report.done == report.total


def test_the_watchdog_catches_a_catastrophic_pattern(tmp_path: Path) -> None:
    # The harness itself must work: a quadratic pattern is reported, and the run goes on.
    script = tmp_path / "bad_probe.py"
    script.write_text(
        "import re, sys\n"
        f"sys.path.insert(0, {str(PROBE.parent)!r})\n"
        "import regex_probe\n"
        "jobs = [('fine', (re.compile(r'x'), ' ' * 1000, False)),\n"
        "        ('quadratic', (re.compile(r'\\s*x'), ' ' * 1_000_000 + '!', False)),\n"
        "        ('after', (re.compile(r'y'), ' ' * 1000, False))]\n"
        "regex_probe._run_forked(jobs, regex_probe._search, 1.0)\n"
    )
    report = run_probes(script, limit=0.5, quiet=1.0)
    assert report.hung == ["quadratic (killed)"]
    assert report.done == 2
