"""`implantscan convert` on the pydicom / pydicom-data test corpus, voxel for voxel
against pydicom, geometry within 1e-4.

Every grayscale (MONOCHROME1/2, 8- or 16-bit allocated) file of the corpus is
either in CASES or in EXCLUDED with its reason; test_corpus_is_fully_classified
keeps it that way.  Colour, palette, 1-bit and 32-bit files must be refused
(REFUSED).

Files without ImagePositionPatient / ImageOrientationPatient / PixelSpacing
(secondary capture, NM, CR, stripped Enhanced MR) are converted from a copy
that has those three tags added at the top level (`patch=True`); their pixel
data bytes and transfer syntax are untouched (checked).  The contract does not
say what the loader does with a file that has no geometry, so the original
file is only required to be either converted with the same voxels or refused
in one line (test_geometryless_original).

The corpus has no grayscale JPEG baseline file, so one is derived from
CT_small.dcm (8-bit, rescale slope 9) with `gdcmconv --jpeg --lossy`; a
signed 16-bit JPEG-LS near-lossless CT is derived the same way.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import (
    JPEG2000,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)

from conftest import (
    Expected,
    assert_geometry,
    assert_info_matches,
    assert_refused,
    assert_voxels_equal,
    convert_ok,
    corpus_file,
    describe,
    info_json,
    read_nrrd,
    reference_volume,
    require_tool,
    run_cli,
    with_geometry,
)

ILE, ELE, EBE, DEFL = ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian
JPEG_BASE, JPEG_EXT, JPEG_LL = JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLosslessSV1
JLS_LL, JLS_NEAR, J2K_LL, J2K, RLE = JPEGLSLossless, JPEGLSNearLossless, JPEG2000Lossless, JPEG2000, RLELossless

# Every one of these must be covered by at least one case (test_required_transfer_syntaxes_covered).
REQUIRED_TRANSFER_SYNTAXES = {
    ILE: "Implicit VR Little Endian",
    ELE: "Explicit VR Little Endian",
    EBE: "Explicit VR Big Endian",
    DEFL: "Deflated Explicit VR Little Endian",
    JPEG_BASE: "JPEG Baseline (Process 1), 8-bit",
    JPEG_EXT: "JPEG Extended (Process 2 & 4), 12-bit",
    JPEG_LL: "JPEG Lossless, Process 14, Selection Value 1",
    JLS_LL: "JPEG-LS Lossless",
    JLS_NEAR: "JPEG-LS Near-Lossless",
    J2K_LL: "JPEG 2000 Lossless Only",
    J2K: "JPEG 2000 (lossy)",
    RLE: "RLE Lossless",
}


@dataclasses.dataclass(frozen=True)
class Case:
    name: str  # corpus file name, or the id of a derived file
    ts: str  # transfer syntax UID the file is in
    note: str
    patch: bool = False  # file has no geometry: convert a copy with geometry added
    derive: str | None = None  # recipe for files made from a corpus file

    @property
    def id(self) -> str:
        return self.name.removesuffix(".dcm")


CASES = [
    # --- Explicit VR Little Endian
    Case("CT_small.dcm", ELE, "CT int16, rescale -1024"),
    Case("693_UNCI.dcm", ELE, "CT signed, BitsStored 14 (J2K lossy original)"),
    Case("693_UNCR.dcm", ELE, "CT signed, BitsStored 14 (J2K lossless original)"),
    Case("MR_small.dcm", ELE, "MR int16"),
    Case("MR_small_padded.dcm", ELE, "MR int16, trailing padding"),
    Case("MR-SIEMENS-DICOM-WithOverlays.dcm", ELE, "MR uint16 BitsStored 12, overlay plane"),
    Case("examples_overlay.dcm", ELE, "MR uint16 BitsStored 12, 300x484 (non-square)"),
    Case("MR2_UNCI.dcm", ELE, "MR uint16 BitsStored 12, 1024x1024, slope 3.774114 intercept 0.000061"),
    Case("MR2_UNCR.dcm", ELE, "MR uint16 BitsStored 12, slope 3.774114"),
    Case("RG1_UNCI.dcm", ELE, "CR MONOCHROME1 uint16 BitsStored 15, 1955x1841", patch=True),
    Case("RG1_UNCR.dcm", ELE, "CR MONOCHROME1 uint16 BitsStored 15", patch=True),
    Case("RG3_UNCI.dcm", ELE, "CR MONOCHROME1 uint16 BitsStored 10, 1760x1760", patch=True),
    Case("RG3_UNCR.dcm", ELE, "CR MONOCHROME1 uint16 BitsStored 10", patch=True),
    Case("JPEG2000_UNC.dcm", ELE, "NM int16, 1 frame (NumberOfFrames 1)", patch=True),
    Case("eCT_Supplemental.dcm", ELE, "Enhanced CT, 2 frames, functional groups (per-frame position, shared rescale)"),
    Case("emri_small.dcm", ELE, "Enhanced MR, 10 frames without functional groups: legacy stack, SpacingBetweenSlices 1.2", patch=True),
    Case("mlut_18.dcm", ELE, "int16 BitsStored 12 with high bits set (sign extension); carries a Modality LUT Sequence the contract ignores", patch=True),
    Case("vlut_04.dcm", ELE, "uint8, VOI LUT", patch=True),
    # --- Implicit VR Little Endian
    Case("MR_small_implicit.dcm", ILE, "MR int16"),
    # --- Explicit VR Big Endian
    Case("MR_small_bigendian.dcm", EBE, "MR int16"),
    Case("MR_small_expb.dcm", EBE, "MR int16"),
    Case("emri_small_big_endian.dcm", EBE, "Enhanced MR 10 frames, uint16 BitsStored 12", patch=True),
    # --- Deflated
    Case("image_dfl.dcm", DEFL, "uint8", patch=True),
    # --- JPEG baseline (8-bit): none grayscale in the corpus, derived from CT_small
    Case("CT_small_8bit_jpeg_baseline", JPEG_BASE, "derived: CT_small as uint8, slope 9, via gdcmconv --jpeg --lossy -q 90",
         derive="ct8_jpeg_baseline"),
    # --- JPEG extended (12-bit)
    Case("JPGExtended.dcm", JPEG_EXT, "NM uint16 BitsStored 12, 1 frame", patch=True),
    # --- JPEG lossless, process 14 SV1
    Case("JPEG-LL.dcm", JPEG_LL, "NM int16, 1 frame", patch=True),
    Case("JPGLosslessP14SV1_1s_1f_8b.dcm", JPEG_LL, "US uint8", patch=True),
    Case("bad_sequence.dcm", JPEG_LL, "CT uint16 BitsStored 12, malformed private sequence"),
    # --- JPEG-LS lossless
    Case("MR_small_jpeg_ls_lossless.dcm", JLS_LL, "MR int16"),
    Case("emri_small_jpeg_ls_lossless.dcm", JLS_LL, "Enhanced MR 10 frames uint16 BitsStored 12", patch=True),
    # --- JPEG-LS near-lossless
    Case("JPEGLSNearLossless_08.dcm", JLS_NEAR, "uint8 45x10", patch=True),
    Case("JPEGLSNearLossless_16.dcm", JLS_NEAR, "uint16 50x10 up to 65535: clamped voxels", patch=True),
    Case("CT_small_jpeg_ls_near_lossless", JLS_NEAR, "derived: CT_small int16 via gdcmconv --jpegls --lossy -e 3",
         derive="ct_jpegls_near"),
    # --- JPEG 2000 lossless
    Case("MR_small_jp2klossless.dcm", J2K_LL, "MR int16"),
    Case("693_J2KR.dcm", J2K_LL, "CT int16"),
    Case("MR2_J2KR.dcm", J2K_LL, "MR uint16 BitsStored 12, slope 3.774114"),
    Case("RG1_J2KR.dcm", J2K_LL, "CR MONOCHROME1 uint16 BitsStored 15", patch=True),
    Case("RG3_J2KR.dcm", J2K_LL, "CR MONOCHROME1 uint16 BitsStored 10", patch=True),
    Case("emri_small_jpeg_2k_lossless.dcm", J2K_LL, "Enhanced MR 10 frames", patch=True),
    Case("explicit_VR-UN.dcm", J2K_LL, "CT int16, elements with VR UN"),
    Case("J2K_pixelrep_mismatch.dcm", J2K_LL, "CT, PixelRepresentation 1 but unsigned J2K codestream, BitsStored 13"),
    # --- JPEG 2000 (lossy)
    Case("693_J2KI.dcm", J2K, "CT int16 BitsStored 14"),
    Case("MR2_J2KI.dcm", J2K, "MR uint16 BitsStored 12, slope 3.774114"),
    Case("RG1_J2KI.dcm", J2K, "CR MONOCHROME1 uint16 BitsStored 15", patch=True),
    Case("RG3_J2KI.dcm", J2K, "CR MONOCHROME1 uint16 BitsStored 10", patch=True),
    Case("JPEG2000.dcm", J2K, "NM int16, 1 frame", patch=True),
    # --- RLE
    Case("MR_small_RLE.dcm", RLE, "MR int16"),
    Case("emri_small_RLE.dcm", RLE, "Enhanced MR 10 frames", patch=True),
]

# Grayscale corpus files deliberately not in CASES.
EXCLUDED = {
    "JPEG-lossy.dcm": "pydicom cannot decode it (JPEG extended, libjpeg error)",
    "JPEG2000-embedded-sequence-delimiter.dcm": "pydicom cannot decode it",
    "MR_truncated.dcm": "truncated pixel data: used by test_refusals.py",
    "emri_small_jpeg_2k_lossless_too_short.dcm": "truncated (no sequence delimiter): pydicom drops its Pixel Data",
}

# Files that must be refused with "unsupported pixel data".
REFUSED = [
    ("SC_rgb.dcm", "RGB 8-bit, explicit LE"),
    ("SC_rgb_expb_16bit.dcm", "RGB 16-bit, explicit BE"),
    ("SC_rgb_rle.dcm", "RGB 8-bit, RLE"),
    ("SC_rgb_jpeg_dcmtk.dcm", "YBR_FULL, JPEG baseline"),
    ("US1_J2KR.dcm", "YBR_RCT, JPEG 2000 lossless"),
    ("SC_rgb_jls_lossy_line.dcm", "RGB, JPEG-LS near-lossless"),
    ("SC_ybr_full_uncompressed.dcm", "YBR_FULL, uncompressed"),
    ("color3d_jpeg_baseline.dcm", "YBR_FULL_422, 120 frames, JPEG baseline"),
    ("OBXXXX1A.dcm", "PALETTE COLOR 8-bit"),
    ("OBXXXX1A_rle.dcm", "PALETTE COLOR 8-bit, RLE"),
    ("gdcm-US-ALOKA-16.dcm", "PALETTE COLOR 16-bit, implicit VR"),
    ("examples_palette.dcm", "PALETTE COLOR 8-bit"),
    ("liver_1frame.dcm", "1-bit segmentation"),
    ("liver.dcm", "1-bit segmentation, 3 frames"),
    ("liver_expb_1frame.dcm", "1-bit segmentation, explicit BE"),
    ("rtdose_1frame.dcm", "32-bit RT dose"),
    ("rtdose.dcm", "32-bit RT dose, 15 frames"),
    ("rtdose_rle.dcm", "32-bit RT dose, RLE"),
    ("SC_rgb_32bit.dcm", "RGB 32-bit"),
]


# --------------------------------------------------------------------------- materializing cases

def _derive(recipe: str, folder: Path) -> Path:
    gdcmconv = require_tool("gdcmconv")
    folder.mkdir(parents=True, exist_ok=True)
    src = pydicom.dcmread(corpus_file("CT_small.dcm"))
    if recipe == "ct8_jpeg_baseline":
        stored = np.clip((src.pixel_array.astype(np.int64) - 128) // 9, 0, 255).astype(np.uint8)
        ds = src.copy()
        ds.file_meta = src.file_meta.copy()
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
        ds.RescaleSlope, ds.RescaleIntercept = "9", "-896"
        for kw in ("SmallestImagePixelValue", "LargestImagePixelValue"):
            if kw in ds:
                del ds[kw]
        ds.PixelData = stored.tobytes()
        plain = folder / "ct8_plain.dcm"
        ds.save_as(plain)
        args = ["--jpeg", "--lossy", "-q", "90"]
    elif recipe == "ct_jpegls_near":
        plain = corpus_file("CT_small.dcm")
        args = ["--jpegls", "--lossy", "-e", "3"]
    else:  # pragma: no cover
        raise AssertionError(recipe)
    out = folder / f"{recipe}.dcm"
    proc = subprocess.run([gdcmconv, *args, str(plain), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and out.is_file(), f"gdcmconv {args} failed: {proc.stderr}"
    return out


def materialize(case: Case, folder: Path) -> Path:
    if case.derive:
        return _derive(case.derive, folder / "derived")
    src = corpus_file(case.name)
    if case.patch:
        return with_geometry(src, folder / "patched" / case.name)
    return src


@pytest.fixture(scope="session")
def prepared(tmp_path_factory):
    """case -> (input file, pydicom reference), computed once per session (inputs are never modified)."""
    cache: dict[str, tuple[Path, Expected]] = {}

    def get(case: Case) -> tuple[Path, Expected]:
        if case.name not in cache:
            path = materialize(case, tmp_path_factory.mktemp(case.id))
            cache[case.name] = (path, reference_volume([path]))
        return cache[case.name]

    return get


# --------------------------------------------------------------------------- tests

# Lossy JPEG (baseline, extended): the standard lets decoders differ by their inverse DCT's rounding
# (ISO/IEC 10918-2 compliance allows ±1). ImplantScan (GDCM's IJG decoder) must equal dcmtk's
# independent decoder exactly, and pydicom's (pylibjpeg-libjpeg) within one stored unit.
LOSSY_JPEG = {JPEG_BASE, JPEG_EXT}
JPEG_IDCT_TOLERANCE_STORED = 1


def dcmtk_reference(path: Path, folder: Path) -> Expected:
    """The expected volume from a copy decompressed by dcmtk's dcmdjpeg."""
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / f"dcmdjpeg_{path.name}"
    subprocess.run([require_tool("dcmdjpeg"), str(path), str(plain)], check=True, capture_output=True)
    return reference_volume([plain])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_file(case: Case, tmp_path: Path, implantscan: str, prepared) -> None:
    path, expected = prepared(case)
    got = convert_ok(implantscan, path, tmp_path / "out" / "volume.nrrd")
    assert_geometry(got.geometry, expected.geometry, what=case.name)
    if case.ts in LOSSY_JPEG:
        exact = dcmtk_reference(path, tmp_path / "dcmtk")
        assert_voxels_equal(got.data, exact.volume, what=f"{case.name} ({case.ts.name}) vs dcmtk:")
        slope = max(abs(f.slope) for f in expected.frames)
        diff = np.abs(got.data.astype(np.int64) - expected.volume.astype(np.int64))
        assert diff.max() <= JPEG_IDCT_TOLERANCE_STORED * slope, f"{case.name}: {diff.max()} HU from pydicom"
    else:
        assert_voxels_equal(got.data, expected.volume, what=f"{case.name} ({case.ts.name}):")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_info(case: Case, implantscan: str, prepared) -> None:
    path, expected = prepared(case)
    info = info_json(implantscan, path)
    assert_info_matches(info, expected)
    series = info["series"]
    assert len(series) == 1 and series[0]["status"] == "chosen", f"series {series}"
    assert series[0]["files"] == 1 and series[0]["slices"] == expected.geometry.size[2]
    assert (series[0]["rows"], series[0]["columns"]) == (expected.geometry.size[1], expected.geometry.size[0])


