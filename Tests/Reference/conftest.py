"""Shared helpers for the ImplantScan reference suite.

The suite checks the `implantscan` binary against independent references:
pydicom (decoding, rescale, slice order) and SimpleITK (series geometry).

Everything here follows the CLI contract written in Tests/Reference/README.md:
  * HU = stored * RescaleSlope + RescaleIntercept in double, rounded half away
    from zero, clamped to int16; stored values respect BitsStored (masked when
    unsigned, sign-extended when signed).
  * Slices (or frames) sorted by ImagePositionPatient projected on the normal
    (row x column cosines), ascending; origin = IPP of the first sorted slice;
    x = row cosines, spacing PixelSpacing[1]; y = column cosines, spacing
    PixelSpacing[0]; z = normal, spacing (d_last - d_first) / (n - 1).
  * One slice: z spacing = SliceThickness, else 1.  Legacy multi-frame without
    per-frame positions: frames stacked in frame order, z spacing =
    SpacingBetweenSlices, else SliceThickness, else 1.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

# --------------------------------------------------------------------------- binary

DEFAULT_BIN = str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "implantscan")
BIN = os.environ.get("IMPLANTSCAN_BIN", DEFAULT_BIN)

GEOMETRY_TOL = 1e-4  # mm, and for direction cosines
CLI_TIMEOUT = 120  # seconds, per invocation


@pytest.fixture(scope="session")
def implantscan() -> str:
    """Path of the binary under test; fails (never skips) when it is absent."""
    path = Path(BIN)
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"implantscan binary not found or not executable at {BIN} "
            "(build it with `swift build` or set IMPLANTSCAN_BIN)",
            pytrace=False,
        )
    return str(path)


def run_cli(binary: str, *args: os.PathLike | str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        env={**os.environ, "LC_ALL": "C"},
    )


def describe(proc: subprocess.CompletedProcess) -> str:
    return (
        f"exit {proc.returncode}\n--- stdout ---\n{proc.stdout[-3000:]}\n"
        f"--- stderr ---\n{proc.stderr[-3000:]}"
    )


def convert_ok(binary: str, scan: Path, out: Path, *extra: str) -> "NrrdVolume":
    """Runs `convert`, asserts success, a clean output folder, and returns the volume."""
    out.parent.mkdir(parents=True, exist_ok=True)
    before = set(os.listdir(out.parent))
    proc = run_cli(binary, "convert", scan, out, *extra)
    assert proc.returncode == 0, f"convert {scan} failed: {describe(proc)}"
    assert out.is_file(), f"convert reported success but wrote no {out}"
    left = set(os.listdir(out.parent)) - before - {out.name}
    assert not left, f"convert left extra files next to the output: {sorted(left)}"
    return read_nrrd(out)


def info_json(binary: str, scan: Path, *extra: str) -> dict:
    proc = run_cli(binary, "info", scan, "--json", *extra)
    assert proc.returncode == 0, f"info {scan} failed: {describe(proc)}"
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:  # pragma: no cover - diagnostic
        raise AssertionError(f"info --json did not print one JSON object ({e}):\n{proc.stdout[:2000]}")


def assert_refused(
    binary: str,
    scan: Path,
    out: Path,
    phrases: Sequence[str],
    names: Iterable[str],
    *extra: str,
) -> str:
    """Runs `convert` expecting a refusal; returns the error line.

    phrases: at least one must appear in the line (case-insensitive).
    names:   at least one of these file (or folder) names must appear in the line.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    before = set(os.listdir(out.parent))
    proc = run_cli(binary, "convert", scan, out, *extra)
    assert proc.returncode == 1, f"expected exit status 1 for {scan}: {describe(proc)}"
    lines = proc.stderr.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"expected exactly one line on stderr: {describe(proc)}"
    line = lines[0]
    low = line.lower()
    assert any(p.lower() in low for p in phrases), f"stderr line lacks any of {list(phrases)}: {line!r}"
    names = list(names)
    assert any(n in line for n in names), f"stderr line names none of {names[:8]}...: {line!r}"
    after = set(os.listdir(out.parent))
    assert after == before, f"refused convert left files in the output folder: {sorted(after - before)}"
    assert not out.exists()
    return line


# --------------------------------------------------------------------------- NRRD

@dataclasses.dataclass
class Geometry:
    size: tuple[int, int, int]  # x, y, z
    spacing: np.ndarray  # (3,) mm, x y z
    origin: np.ndarray  # (3,) mm LPS
    direction: np.ndarray  # (3, 3): row i = unit vector of index axis i in LPS


