"""The public surface: what `import clipper` offers and how single calls fail."""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path

import pytest

import clipper
from clipper import (
    BinaryInputError,
    ClipperError,
    Clipping,
    DecodingError,
    EmptyInputError,
    InputNotFoundError,
    clean,
    clean_html,
    clean_text,
)


def test_all_lists_exactly_the_public_names() -> None:
    # Submodules show up as attributes once anything imports them; they are not API.
    public = {
        n
        for n in dir(clipper)
        if not n.startswith("_") and not isinstance(getattr(clipper, n), types.ModuleType)
    }
    assert set(clipper.__all__) - {"__version__"} == public
    for name in clipper.__all__:
        assert hasattr(clipper, name)


def test_error_tree_has_one_root() -> None:
    for name in clipper.__all__:
        obj = getattr(clipper, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, ClipperError)


def test_clipping_is_frozen_and_round_trips() -> None:
    c = clean_text(
        "A paragraph long enough to be an article, with words and a full stop at the end."
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.title = "x"  # type: ignore[misc]
    assert Clipping.from_json(c.to_json()) == c
    assert list(c.to_dict())[:6] == ["id", "url", "source", "title", "subtitle", "section"]
    assert c.id.startswith("sha256:") and c.digest.startswith("sha256:")


def test_same_input_same_id() -> None:
    text = "Same words in, same id out, whatever else happens to the cleaning rules later on."
    assert clean_text(text).id == clean_text(text.encode()).id


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInputError),
        (b"   \n\t ", EmptyInputError),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", BinaryInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError),
        (bytes(range(256)) * 8, BinaryInputError),
    ],
)
def test_bad_bytes_raise_clear_errors(data: bytes, error: type[ClipperError]) -> None:
    with pytest.raises(error):
        clean_text(data)
    with pytest.raises(error):
        clean(data)


def test_unknown_encoding_is_an_error_not_mojibake() -> None:
    with pytest.raises(DecodingError):
        clean_text(
            "Ünïcödé text".encode("latin-1"), options=clipper.CleanOptions(encoding="x-no-such")
        )


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    with pytest.raises(InputNotFoundError, match="nope.html"):
        clean(missing)


def test_clean_dispatches_on_content(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(
        "A paragraph long enough to be an article, with words and a full stop at the end.\n"
    )
    assert clean(page).source.type == "text"
    assert clean(page).source.path == str(page)


def test_control_characters_do_not_reach_the_record() -> None:
    body = "A paragraph long enough to be an article, with words and a full stop at the end."
    record = clean_text(
        f"{body[:10]}\x00{body[10:]}\n\n{body}\n\n\x07\x1b\n\n{body}\tTabs and é stay.\n"
    )
    assert record.text.endswith(f"{body}\n\n{body}\tTabs and é stay.")
    assert "\x00" not in (record.title or "") + record.text
    page = clean_html(
        f"<html><head><title>T\x01itle</title></head><body><p>{body}\x7f</p></body></html>"
    )
    assert "\x7f" not in page.text and body in page.text


def test_version_is_the_installed_distributions() -> None:
    """Records, warcinfo and --version carry the version of the installed clipper-news, not a
    placeholder (the metadata is looked up under the distribution name, not the import name)."""
    import tomllib
    from pathlib import Path

    from click.testing import CliRunner

    from clipper.cli import main

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    assert clipper.__version__ == project["project"]["version"]
    assert clipper.clean_text("Some words of a story.\n").clipper_version == clipper.__version__
    assert project["project"]["version"] in CliRunner().invoke(main, ["--version"]).output