PATCHED = [c for c in CASES if c.patch]


@pytest.mark.parametrize("case", PATCHED, ids=[c.id for c in PATCHED])
def test_geometryless_original(case: Case, tmp_path: Path, implantscan: str, prepared) -> None:
    """The file as shipped (no geometry): converted with identical voxels, or refused in one line."""
    original = corpus_file(case.name)
    patched, expected = prepared(case)
    out = tmp_path / "out" / "volume.nrrd"
    out.parent.mkdir()
    proc = run_cli(implantscan, "convert", original, out)
    if proc.returncode == 0:
        if case.ts in LOSSY_JPEG:
            expected = dcmtk_reference(patched, tmp_path / "dcmtk")  # same pixels, with geometry
        assert_voxels_equal(read_nrrd(out).data, expected.volume, what=f"{case.name} (as shipped):")
        assert sorted(p.name for p in out.parent.iterdir()) == ["volume.nrrd"]
    else:
        assert proc.returncode == 1, describe(proc)
        lines = proc.stderr.strip("\n").split("\n")
        assert len(lines) == 1 and case.name in lines[0], describe(proc)
        assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("name,what", REFUSED, ids=[n.removesuffix(".dcm") for n, _ in REFUSED])
def test_refused_pixel_kind(name: str, what: str, tmp_path: Path, implantscan: str) -> None:
    assert_refused(implantscan, corpus_file(name), tmp_path / "out" / "volume.nrrd",
                   ["unsupported pixel data"], [name])