@dataclasses.dataclass
class NrrdVolume:
    data: np.ndarray  # int16, shape (Z, Y, X)
    geometry: Geometry
    header: dict


def _vector(text: str) -> np.ndarray:
    text = text.strip()
    assert text.startswith("(") and text.endswith(")"), f"bad NRRD vector {text!r}"
    return np.array([float(v) for v in text[1:-1].split(",")], dtype=np.float64)


def read_nrrd(path: Path) -> NrrdVolume:
    blob = Path(path).read_bytes()
    assert blob.startswith(b"NRRD0004\n"), f"{path}: not an NRRD0004 file: {blob[:16]!r}"
    sep = blob.find(b"\n\n")
    assert sep > 0, f"{path}: NRRD header has no blank line"
    header_text = blob[len(b"NRRD0004\n"):sep].decode("ascii")
    payload = blob[sep + 2:]
    header: dict[str, str] = {}
    for line in header_text.split("\n"):
        if line.startswith("#") or ":=" in line:  # comments and key/value pairs carry no geometry
            continue
        key, colon, value = line.partition(":")
        assert colon, f"{path}: unexpected NRRD header line {line!r}"
        header[key.strip()] = value.strip()
    expected_fields = {
        "type": "int16",
        "dimension": "3",
        "space": "left-posterior-superior",
        "kinds": "domain domain domain",
        "endian": "little",
        "encoding": "raw",
    }
    for key, value in expected_fields.items():
        assert header.get(key) == value, f"{path}: NRRD field {key!r} is {header.get(key)!r}, expected {value!r}"
    sizes = tuple(int(v) for v in header["sizes"].split())
    assert len(sizes) == 3 and min(sizes) > 0, f"{path}: bad sizes {header['sizes']!r}"
    dirs_text = header["space directions"]
    parts = [p + ")" for p in dirs_text.replace(" ", "").split(")") if p]
    assert len(parts) == 3, f"{path}: bad space directions {dirs_text!r}"
    vectors = np.array([_vector(p) for p in parts])
    spacing = np.linalg.norm(vectors, axis=1)
    assert np.all(spacing > 0), f"{path}: zero-length space direction"
    direction = vectors / spacing[:, None]
    origin = _vector(header["space origin"])
    nx, ny, nz = sizes
    assert len(payload) == nx * ny * nz * 2, (
        f"{path}: raw data has {len(payload)} bytes, expected {nx * ny * nz * 2} for sizes {sizes}"
    )
    data = np.frombuffer(payload, dtype="<i2").reshape(nz, ny, nx).astype(np.int16)
    return NrrdVolume(data, Geometry(sizes, spacing, origin, direction), header)


# --------------------------------------------------------------------------- pydicom reference

def stored_values(raw: np.ndarray, bits_stored: int, signed: bool) -> np.ndarray:
    """Stored values with BitsStored respected (mask if unsigned, sign-extend if signed)."""
    v = raw.astype(np.int64) & ((1 << bits_stored) - 1)
    if signed:
        sign = 1 << (bits_stored - 1)
        v = np.where(v & sign, v - (1 << bits_stored), v)
    return v


def round_half_away(x: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, np.floor(x + 0.5), -np.floor(-x + 0.5))


def to_hu(stored: np.ndarray, slope: float, intercept: float) -> tuple[np.ndarray, int]:
    hu = round_half_away(stored.astype(np.float64) * float(slope) + float(intercept))
    clamped = int(np.count_nonzero((hu < -32768) | (hu > 32767)))
    return np.clip(hu, -32768, 32767).astype(np.int16), clamped


@dataclasses.dataclass
class Frame:
    path: Path
    index: int
    ipp: np.ndarray | None
    iop: np.ndarray | None
    pixel_spacing: tuple[float, float] | None
    slope: float
    intercept: float
    slice_thickness: float | None
    spacing_between: float | None
    stored: np.ndarray  # (rows, cols) int64


@dataclasses.dataclass
class Expected:
    volume: np.ndarray  # int16 (Z, Y, X)
    geometry: Geometry
    clamped: int
    frames: list[Frame]  # in sorted order


def _fg_item(ds: Dataset, frame: int, seq: str) -> Dataset | None:
    """Functional group item for one frame: per-frame first, then shared."""
    for groups, idx in (("PerFrameFunctionalGroupsSequence", frame), ("SharedFunctionalGroupsSequence", 0)):
        outer = ds.get(groups)
        if outer is None or len(outer) <= idx:
            continue
        inner = outer[idx].get(seq)
        if inner is not None and len(inner) > 0:
            return inner[0]
    return None


