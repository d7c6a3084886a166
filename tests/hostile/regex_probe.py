"""Run every regular expression in the clipper package against hostile 1 MB lines.

Used by test_linear_time.py in a subprocess, because a catastrophic pattern cannot be
interrupted inside the regex engine: the parent kills this process when one probe hangs.
Each probe runs in a forked child that is killed when it goes quiet (``PROBE_QUIET`` seconds,
default 10). Protocol on stdout, one line each: ``START <n> <label>`` before a probe,
``END <n> <secs> [outcome]`` after it (CPU seconds, robust to a busy machine), ``HUNG <n>
<label>`` for one that was killed or killed its process. ``python regex_probe.py --list`` prints the patterns and exits;
``--pipeline`` runs whole ``clean_text`` / ``clean_html`` calls on hostile inputs instead and
adds the outcome (``Clipping``, an error class name, or ``CRASH:<type>``) to each END line.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import re
import select
import signal
import sys
import time
from collections.abc import Iterator
from typing import Any

import clipper

# 128 KB per pattern keeps the sweep of ~150 patterns within seconds while a quadratic
# pattern still takes ~10^10 steps; the public entry points get the full 1 MB (pipeline_cases).
LINE = int(os.environ.get("PROBE_LINE", 128 * 1024))
FULL_LINE = 1_000_000
# Each filler repeated to 1 MB, then a character no pattern expects, so every
# attempt fails late: the case that exposes backtracking.
FILLERS = {
    "spaces": " ",
    "digits": "7",
    "dots": ".",
    "lt": "<",
    "letters": "a",
    "mixed": "ab1. <x, ",
    "tabs-nl": " \t\n",
}
# Patterns whose callers only ever give them short strings, with the reason. Each entry names
# the module and a fragment of the pattern; keep this list short and the reasons checkable.
_GUARDED = (
    "quadratic on long runs of whitespace (or, for lookaheads, on any long line), but its "
    "callers only pass stripped, length-capped strings: test_entry_points_on_1mb_lines holds "
    "that; reported to the owner to make linear"
)
EXEMPT: list[tuple[str, str, str]] = [
    ("clipper.batch.output", r"\.tmp\Z", "matched against directory entry names (<= 255 bytes)"),
    ("clipper.extract._html_prune", "related(?:", "matched only on blocks under 200 characters"),
    ("clipper.extract.header.title", r"\s*(?:»|›|>|/|→|\||::)\s*", _GUARDED),
    ("clipper.extract.header.byline", r"\s+(?:on|am|le|el|il)\s*$", _GUARDED),
    ("clipper.metadata.licensing", r"(?:^|\n)\s*[-–—]{1,2}\s*", _GUARDED),
    ("clipper.rules.navigation", r"^\s*[\w&'. -]{1,30}", "rule applies only to lines <= 120 chars"),
]
_ANCHORED = {"match", "fullmatch"}
# (pattern, flags) -> True when every use found is match/fullmatch: one attempt at the
# start, so the probe uses match too (search would try a million starts no caller tries).
_ANCHORED_ONLY: dict[tuple[Any, int], bool] = {}
_RE_CALLS = {
    "compile",
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "findall",
    "finditer",
    "split",
}


def _walk(
    obj: Any, label: str, depth: int, seen: set[int]
) -> Iterator[tuple[str, re.Pattern[Any]]]:
    if isinstance(obj, re.Pattern):
        yield label, obj
        return
    if depth > 4 or id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _walk(value, f"{label}[{key!r}]", depth + 1, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, value in enumerate(obj):
            yield from _walk(value, f"{label}[{i}]", depth + 1, seen)
    elif hasattr(obj, "__dataclass_fields__") or (
        hasattr(obj, "__dict__")
        and type(obj).__module__.startswith("clipper")
        and not inspect.isclass(obj)
        and not inspect.ismodule(obj)
        and not callable(obj)
    ):
        names = getattr(obj, "__dataclass_fields__", None) or vars(obj)
        for name in names:
            yield from _walk(getattr(obj, name, None), f"{label}.{name}", depth + 1, seen)


def _literal_patterns(module: Any) -> Iterator[tuple[str, re.Pattern[Any]]]:
    """Patterns written inline (``re.search(r"...", s)``) that no module attribute holds."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _RE_CALLS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, (str, bytes))
        ):
            continue
        flag_nodes = [k.value for k in node.keywords if k.arg == "flags"]
        if node.func.attr == "compile" and len(node.args) > 1:
            flag_nodes.append(node.args[1])
        flags = 0
        for flag_node in flag_nodes:
            try:
                flags = eval(compile(ast.Expression(flag_node), "<flags>", "eval"), {"re": re})
            except Exception:  # flags held in a variable: probe without them
                flags = 0
        try:
            pattern = re.compile(node.args[0].value, flags)
            if node.func.attr != "compile":
                _ANCHORED_ONLY[(pattern.pattern, pattern.flags)] = node.func.attr in _ANCHORED
            yield f"{module.__name__}:{node.lineno}", pattern
        except (re.error, TypeError):
            continue


