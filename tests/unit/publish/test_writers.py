"""Writing output files whole, with the permissions any new file would have."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from scorecard.domain.errors import ScorecardError
from scorecard.publish.writers import write_bytes, write_text


@pytest.fixture
def umask() -> Iterator[None]:
    mask = os.umask(0o022)
    yield
    os.umask(mask)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask")
def test_files_are_readable_as_new_files_are(tmp_path: Path) -> None:
    """A published folder is served by a web server running as another user: its files must
    not be private to the one who wrote them."""
    written = tmp_path / "release" / "data.csv"
    write_text(written, "a,b\n")
    assert written.read_text() == "a,b\n"
    assert _mode(written) == 0o644
    os.umask(0o027)
    write_bytes(written, b"c,d\n")
    assert (written.read_bytes(), _mode(written)) == (b"c,d\n", 0o640)
    assert [p.name for p in written.parent.iterdir()] == ["data.csv"]


def test_an_unwritable_folder_is_named_and_nothing_is_left(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(ScorecardError, match=f"cannot write to {blocked}"):
        write_text(blocked / "out.csv", "x")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]
