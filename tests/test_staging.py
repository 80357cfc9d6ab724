"""Staging folders left by killed builds are cleaned: only ours, only when not in use."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import collection, minimal_site

from heritage import staging
from heritage.build import Step, build

ROOT = Path(__file__).resolve().parent.parent


def _killed_build(out: Path) -> Path:
    """Start a process that makes and locks a staging folder, then kill it with SIGKILL."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from heritage import staging\n"
        "work = staging.make(Path(sys.argv[1]))\n"
        "(work.folder / 'maps').mkdir()\n"
        "(work.folder / 'maps' / 'index.html').write_text('half')\n"
        "print(work.folder, flush=True)\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(out)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    folder = Path(process.stdout.readline().strip())
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    process.stdout.close()
    return folder


def _catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(collection(minimal_site())), encoding="utf-8")
    return path


def _tiny_steps() -> list[Step]:
    return [Step("map", "maps", lambda ctx, folder: (folder / "index.html").write_text("ok"))]


def test_a_killed_build_leaves_a_folder_that_the_next_build_removes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    left = _killed_build(out)
    assert left.is_dir() and left.name.startswith(staging.PREFIX)
    result = build(_catalogue(tmp_path), out, steps=_tiny_steps())
    assert result.ok and result.stale_removed == [left]
    assert not left.exists()
    assert sorted(p.name for p in out.iterdir()) == ["maps"]
    assert (out / "maps" / "index.html").read_text() == "ok"
    assert [str(f) for f in result.files] == ["maps/index.html"]  # the lock file is not listed


def test_a_folder_in_use_is_left_alone(tmp_path: Path) -> None:
    busy = staging.make(tmp_path)  # held by this process, as a running build holds its own
    try:
        assert staging.clean_stale(tmp_path) == []
        assert busy.folder.is_dir()
        # A build running beside it leaves it alone too.
        result = build(_catalogue(tmp_path), tmp_path / "", steps=_tiny_steps())
        assert result.ok and result.stale_removed == [] and busy.folder.is_dir()
    finally:
        busy.close()
    assert not busy.folder.exists()


def test_a_held_lock_in_another_process_keeps_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / (staging.PREFIX + "other")
    folder.mkdir()
    lock = folder / staging.LOCK_NAME
    lock.write_text("1\n")
    with lock.open("r") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another open file: the clean-up cannot take it
        assert staging.clean_stale(tmp_path) == []
    assert staging.clean_stale(tmp_path) == [folder]


def test_folders_without_a_lock_are_removed_only_when_old(tmp_path: Path) -> None:
    fresh = tmp_path / (staging.PREFIX + "fresh")
    old = tmp_path / (staging.PREFIX + "old")
    fresh.mkdir()
    old.mkdir()
    (old / "maps").mkdir()
    day_and_more = time.time() - staging.UNLOCKED_STALE_AFTER - 60
    os.utime(old, (day_and_more, day_and_more))
    assert staging.clean_stale(tmp_path) == [old]
    assert fresh.is_dir() and not old.exists()


def test_only_our_folders_are_ever_touched(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    link = out / (staging.PREFIX + "link")
    link.symlink_to(elsewhere, target_is_directory=True)
    plain = out / (staging.PREFIX + "file")
    plain.write_text("not a folder")
    others = [out / "maps", out / ".heritage-other", out / "heritage-build-x"]
    for folder in others:
        folder.mkdir()
    long_ago = time.time() - 10 * staging.UNLOCKED_STALE_AFTER
    for path in (link, plain, *others):
        os.utime(path, (long_ago, long_ago), follow_symlinks=False)
    assert staging.clean_stale(out, now=time.time()) == []
    assert (elsewhere / "precious.txt").read_text() == "keep"
    assert link.is_symlink() and plain.is_file() and all(f.is_dir() for f in others)


def test_a_lock_that_is_not_a_file_does_not_count(tmp_path: Path, monkeypatch: Any) -> None:
    folder = tmp_path / (staging.PREFIX + "odd")
    folder.mkdir()
    (folder / staging.LOCK_NAME).mkdir()  # not a regular file: judged by age only
    assert staging.clean_stale(tmp_path) == []
    later = time.time() + staging.UNLOCKED_STALE_AFTER + 60
    assert staging.clean_stale(tmp_path, now=later) == [folder]