def _ignore(name: str) -> None:
    print(f"SKIP {name}: cannot import", file=sys.stderr)


def exempt(label: str, pattern: re.Pattern[Any]) -> str | None:
    """Why a pattern need not pass the 1 MB probe (its caller bounds the input), or None."""
    module = label.split(":")[0].rsplit(".", 1)[0] if ":" not in label else label.split(":")[0]
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode()
    for where, fragment, reason in EXEMPT:
        if module.startswith(where) and fragment in source:
            return reason
    return None


def _method_uses(module: Any) -> dict[str, set[str]]:
    """For each name in a module, the regex methods called on it (``_X.match(...)``)."""
    uses: dict[str, set[str]] = {}
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return uses
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            uses.setdefault(node.value.id, set()).add(node.attr)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            uses.setdefault(node.value.attr, set()).add(node.attr)
    return uses


def anchored(label: str, pattern: re.Pattern[Any]) -> bool:
    return _ANCHORED_ONLY.get((pattern.pattern, pattern.flags), False)


def collect() -> list[tuple[str, re.Pattern[Any]]]:
    """Every distinct compiled pattern in clipper's modules, with where it lives."""
    found: dict[tuple[Any, int], str] = {}
    patterns: list[tuple[str, re.Pattern[Any]]] = []
    for info in pkgutil.walk_packages(clipper.__path__, "clipper.", onerror=_ignore):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # a module that cannot import is another test's failure
            print(f"SKIP {info.name}: {exc}", file=sys.stderr)
            continue
        uses = _method_uses(module)
        for label, pattern in _walk_module(module):
            name = label[len(module.__name__) + 1 :].split(".")[-1].split("[")[0]
            methods = uses.get(name, set()) & (_RE_CALLS - {"compile"})
            key = (pattern.pattern, pattern.flags)
            _ANCHORED_ONLY[key] = bool(methods) and methods <= _ANCHORED
        items = list(_walk_module(module)) + list(_literal_patterns(module))
        for label, pattern in items:
            key = (pattern.pattern, pattern.flags)
            if key not in found:
                found[key] = label
                patterns.append((label, pattern))
    return patterns


def _walk_module(module: Any) -> Iterator[tuple[str, re.Pattern[Any]]]:
    seen: set[int] = set()
    for name, value in vars(module).items():
        if inspect.ismodule(value):
            continue
        if inspect.isclass(value) and value.__module__ == module.__name__:
            for attr, member in vars(value).items():
                yield from _walk(member, f"{module.__name__}.{name}.{attr}", 1, seen)
            continue
        yield from _walk(value, f"{module.__name__}.{name}", 0, seen)


