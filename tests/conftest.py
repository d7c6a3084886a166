"""Settings every test shares: hypothesis runs the same examples on every run.

A property test draws its examples from a seed derived from the test itself (`derandomize`), and
no example database is read or written: CI and a laptop run the same inputs, a run's time does
not depend on what an earlier run saved, and a failure reproduces as it is. Each test still sets
its own `max_examples` (its budget) where the default of 100 would be slow.

No explain phase: after a failure it re-runs the test hundreds of times to say which lines only
failing cases ran (test_warc_headers.py once spent 215 s there); the shrunk example is enough.
"""

from __future__ import annotations

from hypothesis import Phase, settings

settings.register_profile(
    "clipper",
    derandomize=True,
    database=None,
    print_blob=True,
    phases=[p for p in Phase if p is not Phase.explain],
)
settings.load_profile("clipper")