# --------------------------------------------------------------------------- the lists themselves

def test_required_transfer_syntaxes_covered(tmp_path: Path) -> None:
    covered: dict[str, list[str]] = {}
    for case in CASES:
        path = materialize(case, tmp_path / case.id) if case.derive else corpus_file(case.name)
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        actual = ds.file_meta.TransferSyntaxUID
        assert actual == case.ts, f"{case.name} is in {actual.name}, listed as {case.ts.name}"
        covered.setdefault(actual, []).append(case.name)
    missing = {uid: name for uid, name in REQUIRED_TRANSFER_SYNTAXES.items() if uid not in covered}
    assert not missing, f"transfer syntaxes no longer covered: {missing}"


def test_required_pixel_kinds_covered() -> None:
    kinds: set[str] = set()
    for case in CASES:
        if case.derive:
            continue
        ds = pydicom.dcmread(corpus_file(case.name), stop_before_pixels=True)
        kinds.add("signed" if ds.PixelRepresentation == 1 else "unsigned")
        kinds.add(f"stored{ds.BitsStored}" if ds.BitsStored in (8, 12, 16) else "stored-other")
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        kinds.add("multi-frame" if frames > 1 else "single-frame")
        if ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.2.1" and "PerFrameFunctionalGroupsSequence" in ds:
            kinds.add("enhanced-ct")
        kinds.add(str(ds.PhotometricInterpretation))
    need = {"signed", "unsigned", "stored8", "stored12", "stored16", "stored-other", "multi-frame",
            "single-frame", "enhanced-ct", "MONOCHROME1", "MONOCHROME2"}
    assert need <= kinds, f"no longer covered: {sorted(need - kinds)}"


