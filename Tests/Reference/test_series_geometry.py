"""Series assembly checked against SimpleITK (GDCM series reader) and pydicom.

A 16-slice oblique series is built from the real CT slice CT_small.dcm: rotated
20 degrees about x then 10 degrees about y, 0.3 mm spacing, distinct pixels per
slice, new SOPInstanceUIDs, one SeriesInstanceUID, random file names in nested
folders, shuffled InstanceNumbers (so neither file order nor InstanceNumber
gives the slice order).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import SimpleITK as sitk

from conftest import (
    GEOMETRY_TOL,
    Geometry,
    SliceSpec,
    assert_geometry,
    assert_info_matches,
    assert_voxels_equal,
    base_ct,
    convert_ok,
    describe,
    info_json,
    reference_volume,
    rotation,
    run_cli,
    shuffled_layout,
    write_series,
)

N_MAIN = 16
SPACING = 0.3
ORIGIN = np.array([-12.75, 31.5, -48.2])


def oblique_series(seed: int = 20) -> list[SliceSpec]:
    base = np.asarray(base_ct().pixel_array, dtype=np.int16)
    r = rotation("y", 10) @ rotation("x", 20)
    row, col, normal = r[:, 0], r[:, 1], r[:, 2]
    paths, numbers = shuffled_layout(N_MAIN, seed)
    return [
        SliceSpec(
            position=ORIGIN + k * SPACING * normal,
            row=row, col=col,
            pixels=(np.roll(base, 3 * k, axis=1) + 7 * k).astype(np.int16),
            pixel_spacing=(SPACING, SPACING),
            instance_number=numbers[k],
            rel_path=paths[k],
        )
        for k in range(N_MAIN)
    ]


def localizer_series(seed: int = 3) -> list[SliceSpec]:
    """3 sagittal slices, 96 rows x 128 columns, anisotropic pixels, 5 mm apart."""
    base = np.asarray(base_ct().pixel_array, dtype=np.int16)[16:112, :]
    row, col = np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, -1.0])
    normal = np.cross(row, col)
    paths, numbers = shuffled_layout(3, seed, prefix="loc_")
    return [
        SliceSpec(
            position=np.array([-40.0, -60.0, 80.0]) + k * 5.0 * normal,
            row=row, col=col,
            pixels=(np.flipud(base) - 50 * k).astype(np.int16),
            pixel_spacing=(0.6, 0.45),
            instance_number=numbers[k],
            rel_path=paths[k],
        )
        for k in range(3)
    ]


def sitk_read(root: Path, series_uid: str) -> tuple[np.ndarray, Geometry]:
    reader = sitk.ImageSeriesReader()
    names = reader.GetGDCMSeriesFileNames(str(root), series_uid, False, True, False)
    assert names, f"SimpleITK found no files of series {series_uid} under {root}"
    reader.SetFileNames(names)
    img = reader.Execute()
    d = np.array(img.GetDirection(), dtype=float).reshape(3, 3)  # columns = index axes
    geometry = Geometry(
        size=tuple(int(v) for v in img.GetSize()),
        spacing=np.array(img.GetSpacing(), dtype=float),
        origin=np.array(img.GetOrigin(), dtype=float),
        direction=d.T.copy(),
    )
    arr = sitk.GetArrayFromImage(img)
    assert np.all(arr == np.round(arr)), "SimpleITK returned non-integer HU"
    return arr.astype(np.int32), geometry


def test_oblique_series_matches_simpleitk(tmp_path: Path, implantscan: str) -> None:
    root = tmp_path / "scan"
    specs = oblique_series()
    paths, series_uid = write_series(specs, root)
    # the case is what it claims: file order and InstanceNumber are not the slice order
    assert [s.rel_path for s in specs] != sorted(s.rel_path for s in specs)
    assert [s.instance_number for s in specs] != sorted(s.instance_number for s in specs)
    assert len({p.parent for p in paths}) > 1

    itk_voxels, itk_geometry = sitk_read(root, series_uid)
    expected = reference_volume(paths)
    got = convert_ok(implantscan, root, tmp_path / "out" / "volume.nrrd")

    assert_geometry(got.geometry, itk_geometry, what="implantscan vs SimpleITK:")
    assert_geometry(got.geometry, expected.geometry, what="implantscan vs pydicom reference:")
    np.testing.assert_allclose(got.geometry.spacing, [SPACING] * 3, atol=GEOMETRY_TOL)
    np.testing.assert_allclose(got.geometry.origin, ORIGIN, atol=GEOMETRY_TOL)
    assert_voxels_equal(got.data, itk_voxels, what="implantscan vs SimpleITK:")
    assert_voxels_equal(got.data, expected.volume, what="implantscan vs pydicom reference:")
    # slice k of the volume is the slice written k-th along the normal
    for k in (0, 7, N_MAIN - 1):
        assert np.array_equal(got.data[k], specs[k].pixels.astype(np.int32) - 1024), f"slice {k} out of place"


def test_single_file_of_series_is_one_slice(tmp_path: Path, implantscan: str) -> None:
    root = tmp_path / "scan"
    paths, _ = write_series(oblique_series(), root)
    one = paths[5]
    expected = reference_volume([one])
    got = convert_ok(implantscan, one, tmp_path / "out" / "volume.nrrd")
    assert got.geometry.size == (128, 128, 1)
    assert_geometry(got.geometry, expected.geometry, what="single slice:")  # z spacing = SliceThickness 0.3
    assert_voxels_equal(got.data, expected.volume, what="single slice:")


def _two_series(root: Path) -> tuple[list[Path], str, list[Path], str]:
    main_paths, main_uid = write_series(oblique_series(), root, tag="main", series_number=3, description="CBCT")
    loc_paths, loc_uid = write_series(localizer_series(), root, tag="localizer", series_number=1, description="scout")
    return main_paths, main_uid, loc_paths, loc_uid


def test_two_series_info_chooses_larger(tmp_path: Path, implantscan: str) -> None:
    root = tmp_path / "scan"
    main_paths, main_uid, loc_paths, loc_uid = _two_series(root)
    info = info_json(implantscan, root)
    assert info["chosenSeriesUID"] == main_uid
    by_uid = {s["uid"]: s for s in info["series"]}
    assert set(by_uid) == {main_uid, loc_uid}, info["series"]
    main, loc = by_uid[main_uid], by_uid[loc_uid]
    assert main["status"] == "chosen" and loc["status"] == "skipped", info["series"]
    assert (main["files"], main["slices"], main["rows"], main["columns"]) == (16, 16, 128, 128)
    assert (loc["files"], loc["slices"], loc["rows"], loc["columns"]) == (3, 3, 96, 128)
    assert_info_matches(info, reference_volume(main_paths))

    info_loc = info_json(implantscan, root, "--series", loc_uid)
    assert info_loc["chosenSeriesUID"] == loc_uid
    assert {s["uid"]: s["status"] for s in info_loc["series"]}[loc_uid] == "chosen"
    assert_info_matches(info_loc, reference_volume(loc_paths))


def test_two_series_convert_default_and_selected(tmp_path: Path, implantscan: str) -> None:
    root = tmp_path / "scan"
    main_paths, main_uid, loc_paths, loc_uid = _two_series(root)

    got = convert_ok(implantscan, root, tmp_path / "out" / "main.nrrd")
    expected = reference_volume(main_paths)
    assert_geometry(got.geometry, expected.geometry, what="default series:")
    assert_voxels_equal(got.data, expected.volume, what="default series:")

    got = convert_ok(implantscan, root, tmp_path / "out2" / "loc.nrrd", "--series", loc_uid)
    itk_voxels, itk_geometry = sitk_read(root, loc_uid)
    expected = reference_volume(loc_paths)
    assert got.geometry.size == (128, 96, 3)
    assert_geometry(got.geometry, expected.geometry, what="--series localizer vs pydicom:")
    assert_geometry(got.geometry, itk_geometry, what="--series localizer vs SimpleITK:")
    np.testing.assert_allclose(got.geometry.spacing, [0.45, 0.6, 5.0], atol=GEOMETRY_TOL)
    assert_voxels_equal(got.data, expected.volume, what="--series localizer:")
    assert_voxels_equal(got.data, itk_voxels, what="--series localizer vs SimpleITK:")


def test_unknown_series_uid_is_an_error(tmp_path: Path, implantscan: str) -> None:
    root = tmp_path / "scan"
    _two_series(root)
    out = tmp_path / "out" / "volume.nrrd"
    out.parent.mkdir()
    proc = run_cli(implantscan, "convert", root, out, "--series", "1.2.3.4.5.6.7.8.9")
    assert proc.returncode == 1, describe(proc)
    lines = proc.stderr.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), describe(proc)
    assert list(out.parent.iterdir()) == []
