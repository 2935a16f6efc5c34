"""The small fixture datasets, laid out under the file names the importers expect.

The fixtures are our own hand-written records. Those that stand in for an upstream file
are kept with a `.fixture` suffix, so that no committed file carries the name of a public
dataset (those are never committed); this module copies them once per test run into a
temporary folder, drops the suffix, and so lays them out like the public data folder.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "representatives" / "fixtures"


def _build() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="advocacy-hub-fixtures-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copytree(SOURCE, folder, dirs_exist_ok=True)
    for path in folder.rglob("*.fixture"):
        path.rename(path.with_suffix(""))
    return folder


FIXTURE_DATA = _build()