def _local_corpus() -> list[Path]:
    """All corpus files installed locally (no download attempts)."""
    from pydicom.data.data_manager import DATA_ROOT, DataTypes, external_data_sources

    files = {p for p in (Path(DATA_ROOT) / "test_files").rglob("*") if p.is_file() and p.suffix == ".dcm"}
    sources = external_data_sources()
    assert "pydicom-data" in sources, "pydicom-data is not installed (pip install pydicom-data)"
    for source in sources.values():
        files |= {Path(p) for p in source.get_paths("*", DataTypes.DATASET) if str(p).endswith(".dcm")}
    return sorted(files, key=lambda p: p.name)


def test_corpus_is_fully_classified() -> None:
    """Each grayscale 8/16-bit file is tested or excluded for a stated reason."""
    listed = {c.name for c in CASES if not c.derive}
    unclassified = []
    for path in _local_corpus():
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True, force=True)
        except Exception:
            continue
        gray = (int(ds.get("SamplesPerPixel", 1) or 1) == 1
                and ds.get("BitsAllocated") in (8, 16)
                and str(ds.get("PhotometricInterpretation", "")).startswith("MONOCHROME"))
        if gray and path.name not in listed and path.name not in EXCLUDED:
            unclassified.append(path.name)
    assert not unclassified, f"grayscale corpus files neither tested nor excluded: {unclassified}"
    for name in listed | set(EXCLUDED) | {n for n, _ in REFUSED}:
        corpus_file(name)  # fails loudly when missing
    for name, reason in EXCLUDED.items():
        if reason.startswith("pydicom cannot decode"):
            ds = pydicom.dcmread(corpus_file(name))
            with pytest.raises(Exception):
                ds.pixel_array
