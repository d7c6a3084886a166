"""`python -m clipper`: the same as the `clipper` command."""

from .cli import main

main()
