"""Write one benchmark's section of docs/benchmarks.md, leaving the other sections alone."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Measured by the scripts in `benchmarks/` (not by the tests, which assert behaviour only).\n"
    "Each section is rewritten by the script named in it; run it again to refresh the figures.\n"
)


def machine() -> str:
    """Describe the machine the figures were taken on."""
    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"


def write_section(name: str, body: str) -> Path:
    """Replace (or append) the section between ``<!-- begin NAME -->`` and ``<!-- end NAME -->``."""
    text = DOC.read_text("utf-8") if DOC.exists() else HEADER
    block = f"<!-- begin {name} -->\n{body.rstrip()}\n<!-- end {name} -->"
    pattern = re.compile(
        rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->", re.S
    )
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block + "\n"
    )
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return DOC
