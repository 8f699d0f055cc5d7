"""A scan exported with a DICOMDIR (as CBCT machines write to CD/USB): the DICOMDIR is recognised and
ignored, and the series it indexes loads exactly as without it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import (axial_series, convert_ok, info_json, reference_volume, require_tool, write_series,
                      assert_voxels_equal, assert_geometry)


def test_series_with_dicomdir_loads_and_ignores_it(implantscan, tmp_path: Path) -> None:
    written, series_uid = write_series(axial_series(6, spacing=0.4, seed=5), tmp_path / "series", tag="dicomdir")
    # A DICOM file set names its files with up to 8 upper-case characters and no extension.
    scan = tmp_path / "export"
    (scan / "DICOM").mkdir(parents=True)
    paths = []
    for k, src in enumerate(written):
        paths.append(scan / "DICOM" / f"IM{k:06d}")
        shutil.copyfile(src, paths[-1])
    gendir = require_tool("gdcmgendir")
    subprocess.run([gendir, "-i", str(scan), "-o", str(scan / "DICOMDIR"), "-r"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert (scan / "DICOMDIR").is_file()

    info = info_json(implantscan, scan)
    assert info["chosenSeriesUID"] == series_uid
    assert [Path(p).name for p in info["ignoredFiles"]] == ["DICOMDIR"]
    assert info["size"][2] == 6

    expected = reference_volume(paths)
    got = convert_ok(implantscan, scan, tmp_path / "with.nrrd")
    assert_voxels_equal(got.data, expected.volume, "with DICOMDIR")
    assert_geometry(got.geometry, expected.geometry, what="with DICOMDIR")
