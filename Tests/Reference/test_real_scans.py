"""Real CT scans that others wrote (pydicom's test files): a head slice (skull and brain; uncompressed
and JPEG 2000), a neck slice (a vertebra) and an abdominal slice. None holds metal: each must give zero
implants and nothing excluded, and the gray levels the analysis reads (air, soft tissue, bone) must be
those of the decoded voxels, computed here with pydicom and numpy.

The head slice is also padded outside its circular field of view with -3024: the analysis must take
the air inside the field (-1011), not the padding, for air (it took the padding, and so the air for soft
tissue and the brain for bone, before `GrayLevels.withoutPadding`)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pydicom
import pytest

from conftest import corpus_file, describe, run_cli

REAL_CTS = ["693_UNCR.dcm", "693_J2KR.dcm", "bad_sequence.dcm", "explicit_VR-UN.dcm"]


def hounsfield(path: Path) -> np.ndarray:
    ds = pydicom.dcmread(path)
    return np.rint(ds.pixel_array.astype(np.float64) * float(ds.get("RescaleSlope", 1))
                   + float(ds.get("RescaleIntercept", 0))).astype(np.int64).ravel()


def air_and_soft_tissue(values: np.ndarray) -> tuple[int, int]:
    """Air the 0.5th percentile; soft tissue the most frequent value (over +-10) from 300 above air."""
    ordered = np.sort(values)
    air = int(ordered[int(np.ceil(values.size * 5 / 1000)) - 1])
    lo = air + 300
    counts = np.bincount(values[values >= lo] - lo)
    window = np.convolve(counts, np.ones(21, dtype=np.int64))[10:10 + counts.size]
    return air, int(lo + np.argmax(window))


def expected_levels(values: np.ndarray) -> tuple[int, int, int]:
    """Air, soft tissue and bone as GrayLevels defines them, from the voxels: padding (a lone spike of
    >= 1 % at the lowest value, further below the other voxels' air than that air is below their soft
    tissue) left out; bone the median of the values from 150 above soft tissue."""
    lowest = values.min()
    spike = (values == lowest).sum()
    if spike >= 0.01 * values.size and ((values > lowest) & (values <= lowest + 50)).sum() < 0.1 * spike:
        air, soft = air_and_soft_tissue(values[values != lowest])
        if air - lowest > soft - air:
            values = values[values != lowest]
    air, soft = air_and_soft_tissue(values)
    above = np.sort(values[values >= soft + 150])
    bone = int(above[(above.size + 1) // 2 - 1])
    return air, soft, bone


@pytest.mark.parametrize("name", REAL_CTS)
def test_a_real_ct_without_metal_has_no_implant(name: str, implantscan: str, tmp_path: Path) -> None:
    scan = tmp_path / "scan"
    scan.mkdir()
    shutil.copy(corpus_file(name), scan / name)
    proc = run_cli(implantscan, "analyze", scan, "--json")
    assert proc.returncode == 0, describe(proc)
    m = json.loads(proc.stdout)
    assert m["implants"] == [] and m["excluded"] == [], m
    assert m["notes"][0] == "no implant found"
    levels = dict(re.findall(r"(air|soft tissue|bone) (-?\d+)", m["notes"][1]))
    got = tuple(int(levels[k]) for k in ("air", "soft tissue", "bone"))
    assert got == expected_levels(hounsfield(scan / name)), m["notes"][1]


def test_padding_is_not_taken_for_air(implantscan: str, tmp_path: Path) -> None:
    """The head slice's levels are the anatomy's: air near -1000 HU, brain near 30 HU, skull well above
    300 HU, although more than 5 % of its voxels are the -3024 padding."""
    assert (hounsfield(corpus_file("693_UNCR.dcm")) == -3024).mean() > 0.05
    scan = tmp_path / "scan"
    scan.mkdir()
    shutil.copy(corpus_file("693_UNCR.dcm"), scan / "head.dcm")
    proc = run_cli(implantscan, "analyze", scan, "--json")
    assert proc.returncode == 0, describe(proc)
    levels = dict(re.findall(r"(air|soft tissue|bone) (-?\d+)", json.loads(proc.stdout)["notes"][1]))
    assert -1050 <= int(levels["air"]) <= -950 and -20 <= int(levels["soft tissue"]) <= 80 and int(levels["bone"]) >= 300


def test_a_dicom_file_without_an_image_beside_a_slice_is_ignored(implantscan: str, tmp_path: Path) -> None:
    """pydicom's nested_priv_SQ.dcm holds no image, and a private sequence whose item GDCM cannot
    measure (it asserts on an odd nested length). Next to a real CT slice it must be ignored, not refuse
    the scan: the loader asks for the pixel data's place in the file only for image headers."""
    from conftest import info_json

    scan = tmp_path / "scan"
    scan.mkdir()
    shutil.copy(corpus_file("CT_small.dcm"), scan / "IM1.dcm")
    shutil.copy(corpus_file("nested_priv_SQ.dcm"), scan / "private.dcm")
    info = info_json(implantscan, scan)
    assert [Path(p).name for p in info["ignoredFiles"]] == ["private.dcm"]
    assert info["size"] == [128, 128, 1]