def _floats(value) -> np.ndarray | None:
    if value is None:
        return None
    return np.array([float(v) for v in value], dtype=np.float64)


def _opt_float(value) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def read_frames(path: Path) -> tuple[list[Frame], bool]:
    """Frames of one file and whether they carry their own positions."""
    ds = pydicom.dcmread(path)
    assert int(ds.SamplesPerPixel) == 1, f"{path}: reference only handles grayscale"
    nframes = int(ds.get("NumberOfFrames", 1) or 1)
    pixels = np.asarray(ds.pixel_array).reshape(nframes, int(ds.Rows), int(ds.Columns))
    stored = stored_values(pixels, int(ds.BitsStored), int(ds.PixelRepresentation) == 1)
    top_slope = _opt_float(ds.get("RescaleSlope"))
    top_intercept = _opt_float(ds.get("RescaleIntercept"))
    enhanced = "PerFrameFunctionalGroupsSequence" in ds or "SharedFunctionalGroupsSequence" in ds
    frames: list[Frame] = []
    per_frame_positions = enhanced
    for i in range(nframes):
        pos = _fg_item(ds, i, "PlanePositionSequence") if enhanced else None
        ori = _fg_item(ds, i, "PlaneOrientationSequence") if enhanced else None
        meas = _fg_item(ds, i, "PixelMeasuresSequence") if enhanced else None
        pvt = _fg_item(ds, i, "PixelValueTransformationSequence") if enhanced else None
        if pos is None or "ImagePositionPatient" not in pos:
            per_frame_positions = False
        ipp = _floats(pos.ImagePositionPatient) if pos is not None and "ImagePositionPatient" in pos else _floats(ds.get("ImagePositionPatient"))
        iop = _floats(ori.ImageOrientationPatient) if ori is not None and "ImageOrientationPatient" in ori else _floats(ds.get("ImageOrientationPatient"))
        ps = meas.get("PixelSpacing") if meas is not None and "PixelSpacing" in meas else ds.get("PixelSpacing")
        st = meas.get("SliceThickness") if meas is not None and "SliceThickness" in meas else ds.get("SliceThickness")
        slope, intercept = top_slope, top_intercept
        if pvt is not None and "RescaleSlope" in pvt:
            slope, intercept = _opt_float(pvt.RescaleSlope), _opt_float(pvt.get("RescaleIntercept"))
        frames.append(
            Frame(
                path=Path(path),
                index=i,
                ipp=ipp,
                iop=iop,
                pixel_spacing=(float(ps[0]), float(ps[1])) if ps is not None else None,
                slope=1.0 if slope is None else slope,
                intercept=0.0 if intercept is None else intercept,
                slice_thickness=_opt_float(st),
                spacing_between=_opt_float(ds.get("SpacingBetweenSlices")),
                stored=stored[i],
            )
        )
    if nframes == 1:
        per_frame_positions = frames[0].ipp is not None
    return frames, per_frame_positions


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def reference_volume(paths: Sequence[Path]) -> Expected:
    """The volume the contract asks for, built from `paths` (one series) with pydicom."""
    frames: list[Frame] = []
    legacy_stack = False
    for p in paths:
        f, positioned = read_frames(p)
        if len(f) > 1 and not positioned:
            assert len(paths) == 1, "legacy multi-frame files are only handled alone"
            legacy_stack = True
        frames.extend(f)
    first = frames[0]
    assert first.iop is not None and first.ipp is not None and first.pixel_spacing is not None, (
        f"{first.path}: reference needs ImagePositionPatient, ImageOrientationPatient and PixelSpacing"
    )
    row = _unit(first.iop[:3])
    col = _unit(first.iop[3:])
    normal = _unit(np.cross(row, col))
    if legacy_stack:
        ordered = frames
        if first.spacing_between:
            dz = first.spacing_between
        elif first.slice_thickness:
            dz = first.slice_thickness
        else:
            dz = 1.0
        origin = first.ipp
    else:
        d = np.array([float(np.dot(f.ipp, normal)) for f in frames])
        order = np.argsort(d, kind="stable")
        ordered = [frames[i] for i in order]
        d = d[order]
        origin = ordered[0].ipp
        if len(ordered) > 1:
            dz = (d[-1] - d[0]) / (len(ordered) - 1)
        else:
            dz = first.slice_thickness if first.slice_thickness else 1.0
    slices = []
    clamped = 0
    for f in ordered:
        hu, c = to_hu(f.stored, f.slope, f.intercept)
        slices.append(hu)
        clamped += c
    volume = np.stack(slices)
    rows, cols = volume.shape[1:]
    geometry = Geometry(
        size=(cols, rows, len(ordered)),
        spacing=np.array([first.pixel_spacing[1], first.pixel_spacing[0], dz]),
        origin=np.asarray(origin, dtype=np.float64),
        direction=np.stack([row, col, normal]),
    )
    return Expected(volume, geometry, clamped, ordered)


