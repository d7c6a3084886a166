"""Issue 15 at the command line (items 4, 15, 18): bad settings are usage errors that name their
flag (exit 2), never tracebacks, and a failed start leaves nothing behind."""

from __future__ import annotations

import codecs
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clipper.batch import BatchConfig, run
from clipper.cli import main
from clipper.cli.options import language_tag_problem
from clipper.errors import ConfigError

STORY = (
    "Harbour works reach a new stage\n\nThe council said on Tuesday that the harbour works were "
    "finished, ahead of the plan agreed in 2019.\n"
)
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def clean(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["clean", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@PROPERTY
@given(name=st.text(min_size=1, max_size=12).filter(lambda s: "\x00" not in s))
def test_an_encoding_python_does_not_know_is_a_usage_error(name: str) -> None:
    try:
        codecs.lookup(name)
        known = True
    except LookupError:
        known = False
    if known:
        return  # a real encoding: accepted (checked by the clean tests)
    code, output = clean("-", "-o", "-", "--encoding", name)
    assert code == 2 and "'--encoding'" in output


@PROPERTY
@given(
    tag=st.one_of(
        st.from_regex(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}", fullmatch=True),
        st.text(max_size=10),
    )
)
def test_a_language_that_is_not_a_bcp47_tag_of_a_known_language_is_a_usage_error(
    tag: str,
) -> None:
    problem = language_tag_problem(tag) if tag else "empty"
    if problem is None:
        return
    code, output = clean("-", "-o", "-", "--language", tag)
    assert code == 2 and "'--language'" in output


def test_the_issues_examples(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    for flag, value in (("--encoding", "klingon"), ("--language", "xx-bogus")):
        code, output = clean(str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), flag, value)
        assert code == 2 and f"'{flag}'" in output, output
    for good in ("en", "pt-BR", "zh-Hant", "de-CH-1996"):
        assert language_tag_problem(good) is None
    rules = tmp_path / "rules.json"
    rules.write_text('[{"pattern": "^Advertisement$"}]')
    code, output = clean(str(tmp_path / "a.txt"), "-o", "-", "--site-rules", str(rules))
    assert code == 2 and 'rule 1 has no "name"' in output
    assert not (tmp_path / "o.jsonl").exists()


def test_a_mistyped_input_leaves_nothing_to_block_the_corrected_run(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(STORY)
    out = tmp_path / "out.jsonl"
    code, output = clean(str(tmp_path / "pgaes"), "-o", str(out))
    assert code == 2 and "nothing to read" in output and "no such file or folder" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]
    code, output = clean(str(tmp_path / "pages"), "-o", str(out))  # no --force needed
    assert code == 0, output
    assert len(out.read_text().splitlines()) == 1


def test_an_input_that_is_the_output_is_refused_even_with_force(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": STORY}) + "\n")
    before = dump.read_bytes()
    code, output = clean(str(dump), "-o", str(dump), "--force")
    assert code == 2 and "'--output'" in output and "is an input" in output
    code, output = clean(str(dump), "-o", str(tmp_path / "o.jsonl"), "--errors", str(dump))
    assert code == 2 and "'--errors'" in output
    assert dump.read_bytes() == before


def test_repeats_refuses_to_write_where_it_would_read(tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    for i in range(3):
        (clips / f"{i}.txt").write_text(STORY + f"\nMenu\nFooter {i}\n")
    result = CliRunner().invoke(
        main, ["repeats", str(clips), "-o", str(clips / "repeats.txt"), "--min-docs", "2"]
    )
    assert result.exit_code == 2 and "would be read as an input" in result.output
    assert not (clips / "repeats.txt").exists()


@PROPERTY
@given(
    scheduler=st.one_of(
        st.text(max_size=15).filter(lambda s: s != "local" and "://" not in s),
        st.builds(
            lambda proto, host, port: f"{proto}://{host}{port}",
            st.sampled_from(["tcp", "http", "udp", ""]),
            st.sampled_from(["", "host", "127.0.0.5", "[::1]"]),
            st.sampled_from(["", ":", ":0", ":99999", ":x", "/path"]),
        ),
    )
)
def test_a_scheduler_that_is_no_address_is_a_usage_error(scheduler: str) -> None:
    code, output = clean("x.txt", "-o", "o.jsonl", "--scheduler", scheduler)
    assert code == 2 and "'--scheduler'" in output


@pytest.mark.parametrize("answer", [None, b"\xff" * 16, b"HTTP/1.1 200 OK\r\n\r\n"])
def test_an_unreachable_scheduler_is_a_clear_error_not_a_traceback(
    tmp_path: Path, answer: bytes | None
) -> None:
    pytest.importorskip("distributed")  # the dask extra is installed by `make install`
    (tmp_path / "a.txt").write_text(STORY)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]
    if answer is None:
        server.close()  # a loopback port with nothing listening
    else:
        # Something that is not a Dask scheduler answers (a web server, garbage).
        server.listen()

        def serve() -> None:
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                with conn:
                    conn.sendall(answer)

        threading.Thread(target=serve, daemon=True).start()
    config = BatchConfig(
        inputs=(str(tmp_path / "a.txt"),),
        output=str(tmp_path / "o.jsonl"),
        scheduler=f"tcp://127.0.0.1:{port}",
        scheduler_timeout=1.0,
    )
    start = time.monotonic()
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler .* within 1 s") as info:
        run(config)
    assert info.value.option == "scheduler"
    # Gave up at the 1 s limit given, not distributed's own 30 s connect timeout (a wide margin
    # on the clock for a loaded machine; distributed is imported above, outside the clock).
    assert time.monotonic() - start < 30
    assert not (tmp_path / "o.jsonl").exists()
    server.close()


def test_an_empty_list_of_inputs_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("# nothing yet\n")
    code, output = clean("--from-list", str(tmp_path / "list.txt"), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and "nothing to read" in output
    assert not (tmp_path / "o.jsonl").exists()