def subjects() -> dict[str, tuple[str, bytes]]:
    """Each filler as a 1 MB line, as str and as bytes (for bytes patterns)."""
    out = {}
    for name, filler in FILLERS.items():
        line = filler * (LINE // len(filler)) + "\x00"
        out[name] = (line, line.encode())
    return out


def pipeline_cases() -> list[tuple[str, str, tuple[Any, ...]]]:
    """(label, "module:function", args) for public entry points on hostile input."""
    cases: list[tuple[str, str, tuple[Any, ...]]] = []
    for name, filler in FILLERS.items():
        line = filler * (FULL_LINE // len(filler)) + "\x00"
        # Whole pipelines cost ~0.1-0.3 s each: on the fillers (spaces, digits, dots,
        # `<`) and the mixed one; the cheap line and metadata functions on every filler.
        if name in ("spaces", "digits", "dots", "lt", "mixed"):
            cases += [
                (f"clean_text on {name}", "clipper:clean_text", (f"Headline\n\n{line}\n\nEnd.",)),
                (f"clean_html on {name}", "clipper:clean_html", (_page(line),)),
            ]
        if name in ("spaces", "lt"):
            cases.append(
                (
                    f"clean_html on {name} in a title",
                    "clipper:clean_html",
                    (_page("x", title=line),),
                )
            )
        cases += [
            (f"check_line on {name}", "clipper.rules:check_line", (line,)),
            (f"clean_blocks on {name}", "clipper.rules:clean_blocks", ([line, "Text.", line],)),
            (f"parse_byline on {name}", "clipper.metadata.byline:parse_byline", (line,)),
            (f"parse_date on {name}", "clipper.metadata.dates:parse_date", (line,)),
            (
                f"strip_site_suffix on {name}",
                "clipper.metadata.title:strip_site_suffix",
                (line, "Site"),
            ),
            (f"language.detect on {name}", "clipper.metadata.language:detect", (line, None)),
        ]
    depth = 100_000
    # Not <p>: paragraphs cannot nest, so 100,000 of them are 100,000 siblings, which
    # trafilatura walks slowly (~10 s) but without recursion; --timeout bounds that in batches.
    for tag in ("div", "b", "table", "span"):
        nested = f"<{tag}>" * depth + "Deep text." + f"</{tag}>" * depth
        cases.append(
            (f"clean_html on {depth} nested <{tag}>", "clipper:clean_html", (_page(nested),))
        )
        unclosed = _page(f"<{tag}>" * depth)
        cases.append((f"clean_html on {depth} unclosed <{tag}>", "clipper:clean_html", (unclosed,)))
    cases.append(("clean_html on 1 MB of '<a '", "clipper:clean_html", ("<a " * (FULL_LINE // 3),)))
    cases.append(
        ("clean_html on 1 MB of '<!--'", "clipper:clean_html", ("<!--" * (FULL_LINE // 4),))
    )
    cases.append(("clean_text on 100,000 short lines", "clipper:clean_text", ("a.\n" * 100_000,)))
    return cases


def _page(body: str, title: str = "Title") -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


def _run_forked(jobs: list[tuple[str, Any]], run: Any, quiet: float) -> None:
    """Run `run(job)` for each job in a forked child, relaying its START/END lines.

    A regex cannot be interrupted, so the child is killed when it stays quiet longer than
    `quiet` seconds; the probe it was in is reported as ``HUNG``, and a new child goes on
    with the next job. Forking keeps the imports, so a hang costs one kill, not a restart.
    """
    print(f"TOTAL {len(jobs)}", flush=True)
    n = 0
    while n < len(jobs):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run jobs from n on, reporting each
            os.close(read_end)
            out = os.fdopen(write_end, "w", buffering=1)
            for i in range(n, len(jobs)):
                label, job = jobs[i]
                out.write(f"START {i} {label}\n")
                out.flush()
                began = time.process_time()
                outcome = run(job)
                out.write(f"END {i} {time.process_time() - began:.4f} {outcome}\n".rstrip() + "\n")
                out.flush()
            os._exit(0)
        os.close(write_end)
        current: int | None = None
        pending = b""
        while True:
            ready, _, _ = select.select([read_end], [], [], quiet)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                line = raw.decode()
                print(line, flush=True)
                word, number = line.split(" ")[:2]
                current = int(number) if word == "START" else None
                if word == "END":
                    n = int(number) + 1
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
        if current is not None:
            why = "killed" if os.WIFSIGNALED(status) else "died"
            print(f"HUNG {current} {jobs[current][0]} ({why})", flush=True)
            n = current + 1
        elif n < len(jobs) and not os.WIFEXITED(status):
            n += 1


def _search(job: tuple[re.Pattern[Any], Any, bool]) -> str:
    pattern, subject, anchored_only = job
    (pattern.match if anchored_only else pattern.search)(subject)
    return ""


def _call(job: tuple[str, tuple[Any, ...]]) -> str:
    where, args = job
    module_name, _, function = where.partition(":")
    try:
        result = getattr(importlib.import_module(module_name), function)(*args)
    except clipper.ClipperError as exc:
        return exc.kind
    except BaseException as exc:  # the point: report whatever escapes
        return f"CRASH:{type(exc).__name__}"
    return type(result).__name__


def main() -> None:
    quiet = float(os.environ.get("PROBE_QUIET", "10"))
    if "--pipeline" in sys.argv:
        cases = [(label, (where, args)) for label, where, args in pipeline_cases()]
        _run_forked(cases, _call, quiet * 3)
        return
    patterns = collect()
    if "--list" in sys.argv:
        for label, pattern in patterns:
            how = "match" if anchored(label, pattern) else "search"
            print(label, how, repr(pattern.pattern)[:100], exempt(label, pattern) or "")
        return
    lines = subjects()
    jobs: list[tuple[str, Any]] = []
    for label, pattern in patterns:
        if exempt(label, pattern) is not None:
            continue
        for name in FILLERS:
            text, data = lines[name]
            subject = data if isinstance(pattern.pattern, bytes) else text
            how = "match" if anchored(label, pattern) else "search"
            jobs.append((f"{label} {how} on {name}", (pattern, subject, how == "match")))
    _run_forked(jobs, _search, quiet)


if __name__ == "__main__":
    main()
