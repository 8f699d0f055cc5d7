"""Writes the fuzzers' seed corpus into DIR/dicom and DIR/png, from the test corpus: a few slices
of the SampleScans, small files of pydicom's test data in several transfer syntaxes (when pydicom is
installed), and small PNGs of every colour type, bit depth and interlacing (Tests/Reference/pngmaker.py).

Usage: python3 Fuzz/seeds.py DIR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "Reference"))

import numpy as np  # noqa: E402
import pngmaker  # noqa: E402

# Small pydicom test files: CT and MR slices in native, big endian, deflate, RLE, JPEG baseline,
# JPEG lossless, JPEG-LS, JPEG 2000; an enhanced multi-frame MR; RGB and palette colour.
PYDICOM_FILES = [
    "CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "image_dfl.dcm",
    "MR_small_RLE.dcm", "JPEG2000.dcm", "MR_small_jpeg_ls_lossless.dcm", "JPGLosslessP14SV1_1s_1f_8b.dcm",
    "SC_rgb_small_odd.dcm", "emri_small.dcm", "OBXXXX1A.dcm", "JPEG-lossy.dcm", "SC_rgb_rle.dcm",
]
MAX_SEED_BYTES = 65536  # the harnesses' -max_len


def main(out: Path) -> None:
    dicom, png = out / "dicom", out / "png"
    for d in (dicom, png):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)

    for scan in ("healthy", "fillings-only", "zirconia"):
        for name in ("IM001.dcm", "IM050.dcm"):
            src = ROOT / "SampleScans" / scan / name
            if src.is_file() and src.stat().st_size <= MAX_SEED_BYTES:
                shutil.copy(src, dicom / f"{scan}-{name}")
    try:
        from pydicom.data import get_testdata_file
        for name in PYDICOM_FILES:
            try:
                path = get_testdata_file(name, download=False)
            except Exception:  # pydicom-data not installed
                path = None
            if path and Path(path).stat().st_size <= MAX_SEED_BYTES:
                shutil.copy(path, dicom / name)
    except ImportError:
        pass

    for name in ("slice001.png", "slice050.png"):
        src = ROOT / "SampleScans" / "dehiscence-ia" / name
        if src.is_file() and src.stat().st_size <= MAX_SEED_BYTES:
            shutil.copy(src, png / f"dehiscence-ia-{name}")
    gray8 = pngmaker.gray_ramp(13, 9, 8)
    gray16 = pngmaker.gray_ramp(13, 9, 16)
    rgb = np.stack([gray8, gray8[::-1], gray8[:, ::-1]], axis=-1)
    seeds = {
        "gray8.png": pngmaker.encode(gray8, 8),
        "gray16.png": pngmaker.encode(gray16, 16),
        "gray8-adam7.png": pngmaker.encode(gray8, 8, interlace=True),
        "gray16-adam7.png": pngmaker.encode(gray16, 16, interlace=True),
        "rgb8.png": pngmaker.encode(rgb, 8, pngmaker.RGB),
        "palette8.png": pngmaker.encode(gray8, 8, pngmaker.PALETTE),
        "gray-alpha8.png": pngmaker.encode(np.stack([gray8, gray8], axis=-1), 8, pngmaker.GRAY_ALPHA),
    }
    for name, data in seeds.items():
        (png / name).write_bytes(data)
    print(f"seeds: {len(list(dicom.iterdir()))} DICOM, {len(list(png.iterdir()))} PNG in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
