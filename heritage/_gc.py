"""A context manager that pauses Python's cyclic garbage collector.

Parsing a large catalogue creates millions of small dicts and lists at once; each of them
counts towards a collection, so the collector runs over and over on objects that are all
still alive. Pausing it during such bursts roughly halves load time at 100,000 sites.
Nothing made here forms reference cycles that would need the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (restores the previous state)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
