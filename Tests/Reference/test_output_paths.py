"""Outputs named by a one-character relative path ("d", "d/") are written where asked.

swift-corelibs-foundation's NSString.deletingLastPathComponent traps on such a path; `phantom --out d`,
`analyze --out d` and `case create … --db d` died with SIGILL before anything was written.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import CLI_TIMEOUT, describe

SAMPLE = Path(__file__).resolve().parents[2] / "SampleScans" / "healthy"


def run_in(folder: Path, binary: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *args], cwd=folder, capture_output=True, text=True, timeout=CLI_TIMEOUT,
                          env={**os.environ, "LC_ALL": "C"})


@pytest.mark.parametrize("name", ["d", "d/"])
def test_phantom_writes_a_one_character_folder(implantscan: str, tmp_path: Path, name: str) -> None:
    proc = run_in(tmp_path, implantscan, "phantom", "--preset", "healthy", "--seed", "101", "--out", name)
    assert proc.returncode == 0, describe(proc)
    truth = json.loads((tmp_path / "d" / "truth.json").read_text())
    # The bundled sample is this preset at this seed: the same truth.
    assert truth == json.loads((SAMPLE / "truth.json").read_text())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"], "a temporary folder was left beside it"


def test_analyze_writes_a_one_character_folder(implantscan: str, tmp_path: Path) -> None:
    proc = run_in(tmp_path, implantscan, "analyze", str(SAMPLE), "--out", "d")
    assert proc.returncode == 0, describe(proc)
    printed = run_in(tmp_path, implantscan, "analyze", str(SAMPLE), "--json")
    assert printed.returncode == 0, describe(printed)
    assert json.loads((tmp_path / "d" / "measurements.json").read_text()) == json.loads(printed.stdout)


def test_case_store_in_a_one_character_file(implantscan: str, tmp_path: Path) -> None:
    proc = run_in(tmp_path, implantscan, "case", "create", "C1", "--site", "36", "--db", "d")
    assert proc.returncode == 0, describe(proc)
    assert (tmp_path / "d").read_bytes()[:16] == b"SQLite format 3\x00"
    listed = run_in(tmp_path, implantscan, "case", "list", "--db", "d", "--json")
    assert listed.returncode == 0, describe(listed)
    assert [(c["id"], c["site"]) for c in json.loads(listed.stdout)] == [("C1", "36")]