def assert_geometry(got: Geometry, want: Geometry, tol: float = GEOMETRY_TOL, what: str = "") -> None:
    assert tuple(got.size) == tuple(want.size), f"{what} size {got.size} != {want.size}"
    np.testing.assert_allclose(got.spacing, want.spacing, rtol=0, atol=tol, err_msg=f"{what} spacing (x, y, z)")
    np.testing.assert_allclose(got.origin, want.origin, rtol=0, atol=tol, err_msg=f"{what} origin")
    np.testing.assert_allclose(got.direction, want.direction, rtol=0, atol=tol, err_msg=f"{what} direction (rows = x, y, z axes)")


def assert_voxels_equal(got: np.ndarray, want: np.ndarray, what: str = "") -> None:
    assert got.shape == want.shape, f"{what} shape (Z, Y, X) {got.shape} != {want.shape}"
    diff = np.abs(got.astype(np.int32) - want.astype(np.int32))
    n = int(np.count_nonzero(diff))
    if n:
        z, y, x = np.unravel_index(int(np.argmax(diff)), diff.shape)
        raise AssertionError(
            f"{what} {n} of {diff.size} voxels differ, max |diff| = {int(diff.max())} "
            f"(e.g. at x={x} y={y} z={z}: got {int(got[z, y, x])}, expected {int(want[z, y, x])})"
        )


def assert_info_matches(info: dict, expected: Expected) -> None:
    g = expected.geometry
    assert list(info["size"]) == list(g.size), f"info size {info['size']} != {list(g.size)}"
    np.testing.assert_allclose(info["spacingMm"], g.spacing, rtol=0, atol=GEOMETRY_TOL, err_msg="info spacingMm")
    np.testing.assert_allclose(info["originMm"], g.origin, rtol=0, atol=GEOMETRY_TOL, err_msg="info originMm")
    np.testing.assert_allclose(
        np.array(info["direction"], dtype=float).reshape(3, 3), g.direction, rtol=0, atol=GEOMETRY_TOL,
        err_msg="info direction (x axis, then y, then z)",
    )
    vol = expected.volume
    assert list(info["valueRange"]) == [int(vol.min()), int(vol.max())], (
        f"info valueRange {info['valueRange']} != {[int(vol.min()), int(vol.max())]}"
    )
    assert info["clampedVoxels"] == expected.clamped, f"info clampedVoxels {info['clampedVoxels']} != {expected.clamped}"
    ts = info["transferSyntaxes"]
    assert isinstance(ts, list) and ts and all(isinstance(t, str) and t for t in ts), f"bad transferSyntaxes {ts!r}"


# --------------------------------------------------------------------------- corpus access

def corpus_file(name: str) -> Path:
    """A pydicom / pydicom-data test file; fails loudly when it is not installed."""
    path = get_testdata_file(name, download=False)
    if path is None or not Path(path).is_file():
        pytest.fail(
            f"pydicom test file {name!r} is missing: install pydicom and pydicom-data "
            "(pip install pydicom pydicom-data)",
            pytrace=False,
        )
    return Path(path)


# A fixed, slightly oblique geometry given to corpus files that carry none
# (secondary capture, NM, CR ...).  Different row and column spacing so that a
# PixelSpacing[0]/[1] swap shows; a 30 degree in-plane rotation so that a
# transposed direction shows.
PATCH_IPP = ["-50.5", "20.25", "12"]
PATCH_IOP = ["0.866025", "0.5", "0", "-0.5", "0.866025", "0"]
PATCH_PIXEL_SPACING = ["0.4", "0.25"]


def with_geometry(src: Path, dst: Path) -> Path:
    """Copy of `src` with ImagePositionPatient, ImageOrientationPatient and
    PixelSpacing set at the top level. The pixel data bytes and the transfer
    syntax are left exactly as they are."""
    ds = pydicom.dcmread(src)
    ts = ds.file_meta.TransferSyntaxUID
    pixel_bytes = ds.PixelData
    ds.ImagePositionPatient = PATCH_IPP
    ds.ImageOrientationPatient = PATCH_IOP
    ds.PixelSpacing = PATCH_PIXEL_SPACING
    dst.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(dst)
    back = pydicom.dcmread(dst)
    assert back.file_meta.TransferSyntaxUID == ts and back.PixelData == pixel_bytes, f"patching {src} changed its pixel data"
    return dst


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: scripts/setup installs it (libgdcm-tools, dcmtk)", pytrace=False)
    return path


