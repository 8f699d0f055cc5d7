"""Inputs `implantscan convert` must refuse: exit status 1, exactly one line on
stderr that names an offending file and says what is wrong, and nothing left
in the output folder.

Each series is written with pydicom from the real CT slice CT_small.dcm and
breaks exactly one rule; the others (one orientation, one size, even spacing,
no tilt) hold.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pydicom
import pytest

from conftest import (
    SliceSpec,
    assert_refused,
    axial_series,
    corpus_file,
    rotation,
    write_series,
)


def _names(paths: list[Path], *indices: int) -> list[str]:
    return [paths[i].name for i in indices]


def _out(tmp_path: Path) -> Path:
    out = tmp_path / "out" / "volume.nrrd"
    out.parent.mkdir()
    return out


# --------------------------------------------------------------------------- series assembly


@pytest.mark.parametrize("kind", ["tilted", "in-plane"])
def test_mixed_orientations(kind: str, tmp_path: Path, implantscan: str) -> None:
    specs = axial_series(8, seed=11)
    odd = specs[4]
    r = rotation("x", 15) if kind == "tilted" else rotation("z", 30)
    specs[4] = dataclasses.replace(odd, row=r @ odd.row, col=r @ odd.col)
    paths, _ = write_series(specs, tmp_path / "scan")
    assert_refused(implantscan, tmp_path / "scan", _out(tmp_path), ["orientation"], _names(paths, 4))


def test_gantry_tilt(tmp_path: Path, implantscan: str) -> None:
    specs = axial_series(8, seed=12)
    shear = np.array([0.0, 0.4, 0.0])  # along the column direction, 0.4 mm per 1 mm slice step
    specs = [dataclasses.replace(s, position=s.position + k * shear) for k, s in enumerate(specs)]
    paths, _ = write_series(specs, tmp_path / "scan")
    assert_refused(implantscan, tmp_path / "scan", _out(tmp_path), ["gantry tilt"], _names(paths, *range(8)))


def test_duplicate_position(tmp_path: Path, implantscan: str) -> None:
    specs = axial_series(8, seed=13)
    dup = dataclasses.replace(specs[5], rel_path="dup/" + Path(specs[5].rel_path).name.replace(".dcm", "_again.dcm"),
                              pixels=specs[5].pixels + 100, instance_number=99)
    paths, _ = write_series([*specs, dup], tmp_path / "scan")
    assert_refused(implantscan, tmp_path / "scan", _out(tmp_path), ["same position"], _names(paths, 5, 8))


def test_missing_slice(tmp_path: Path, implantscan: str) -> None:
    specs = axial_series(10, seed=14)
    paths, _ = write_series(specs[:4] + specs[5:], tmp_path / "scan")  # positions 0..9 mm without 4
    assert_refused(implantscan, tmp_path / "scan", _out(tmp_path), ["missing slice"], _names(paths, 3, 4))


def test_uneven_spacing(tmp_path: Path, implantscan: str) -> None:
    specs = axial_series(10, seed=15)
    # steps of 1 mm except one of 1.4 mm (between the 5th and 6th slice): not a missing slice
    specs = [dataclasses.replace(s, position=s.position + (0.4 if k >= 5 else 0.0) * np.array([0, 0, 1.0]))
             for k, s in enumerate(specs)]
    paths, _ = write_series(specs, tmp_path / "scan")
    assert_refused(implantscan, tmp_path / "scan", _out(tmp_path), ["uneven"], _names(paths, 4, 5))


@pytest.mark.parametrize("axis", ["rows", "columns"])
def test_mixed_sizes(axis: str, tmp_path: Path, implantscan: str) -> None:
    specs = axial_series(8, seed=16)
    odd = specs[3]
    specs[3] = dataclasses.replace(odd, pixels=odd.pixels[:120, :] if axis == "rows" else odd.pixels[:, :100])
    paths, _ = write_series(specs, tmp_path / "scan")
    assert_refused(implantscan, tmp_path / "scan", _out(tmp_path), ["differ in size"], _names(paths, 3))


# --------------------------------------------------------------------------- unreadable input

NOT_READABLE = ["not a readable DICOM file"]
NOT_READABLE_OR_UNDECODABLE = ["not a readable DICOM file", "cannot be decoded"]


@pytest.mark.parametrize("target", ["folder", "file"])
def test_random_bytes_named_dcm(target: str, tmp_path: Path, implantscan: str) -> None:
    folder = tmp_path / "scan"
    folder.mkdir()
    bad = folder / "x.dcm"
    bad.write_bytes(np.random.default_rng(20240611).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    scan = folder if target == "folder" else bad
    assert_refused(implantscan, scan, _out(tmp_path), NOT_READABLE, ["x.dcm"])


def _truncation_points(path: Path) -> dict[str, int]:
    blob = path.read_bytes()
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    uid_at = blob.find(str(ds.StudyInstanceUID).encode())
    pixel_tag = b"\xe0\x7f\x10\x00"
    pixel_at = blob.rfind(pixel_tag)
    assert uid_at > 0 and pixel_at > 0
    return {
        "meta": 128 + 4 + 6,  # inside the first File Meta element
        "header": uid_at + 5,  # in the middle of the Study Instance UID value
        "pixel-tag": pixel_at + 6,  # inside the Pixel Data element header
        "pixel-start": pixel_at + 12 + 10,  # just into the pixel values / first fragment
        "pixel-half": pixel_at + (len(blob) - pixel_at) // 2,
        "last-byte": len(blob) - 1,
    }


TRUNCATED_SOURCES = ["CT_small.dcm", "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm"]
TRUNCATIONS = [(name, where) for name in TRUNCATED_SOURCES
               for where in ("meta", "header", "pixel-tag", "pixel-start", "pixel-half", "last-byte")]


@pytest.mark.parametrize("name,where", TRUNCATIONS, ids=[f"{n.removesuffix('.dcm')}-{w}" for n, w in TRUNCATIONS])
def test_truncated_file(name: str, where: str, tmp_path: Path, implantscan: str) -> None:
    src = corpus_file(name)
    cut = _truncation_points(src)[where]
    folder = tmp_path / "scan"
    folder.mkdir()
    bad = folder / f"cut_{where}_{name}"
    bad.write_bytes(src.read_bytes()[:cut])
    assert_refused(implantscan, bad, _out(tmp_path), NOT_READABLE_OR_UNDECODABLE, [bad.name])


def test_truncated_file_in_folder(tmp_path: Path, implantscan: str) -> None:
    src = corpus_file("CT_small.dcm")
    folder = tmp_path / "scan"
    folder.mkdir()
    bad = folder / "cut.dcm"
    bad.write_bytes(src.read_bytes()[: _truncation_points(src)["pixel-half"]])
    assert_refused(implantscan, folder, _out(tmp_path), NOT_READABLE_OR_UNDECODABLE, ["cut.dcm"])


def test_corpus_truncated_file(tmp_path: Path, implantscan: str) -> None:
    """MR_truncated.dcm ships with fewer pixel bytes than Rows x Columns needs."""
    src = corpus_file("MR_truncated.dcm")
    assert_refused(implantscan, src, _out(tmp_path), NOT_READABLE_OR_UNDECODABLE, [src.name])


def test_empty_folder(tmp_path: Path, implantscan: str) -> None:
    folder = tmp_path / "empty_scan"
    folder.mkdir()
    assert_refused(implantscan, folder, _out(tmp_path), [""], ["empty_scan"])


def test_folder_without_images(tmp_path: Path, implantscan: str) -> None:
    folder = tmp_path / "notes_only"
    folder.mkdir()
    (folder / "notes.txt").write_text("no images here\n")
    assert_refused(implantscan, folder, _out(tmp_path), [""], ["notes_only"])
