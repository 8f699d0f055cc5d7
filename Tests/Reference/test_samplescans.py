"""Every SampleScan loads through the normal loading path, with the geometry its truth.json states;
the DICOM ones decode identically with pydicom; and regenerating a sample reproduces its bytes."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import numpy as np
import pytest

from conftest import assert_voxels_equal, convert_ok, info_json, reference_volume, run_cli, describe

SAMPLES = Path(__file__).resolve().parents[2] / "SampleScans"
NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "truth.json").is_file())


def test_there_are_enough_samples() -> None:
    assert len(NAMES) >= 6, NAMES
    total = sum(f.stat().st_size for f in SAMPLES.rglob("*") if f.is_file())
    assert total < 30 * 1024 * 1024, f"SampleScans hold {total} bytes"


@pytest.mark.parametrize("name", NAMES)
def test_sample_loads_with_its_truth_geometry(name: str, implantscan: str) -> None:
    folder = SAMPLES / name
    truth = json.loads((folder / "truth.json").read_text())
    info = info_json(implantscan, folder)
    scan = truth["scan"]
    assert info["size"] == scan["size"]
    np.testing.assert_allclose(info["spacingMm"], scan["spacingMm"], atol=1e-6)
    np.testing.assert_allclose(info["originMm"], scan["originMm"], atol=1e-6)
    np.testing.assert_allclose(info["direction"], scan["direction"], atol=1e-9)
    assert sorted(Path(p).name for p in info["ignoredFiles"]) == ["spec.json", "truth.json"]


@pytest.mark.parametrize("name", [n for n in NAMES if any((SAMPLES / n).glob("*.dcm"))])
def test_dicom_sample_matches_pydicom(name: str, implantscan: str, tmp_path: Path) -> None:
    folder = SAMPLES / name
    expected = reference_volume(sorted(folder.glob("*.dcm")))
    got = convert_ok(implantscan, folder, tmp_path / "v.nrrd")
    assert_voxels_equal(got.data, expected.volume, what=name)


def test_regenerating_a_sample_gives_the_same_bytes(implantscan: str, tmp_path: Path) -> None:
    # scripts/make-sample-scans: healthy, seed 101, DICOM explicit VR little endian.
    out = tmp_path / "healthy"
    proc = run_cli(implantscan, "phantom", "--preset", "healthy", "--seed", "101", "--format", "dicom",
                   "--transfer-syntax", "explicit", "--out", out)
    assert proc.returncode == 0, describe(proc)
    committed = SAMPLES / "healthy"
    names = sorted(p.name for p in committed.iterdir())
    assert sorted(p.name for p in out.iterdir()) == names
    _, mismatch, errors = filecmp.cmpfiles(committed, out, names, shallow=False)
    assert mismatch == [] and errors == [], f"differ: {mismatch[:5]}, unreadable: {errors[:5]}"