# --------------------------------------------------------------------------- series building

def ds_str(v: float) -> str:
    """A DS string (<= 16 chars) for v."""
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    assert len(s) <= 16, s
    return s


def rotation(axis: str, degrees: float) -> np.ndarray:
    a = np.deg2rad(degrees)
    c, s = np.cos(a), np.sin(a)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def uid(*parts: object) -> str:
    return generate_uid(entropy_srcs=["implantscan-reference-suite", *map(str, parts)])


def base_ct() -> Dataset:
    """CT_small.dcm (a real 128x128 int16 CT slice) as a template dataset."""
    return pydicom.dcmread(corpus_file("CT_small.dcm"))


@dataclasses.dataclass
class SliceSpec:
    position: np.ndarray  # IPP
    row: np.ndarray
    col: np.ndarray
    pixels: np.ndarray  # int16 (rows, cols), stored values
    pixel_spacing: tuple[float, float] = (0.3, 0.3)  # (row spacing, column spacing) as in DICOM
    instance_number: int = 1
    rel_path: str = "slice.dcm"
    sop_uid: str = ""


def write_slice(template: Dataset, spec: SliceSpec, root: Path, series_uid: str, study_uid: str,
                frame_uid: str, series_number: int = 1, description: str = "reference") -> Path:
    ds = template.copy()
    ds.file_meta = template.file_meta.copy()
    sop = spec.sop_uid or uid(series_uid, spec.rel_path)
    ds.SOPInstanceUID = sop
    ds.file_meta.MediaStorageSOPInstanceUID = sop
    ds.SeriesInstanceUID = series_uid
    ds.StudyInstanceUID = study_uid
    ds.FrameOfReferenceUID = frame_uid
    ds.SeriesNumber = series_number
    ds.SeriesDescription = description
    ds.InstanceNumber = spec.instance_number
    ds.ImagePositionPatient = [ds_str(v) for v in spec.position]
    ds.ImageOrientationPatient = [ds_str(v) for v in (*spec.row, *spec.col)]
    ds.PixelSpacing = [ds_str(spec.pixel_spacing[0]), ds_str(spec.pixel_spacing[1])]
    ds.SliceThickness = ds_str(0.3)
    if "SpacingBetweenSlices" in ds:
        del ds.SpacingBetweenSlices
    if "SliceLocation" in ds:
        del ds.SliceLocation
    pix = np.ascontiguousarray(spec.pixels.astype("<i2"))
    ds.Rows, ds.Columns = pix.shape
    ds.PixelData = pix.tobytes()
    path = root / spec.rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def shuffled_layout(n: int, seed: int, prefix: str = "") -> tuple[list[str], list[int]]:
    """Relative paths in nested folders and instance numbers, both shuffled."""
    rng = random.Random(seed)
    folders = ["", "a", "a/b", "c/d/e"]
    names = [f"{prefix}{rng.getrandbits(40):010x}.dcm" for _ in range(n)]
    paths = [f"{folders[rng.randrange(len(folders))]}/{nm}".lstrip("/") for nm in names]
    numbers = list(range(1, n + 1))
    rng.shuffle(numbers)
    return paths, numbers


def axial_series(n: int, spacing: float = 1.0, seed: int = 0) -> list[SliceSpec]:
    """n axial slices of CT_small with distinct pixels, positions along +z, files shuffled."""
    base = np.asarray(base_ct().pixel_array, dtype=np.int16)
    paths, numbers = shuffled_layout(n, seed)
    row, col = np.array([1.0, 0, 0]), np.array([0, 1.0, 0])
    origin = np.array([-20.0, -30.0, 40.0])
    return [
        SliceSpec(
            position=origin + k * spacing * np.array([0, 0, 1.0]),
            row=row, col=col,
            pixels=(np.roll(base, k, axis=1) + k).astype(np.int16),
            pixel_spacing=(0.5, 0.5),
            instance_number=numbers[k],
            rel_path=paths[k],
        )
        for k in range(n)
    ]


def write_series(specs: Sequence[SliceSpec], root: Path, tag: str = "main", series_number: int = 1,
                 description: str = "reference") -> tuple[list[Path], str]:
    template = base_ct()
    series_uid = uid("series", tag)
    paths = [
        write_slice(template, s, root, series_uid, uid("study"), uid("frame"), series_number, description)
        for s in specs
    ]
    return paths, series_uid
