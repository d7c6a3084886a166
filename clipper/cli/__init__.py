"""The `clipper` command: each subcommand parses its options, makes one library call, reports.

One module per command family: `clean.py` (clean, repeats), `archive.py` (clipper archive ...),
`serve.py` (archive serve, archive reclean). Each defines plain click commands that
this module adds to the `clipper` group.
"""

from __future__ import annotations

import click

from .._version import __version__
from .archive import archive
from .clean import clean, repeats
from .options import SIZE
from .serve import reclean, serve

__all__ = ["SIZE", "archive", "clean", "main", "repeats"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clipper")
def main() -> None:
    """Clean web clippings (saved pages, WARC captures, copied text) into article records.

    \b
    Example:
      clipper clean seeds/ -o out/seeds.jsonl
      clipper clean crawl/*.warc.gz -o out/crawl.warc.gz --workers 2
      clipper repeats clips/example.com/ -o example-repeats.txt
      clipper archive -A clips init && clipper archive -A clips add seeds/
      clipper archive -A clips search putin
    """


main.add_command(clean)
main.add_command(repeats)
main.add_command(archive)
archive.add_command(serve)
archive.add_command(reclean)
