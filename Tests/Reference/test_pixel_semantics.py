"""The value and geometry rules of the contract on small files built with pydicom
from CT_small.dcm, where the corpus has no example:

  * unsigned BitsStored < BitsAllocated with garbage in the unused high bits (masked),
  * signed BitsStored < BitsAllocated without sign extension in the file (sign-extended),
  * rescale results exactly halfway between integers (rounded half away from zero),
  * rescale results beyond int16 (clamped, and counted in `clampedVoxels`),
  * a single slice without SliceThickness (z spacing 1),
  * a legacy multi-frame file without per-frame positions (stacked in frame order; z spacing
    from SpacingBetweenSlices, else SliceThickness, else 1),
  * an Enhanced CT with per-frame positions in descending order and per-frame rescale.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from conftest import (
    assert_geometry,
    assert_info_matches,
    assert_voxels_equal,
    base_ct,
    convert_ok,
    ds_str,
    info_json,
    reference_volume,
    uid,
)

RNG_SEED = 7


def _ct_pixels() -> np.ndarray:
    return np.asarray(base_ct().pixel_array, dtype=np.int64)  # 128..2191


def _write(ds: Dataset, pixels: np.ndarray, dtype: str, path: Path) -> Path:
    ds.PixelData = np.ascontiguousarray(pixels.astype(dtype)).tobytes()
    for kw in ("SmallestImagePixelValue", "LargestImagePixelValue"):
        if kw in ds:
            del ds[kw]
    sop = uid("semantics", path.name)
    ds.SOPInstanceUID = sop
    ds.file_meta.MediaStorageSOPInstanceUID = sop
    ds.SeriesInstanceUID = uid("semantics-series", path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def _template() -> Dataset:
    ds = base_ct()
    ds.ImagePositionPatient = ["-10", "20.5", "-30"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.PixelSpacing = ["0.4", "0.25"]
    return ds


def _check(path: Path, tmp_path: Path, implantscan: str):
    expected = reference_volume([path])
    got = convert_ok(implantscan, path, tmp_path / "out" / "volume.nrrd")
    assert_geometry(got.geometry, expected.geometry, what=path.name)
    assert_voxels_equal(got.data, expected.volume, what=path.name)
    assert_info_matches(info_json(implantscan, path), expected)
    return expected, got


def test_unsigned_high_bits_are_masked(tmp_path: Path, implantscan: str) -> None:
    ds = _template()
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 12, 11, 0
    rng = np.random.default_rng(RNG_SEED)
    garbage = rng.integers(1, 16, size=(128, 128)) << 12
    stored = _ct_pixels() & 0x0FFF
    path = _write(ds, stored | garbage, "<u2", tmp_path / "in" / "u12_garbage.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    assert np.array_equal(got.data[0], (stored - 1024).astype(np.int16))


def test_signed_stored_bits_are_sign_extended(tmp_path: Path, implantscan: str) -> None:
    ds = _template()
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 12, 11, 1
    ds.RescaleIntercept = "0"
    values = _ct_pixels() - 1100  # -972 .. 1091, both signs
    raw = values & 0x0FFF  # 12-bit two's complement, upper 4 bits left 0
    rng = np.random.default_rng(RNG_SEED + 1)
    raw = raw | (rng.integers(0, 16, size=raw.shape) << 12)  # and garbage above
    path = _write(ds, raw, "<u2", tmp_path / "in" / "s12.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    assert np.array_equal(got.data[0], values.astype(np.int16))
    assert got.data.min() < 0


@pytest.mark.parametrize("intercept", ["0", "-0.5", "0.5"])
def test_rescale_rounds_half_away_from_zero(intercept: str, tmp_path: Path, implantscan: str) -> None:
    ds = _template()
    ds.RescaleSlope, ds.RescaleIntercept = "0.5", intercept
    values = _ct_pixels() - 1150  # both signs, odd and even
    path = _write(ds, values, "<i2", tmp_path / "in" / f"half_{intercept}.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    x = values * 0.5 + float(intercept)
    want = np.where(x >= 0, np.floor(x + 0.5), -np.floor(-x + 0.5))
    assert np.array_equal(got.data[0], want.astype(np.int16))
    assert np.any(x == np.trunc(x) + 0.5) and np.any(x == np.trunc(x) - 0.5)


def test_rescale_clamps_to_int16_and_counts(tmp_path: Path, implantscan: str) -> None:
    ds = _template()
    ds.RescaleSlope, ds.RescaleIntercept = "40", "-40000"  # 128*40-40000 = -34880 .. 2191*40-40000 = 47640
    path = _write(ds, _ct_pixels(), "<i2", tmp_path / "in" / "clamp.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    assert expected.clamped > 0 and got.data.min() == -32768 and got.data.max() == 32767
    assert info_json(implantscan, path)["clampedVoxels"] == expected.clamped


def test_single_slice_without_thickness_is_1mm(tmp_path: Path, implantscan: str) -> None:
    ds = _template()
    for kw in ("SliceThickness", "SpacingBetweenSlices"):
        if kw in ds:
            del ds[kw]
    path = _write(ds, _ct_pixels(), "<i2", tmp_path / "in" / "thin.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    assert got.geometry.spacing[2] == pytest.approx(1.0, abs=1e-9)


LEGACY = {
    "sbs": ({"SpacingBetweenSlices": "0.7", "SliceThickness": "2"}, 0.7),
    "thickness": ({"SliceThickness": "2"}, 2.0),
    "neither": ({}, 1.0),
}


@pytest.mark.parametrize("variant", list(LEGACY))
def test_legacy_multiframe_is_stacked_in_frame_order(variant: str, tmp_path: Path, implantscan: str) -> None:
    tags, dz = LEGACY[variant]
    ds = _template()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"  # Multi-frame Grayscale Word Secondary Capture
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    for kw in ("SliceThickness", "SpacingBetweenSlices", "SliceLocation"):
        if kw in ds:
            del ds[kw]
    for kw, value in tags.items():
        setattr(ds, kw, value)
    ds.ImageOrientationPatient = ["0.866025", "0.5", "0", "-0.5", "0.866025", "0"]
    ds.NumberOfFrames = 4
    frames = np.stack([np.roll(_ct_pixels(), 5 * k, axis=0) + 10 * k for k in range(4)])
    path = _write(ds, frames, "<i2", tmp_path / "in" / f"legacy_{variant}.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    assert got.geometry.size == (128, 128, 4)
    assert got.geometry.spacing[2] == pytest.approx(dz, abs=1e-6)
    np.testing.assert_allclose(got.geometry.origin, [-10, 20.5, -30], atol=1e-6)
    for k in range(4):
        assert np.array_equal(got.data[k], (frames[k] - 1024).astype(np.int16)), f"frame {k} out of place"


def test_enhanced_ct_per_frame_position_and_rescale(tmp_path: Path, implantscan: str) -> None:
    ds = base_ct()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2.1"  # Enhanced CT Image Storage
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    for kw in ("ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing", "SliceThickness",
               "SpacingBetweenSlices", "SliceLocation", "RescaleSlope", "RescaleIntercept", "RescaleType"):
        if kw in ds:
            del ds[kw]
    n = 4
    ds.NumberOfFrames = n
    row, col = np.array([1.0, 0, 0]), np.array([0, 0.6, -0.8])  # oblique, normal (0, 0.8, 0.6)
    normal = np.cross(row, col)
    origin = np.array([5.0, -7.5, 12.25])

    orient = Dataset()
    orient.ImageOrientationPatient = [ds_str(v) for v in (*row, *col)]
    measures = Dataset()
    measures.PixelSpacing = ["0.35", "0.3"]
    measures.SliceThickness = "0.5"
    shared = Dataset()
    shared.PlaneOrientationSequence = Sequence([orient])
    shared.PixelMeasuresSequence = Sequence([measures])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])

    per_frame = []
    intercepts = ["-1024", "-1000.5", "-900", "-800.25"]
    for i in range(n):
        k = n - 1 - i  # frames stored from the top of the stack down
        pos = Dataset()
        pos.ImagePositionPatient = [ds_str(v) for v in origin + k * 0.5 * normal]
        pvt = Dataset()
        pvt.RescaleSlope, pvt.RescaleIntercept, pvt.RescaleType = "1.5", intercepts[i], "HU"
        item = Dataset()
        item.PlanePositionSequence = Sequence([pos])
        item.PixelValueTransformationSequence = Sequence([pvt])
        per_frame.append(item)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    frames = np.stack([np.roll(_ct_pixels(), 9 * i, axis=1) + 3 * i for i in range(n)])
    path = _write(ds, frames, "<i2", tmp_path / "in" / "enhanced.dcm")
    expected, got = _check(path, tmp_path, implantscan)
    assert got.geometry.size == (128, 128, n)
    np.testing.assert_allclose(got.geometry.spacing, [0.3, 0.35, 0.5], atol=1e-6)
    np.testing.assert_allclose(got.geometry.origin, origin, atol=1e-4)
    # volume slice 0 is the last frame in the file, with that frame's own rescale
    assert [f.index for f in expected.frames] == [3, 2, 1, 0]
    x = frames[3] * 1.5 + float(intercepts[3])
    assert np.array_equal(got.data[0], np.where(x >= 0, np.floor(x + 0.5), -np.floor(-x + 0.5)).astype(np.int16))
