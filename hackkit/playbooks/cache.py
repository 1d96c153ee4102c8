"""The playbook library as the app serves it: loaded once per process, reloaded on change.

Reading and indexing the manual takes a few tenths of a second, too slow for every request;
but a facilitator who drops their own playbook into a ``HACKKIT_PLAYBOOK_DIRS`` folder (or
fixes a typo in one) must see it on the next page load, without restarting the server. So the
loaded library is kept together with a fingerprint of its files (path, size, modification
time), and a request that finds a different fingerprint loads the folders again. Taking the
fingerprint is a directory walk and a ``stat`` per page: well under a millisecond for the
manual.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from flask import current_app

from hackkit.playbooks.library import SHIPPED_PLAYBOOK_DIR, Library, load_library

Fingerprint = tuple[tuple[str, int, int], ...]


def playbook_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """The folders the app reads: the shipped manual first, then the configured ones."""
    return [SHIPPED_PLAYBOOK_DIR, *(Path(d) for d in extra)]


def fingerprint(dirs: Sequence[Path]) -> Fingerprint:
    """What changes when a page is added, removed or edited in any of the folders."""
    entries: list[tuple[str, int, int]] = []
    for number, root in enumerate(dirs):
        root = Path(root)
        if not root.is_dir():
            entries.append((f"{number}:{root}", -1, -1))
            continue
        for path in sorted(root.rglob("*.md")):
            try:
                stat = path.stat()
            except OSError:  # removed between the walk and the stat: the next look sees it
                continue
            entries.append((f"{number}:{path}", stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class LibraryCache:
    """One loaded library per list of folders, reloaded when its fingerprint changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[tuple[Path, ...], tuple[Fingerprint, Library]] = {}

    def get(self, dirs: Sequence[Path]) -> Library:
        """The library of ``dirs``, as the files on disk are now."""
        key = tuple(Path(d) for d in dirs)
        current = fingerprint(key)
        cached = self._loaded.get(key)
        if cached is not None and cached[0] == current:
            return cached[1]
        with self._lock:
            cached = self._loaded.get(key)
            if cached is not None and cached[0] == current:
                return cached[1]
            library = load_library(key)
            self._loaded[key] = (current, library)
            return library

    def clear(self) -> None:
        """Forget every loaded library (tests use this)."""
        with self._lock:
            self._loaded.clear()


library_cache = LibraryCache()


def app_library() -> Library:
    """The library of the running app: the manual plus ``HACKKIT_PLAYBOOK_DIRS``."""
    settings = current_app.config["HACKKIT"]
    return library_cache.get(playbook_dirs(settings.playbook_dirs))
