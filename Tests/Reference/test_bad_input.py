"""Bad input never crashes, hangs, loses data or half-writes (issue 9).

Every case is generated here, from CT_small.dcm, a small phantom and PNGs written by pngmaker.py, and
run through the real binary. A refusal must exit with status 1, print exactly one line on stderr that
names the file at fault and says what is wrong, and leave nothing behind: no new file or folder
anywhere under the test's folder, and no row in the case database.

Cases already covered elsewhere are not repeated: truncated DICOM at several offsets, random bytes
named .dcm, the series refusals (mixed orientation, tilt, duplicate or missing slices, uneven spacing,
mixed sizes), an empty folder and colour DICOM (test_refusals.py, test_corpus.py); a database that is
not SQLite, another SQLite file or a read-only one (Tests/CaseRecordsTests/ProcessTests.swift); a
batch with a truncated export and random bytes (test_batch.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import pydicom
import pytest

import pngmaker
from conftest import BIN, axial_series, corpus_file, describe, read_nrrd, with_geometry, write_series

TIMEOUT = 60  # seconds; a hang fails the test instead of the suite

# A small scan with one implant: analyses in well under a second.
PHANTOM_SPEC = {"volume": {"voxelMm": 0.4, "fieldOfViewMm": [20, 20, 20]}, "implants": [{"archAngleDeg": 30}]}


def run(*args: str | os.PathLike, cwd: Path | None = None, env: dict | None = None,
        preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd,
                          env={**os.environ, "LC_ALL": "C", **(env or {})}, preexec_fn=preexec)


def tree(root: Path) -> set[str]:
    """Every path under root (hidden ones too), relative to it."""
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# --------------------------------------------------------------------------- inputs


@pytest.fixture(scope="module")
def phantom(tmp_path_factory, implantscan) -> Path:
    root = tmp_path_factory.mktemp("phantom")
    spec = root / "spec.json"
    spec.write_text(json.dumps(PHANTOM_SPEC))
    proc = run("phantom", "--out", root / "scan", "--spec", spec, "--seed", "7")
    assert proc.returncode == 0, describe(proc)
    measured = run("analyze", root / "scan", "--json")
    assert measured.returncode == 0, describe(measured)
    (root / "measurements.json").write_text(measured.stdout)
    return root


def dicom_series(folder: Path, n: int = 4) -> list[Path]:
    paths, _ = write_series(axial_series(n, seed=90), folder)
    return sorted(paths)


def rewrite(path: Path, change: Callable[[pydicom.Dataset], None]) -> None:
    ds = pydicom.dcmread(path)
    change(ds)
    ds.save_as(path, enforce_file_format=True)


def png_stack(folder: Path, n: int = 4, width: int = 24, height: int = 20) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "geometry.json").write_text(json.dumps({"spacingMm": [0.3, 0.3, 0.3]}))
    paths = []
    for k in range(n):
        p = folder / f"slice{k + 1:03d}.png"
        p.write_bytes(pngmaker.encode(pngmaker.gray_ramp(width, height, 16, seed=k), 16))
        paths.append(p)
    return paths


# --------------------------------------------------------------------------- the refusal table


@dataclasses.dataclass
class Refusal:
    """Builds its input under `root` and returns the command's arguments; `names` must appear in the
    error line (any one of them), and so must one of `phrases` (case-insensitive)."""
    id: str
    build: Callable[[Path, Path], list]  # (root, phantom folder) -> arguments
    phrases: list[str]
    names: list[str]
    preexec: Callable[[], None] | None = None


def _no_pixel_data(root: Path, _: Path) -> list:
    paths = dicom_series(root / "scan")
    rewrite(paths[2], lambda ds: delattr(ds, "PixelData"))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _pixel_data_longer(root: Path, _: Path) -> list:
    paths = dicom_series(root / "scan")
    rewrite(paths[1], lambda ds: setattr(ds, "PixelData", ds.PixelData * 2))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _pixel_data_shorter(root: Path, _: Path) -> list:
    # The element declares fewer bytes than Rows x Columns x 2, and the file is whole (not truncated).
    paths = dicom_series(root / "scan")
    rewrite(paths[1], lambda ds: setattr(ds, "PixelData", ds.PixelData[: len(ds.PixelData) // 2]))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _trailing_garbage(root: Path, _: Path) -> list:
    # Bytes after the pixel data (found by the DICOM fuzzer): GDCM would re-read them as an implicit VR
    # element and allocate whatever 4 of them say, up to 4 GiB.
    paths = dicom_series(root / "scan")
    paths[1].write_bytes(paths[1].read_bytes() + bytes([0x00, 0xBB, 0xCD, 0xAB]) + b"\xee" * 64)
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _element_longer_than_file(root: Path, _: Path) -> list:
    # PatientName (0010,0010) PN declaring 65520 bytes in a file of 33 KB.
    paths = dicom_series(root / "scan")
    blob = bytearray(paths[2].read_bytes())
    at = blob.index(b"\x10\x00\x10\x00PN")
    blob[at + 6:at + 8] = (65520).to_bytes(2, "little")
    paths[2].write_bytes(bytes(blob))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _rle_segment_count(root: Path, _: Path) -> list:
    # An RLE frame whose header declares 196611 segments (found by the DICOM fuzzer): GDCM's RLE decoder
    # trusted it and read far outside its buffer (SIGSEGV).
    root.joinpath("scan").mkdir()
    path = root / "scan" / "rle.dcm"
    blob = bytearray(corpus_file("MR_small_RLE.dcm").read_bytes())
    pixels = blob.rindex(b"\xe0\x7f\x10\x00")
    first = pixels + 12  # the basic offset table item
    table_length = int.from_bytes(blob[first + 4:first + 8], "little")
    frame = first + 8 + table_length + 8  # the first frame's fragment value
    assert int.from_bytes(blob[frame:frame + 4], "little") in (1, 2) and blob[frame + 4] == 64
    blob[frame:frame + 4] = (196611).to_bytes(4, "little")
    path.write_bytes(bytes(blob))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _patched_frame_header(name: str, marker: bytes, patch: Callable[[bytearray, int], None]):
    """A real compressed file whose frame header (found by its marker) is patched; the tags are left."""
    def make(root: Path, _: Path) -> list:
        path = with_geometry(corpus_file(name), root / "scan" / "frame.dcm")
        blob = bytearray(path.read_bytes())
        patch(blob, blob.index(marker, blob.rindex(b"\xe0\x7f\x10\x00")))
        path.write_bytes(bytes(blob))
        return ["convert", root / "scan", root / "out" / "v.nrrd"]
    return make


def _j2k_more_rows(blob: bytearray, soc: int) -> None:
    # The SIZ marker's Ysiz x 256 (found by the DICOM fuzzer): GDCM's JPEG 2000 codec sized its buffer from
    # the tags and copied every sample OpenJPEG decoded into it, 64 MB past its end (SIGSEGV).
    ysiz = soc + 12  # SOC, SIZ marker, Lsiz, Rsiz, Xsiz, then Ysiz
    blob[ysiz:ysiz + 4] = (int.from_bytes(blob[ysiz:ysiz + 4], "big") * 256).to_bytes(4, "big")


def _jpeg_ls_other_columns(blob: bytearray, sof: int) -> None:
    x = sof + 7  # SOF55 marker, length, precision, rows, then columns
    blob[x:x + 2] = (int.from_bytes(blob[x:x + 2], "big") + 16).to_bytes(2, "big")


def _jpeg_fewer_rows(blob: bytearray, sof: int) -> None:
    y = sof + 5  # SOF3 marker, length, precision, then rows
    blob[y:y + 2] = (int.from_bytes(blob[y:y + 2], "big") // 2).to_bytes(2, "big")


def _sizes_beyond_memory(root: Path, _: Path) -> list:
    # 65535 x 65535 x 1000 frames: 4.3e12 voxels from a file of a few kilobytes.
    root.joinpath("scan").mkdir()
    path = root / "scan" / "huge.dcm"
    shutil.copy(corpus_file("CT_small.dcm"), path)
    rewrite(path, lambda ds: (setattr(ds, "Rows", 65535), setattr(ds, "Columns", 65535), setattr(ds, "NumberOfFrames", 1000)))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _frames_overflow(root: Path, _: Path) -> list:
    # NumberOfFrames beyond 32 bits: Rows x Columns x frames overflows a 64-bit count.
    root.joinpath("scan").mkdir()
    path = root / "scan" / "frames.dcm"
    shutil.copy(corpus_file("CT_small.dcm"), path)
    rewrite(path, lambda ds: setattr(ds, "NumberOfFrames", "99999999999"))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _beyond_max_voxels(root: Path, _: Path) -> list:
    dicom_series(root / "scan")  # 128 x 128 x 4 = 65536 voxels
    return ["convert", root / "scan", root / "out" / "v.nrrd", "--max-voxels", "65535"]


def _fifo(root: Path, _: Path) -> list:
    dicom_series(root / "scan")
    os.mkfifo(root / "scan" / "IM999.dcm")  # reading it would block for ever
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _png_truncated(root: Path, _: Path) -> list:
    paths = png_stack(root / "scan")
    paths[2].write_bytes(paths[2].read_bytes()[: len(paths[2].read_bytes()) // 2])
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _png_crc(root: Path, _: Path) -> list:
    paths = png_stack(root / "scan")
    paths[1].write_bytes(pngmaker.corrupt_idat_crc(paths[1].read_bytes()))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _png_colour(color_type: int) -> Callable[[Path, Path], list]:
    def build(root: Path, _: Path) -> list:
        paths = png_stack(root / "scan")
        gray = pngmaker.gray_ramp(24, 20, 8)
        pixels = {pngmaker.RGB: np.stack([gray] * 3, axis=-1), pngmaker.PALETTE: gray,
                  pngmaker.GRAY_ALPHA: np.stack([gray, gray], axis=-1)}[color_type]
        paths[3].write_bytes(pngmaker.encode(pixels, 8, color_type))
        return ["convert", root / "scan", root / "out" / "v.nrrd"]
    return build


def _png_mixed_sizes(root: Path, _: Path) -> list:
    paths = png_stack(root / "scan")
    paths[2].write_bytes(pngmaker.encode(pngmaker.gray_ramp(24, 19, 16), 16))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _png_mixed_depths(root: Path, _: Path) -> list:
    paths = png_stack(root / "scan")
    paths[2].write_bytes(pngmaker.encode(pngmaker.gray_ramp(24, 20, 8), 8))
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _png_bad_sidecar(root: Path, _: Path) -> list:
    png_stack(root / "scan")
    (root / "scan" / "geometry.json").write_text('{"spacingMm": [0.3, 0.3')
    return ["convert", root / "scan", root / "out" / "v.nrrd"]


def _write_json(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


FINDINGS_CASES = {
    "syntax": '{"probingDepthMm": 6.5,',
    "unknown-key": '{"bleedingOnProbbing": true}',
    "wrong-type": '{"probingDepthMm": "deep"}',
    "not-an-object": "[1, 2, 3]",
}


def _decide_findings(kind: str) -> Callable[[Path, Path], list]:
    def build(root: Path, phantom: Path) -> list:
        bad = _write_json(root / f"findings-{kind}.json", FINDINGS_CASES[kind])
        return ["decide", "--measurements", phantom / "measurements.json", "--findings", bad]
    return build


def _decide_rules(root: Path, phantom: Path) -> list:
    bad = _write_json(root / "rules-bad.json", '{"version": 1, "overrides": {"no.such.rule": 3}')
    return ["decide", "--measurements", phantom / "measurements.json", "--rules", bad]


def _decide_measurements(root: Path, _: Path) -> list:
    bad = _write_json(root / "measurements-bad.json", '{"schemaVersion": 1, "implants": [')
    return ["decide", "--measurements", bad]


def _analyze_findings(root: Path, phantom: Path) -> list:
    bad = _write_json(root / "findings-bad.json", FINDINGS_CASES["syntax"])
    return ["analyze", phantom / "scan", "--findings", bad, "--out", root / "out"]


def _analyze_rules(root: Path, phantom: Path) -> list:
    bad = _write_json(root / "rules-bad.json", "not json")
    return ["analyze", phantom / "scan", "--rules", bad, "--out", root / "out"]


CALIBRATION = {"schemaVersion": 1, "insertHU": 800, "waterGray": 0, "insertGray": 790, "bloomingScale": 1.1,
               "bloomingScaleSE": 0.01, "residualGray": 2, "voxelMm": 0.4, "source": "calibration scan"}


def _analyze_calibration(kind: str) -> Callable[[Path, Path], list]:
    cases = {"insert-below-water": {**CALIBRATION, "insertGray": -10},
             "unknown-key": {**CALIBRATION, "bloomingScal": 1.1},
             "missing-key": {k: v for k, v in CALIBRATION.items() if k != "bloomingScale"}}

    def build(root: Path, phantom: Path) -> list:
        bad = _write_json(root / f"calibration-{kind}.json", json.dumps(cases[kind]))
        return ["analyze", phantom / "scan", "--calibration", bad, "--out", root / "out"]
    return build


def _calibrate_not_an_insert(root: Path, phantom: Path) -> list:
    # The small phantom's ridge is 8 mm wide: no insert surrounds its implant by 7 mm.
    return ["calibrate", phantom / "scan", "--insert-hu", "800", "--out", root / "device.json"]


def _file_in_the_way(root: Path) -> Path:
    (root / "blocker").write_text("a file where a folder should be\n")
    return root / "blocker"


def _convert_through_file(root: Path, _: Path) -> list:
    dicom_series(root / "scan")
    return ["convert", root / "scan", _file_in_the_way(root) / "v.nrrd"]


def _convert_into_proc(root: Path, _: Path) -> list:
    # /proc takes no new files, even from root (the tests run as root, so permissions would not stop it).
    dicom_series(root / "scan")
    return ["convert", root / "scan", "/proc/implantscan-bad-input-test.nrrd"]


def _analyze_out_through_file(root: Path, phantom: Path) -> list:
    return ["analyze", phantom / "scan", "--out", _file_in_the_way(root) / "report"]


def _disk_full(limit: int) -> Callable[[], None]:
    """A file size limit in the child: writes past `limit` bytes fail with EFBIG, as on a full disk
    (SIGXFSZ ignored, which exec keeps)."""
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def _convert_disk_full(root: Path, _: Path) -> list:
    dicom_series(root / "scan")  # a 128 KiB volume
    return ["convert", root / "scan", root / "out.nrrd"]


def _analyze_disk_full(root: Path, phantom: Path) -> list:
    # The two JSON files fit, the report page does not: none of them may stay.
    return ["analyze", phantom / "scan", "--out", root / "report"]


REFUSALS = [
    Refusal("dicom-no-pixel-data", _no_pixel_data, ["pixel data", "no pixel"], ["IM", ".dcm"]),
    Refusal("dicom-pixel-data-longer", _pixel_data_longer, ["pixel data holds"], [".dcm"]),
    Refusal("dicom-pixel-data-shorter", _pixel_data_shorter, ["pixel data holds", "truncated"], [".dcm"]),
    Refusal("dicom-trailing-garbage", _trailing_garbage, ["(BB00,ABCD) at byte"], [".dcm"]),
    Refusal("dicom-element-longer-than-file", _element_longer_than_file, ["declares 65520 bytes"], [".dcm"]),
    Refusal("dicom-rle-segment-count", _rle_segment_count, ["segment count"], ["rle.dcm"]),
    Refusal("dicom-j2k-siz-more-rows", _patched_frame_header("693_J2KR.dcm", b"\xff\x4f\xff\x51", _j2k_more_rows),
            ["JPEG 2000 frame 1 declares 512 x 131072 pixels", "512 x 512 (Columns x Rows)"], ["frame.dcm"]),
    Refusal("dicom-jpeg-ls-sof-other-columns",
            _patched_frame_header("MR_small_jpeg_ls_lossless.dcm", b"\xff\xf7", _jpeg_ls_other_columns),
            ["JPEG-LS frame 1 declares 80 x 64 pixels", "64 x 64 (Columns x Rows)"], ["frame.dcm"]),
    Refusal("dicom-jpeg-sof-fewer-rows", _patched_frame_header("JPEG-LL.dcm", b"\xff\xc3", _jpeg_fewer_rows),
            ["decoded size 262144 bytes, expected 524288"], ["frame.dcm"]),  # GDCM takes a JPEG's size from its SOF
    Refusal("dicom-sizes-beyond-memory", _sizes_beyond_memory, ["exceed the limit"], ["huge.dcm"]),
    Refusal("dicom-frames-overflow", _frames_overflow, ["out of range", "exceed the limit"], ["frames.dcm"]),
    Refusal("dicom-beyond-max-voxels", _beyond_max_voxels, ["exceed the limit of 65535"], [".dcm"]),
    Refusal("fifo-in-folder", _fifo, ["not a regular file"], ["IM999.dcm"]),
    Refusal("png-truncated", _png_truncated, ["truncated", "end of file"], ["slice003.png"]),
    Refusal("png-corrupt-crc", _png_crc, ["crc"], ["slice002.png"]),
    Refusal("png-rgb", _png_colour(pngmaker.RGB), ["RGB"], ["slice004.png"]),
    Refusal("png-palette", _png_colour(pngmaker.PALETTE), ["palette"], ["slice004.png"]),
    Refusal("png-gray-alpha", _png_colour(pngmaker.GRAY_ALPHA), ["gray+alpha"], ["slice004.png"]),
    Refusal("png-mixed-sizes", _png_mixed_sizes, ["size", "differ"], ["slice003.png"]),
    Refusal("png-mixed-bit-depths", _png_mixed_depths, ["bit depth", "differ"], ["slice003.png"]),
    Refusal("png-bad-sidecar", _png_bad_sidecar, ["geometry sidecar"], ["geometry.json"]),
    *[Refusal(f"decide-findings-{k}", _decide_findings(k), [""], [f"findings-{k}.json"]) for k in FINDINGS_CASES],
    Refusal("decide-rules-malformed", _decide_rules, [""], ["rules-bad.json"]),
    Refusal("decide-measurements-malformed", _decide_measurements, [""], ["measurements-bad.json"]),
    Refusal("analyze-findings-malformed", _analyze_findings, [""], ["findings-bad.json"]),
    Refusal("analyze-rules-malformed", _analyze_rules, [""], ["rules-bad.json"]),
    Refusal("analyze-calibration-insert-below-water", _analyze_calibration("insert-below-water"),
            ["insertGray must be above waterGray"], ["calibration-insert-below-water.json"]),
    Refusal("analyze-calibration-unknown-key", _analyze_calibration("unknown-key"), ["unknown key"],
            ["calibration-unknown-key.json"]),
    Refusal("analyze-calibration-missing-key", _analyze_calibration("missing-key"), ["bloomingScale: missing"],
            ["calibration-missing-key.json"]),
    Refusal("calibrate-scan-without-an-insert", _calibrate_not_an_insert, ["does not surround the implant"], ["scan"]),
    Refusal("convert-out-through-a-file", _convert_through_file, ["cannot write", "not a folder", "not a directory"], ["blocker"]),
    Refusal("convert-out-into-proc", _convert_into_proc, ["cannot write"], ["/proc/implantscan-bad-input-test.nrrd"]),
    Refusal("convert-disk-full", _convert_disk_full, ["cannot write", "too large"], ["out.nrrd"], _disk_full(64 * 1024)),
    Refusal("analyze-out-through-a-file", _analyze_out_through_file, ["not a folder"], ["blocker"]),
    Refusal("analyze-out-disk-full", _analyze_disk_full, ["cannot write", "too large"], ["report"], _disk_full(48 * 1024)),
]


@pytest.mark.parametrize("case", REFUSALS, ids=[c.id for c in REFUSALS])
def test_refused_with_one_line_and_nothing_left(case: Refusal, tmp_path: Path, phantom: Path) -> None:
    root = tmp_path / "case"
    root.mkdir()
    args = case.build(root, phantom)
    before, phantom_before = tree(root), tree(phantom)
    proc = run(*args, preexec=case.preexec)
    assert proc.returncode == 1, describe(proc)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr: {describe(proc)}"
    line = lines[0]
    print(f"{case.id}: {line}")
    assert any(p.lower() in line.lower() for p in case.phrases), f"{line!r} says none of {case.phrases}"
    assert any(n in line for n in case.names), f"{line!r} names none of {case.names}"
    assert tree(root) == before, f"left behind: {sorted(tree(root) - before)}"
    assert tree(phantom) == phantom_before, f"left behind: {sorted(tree(phantom) - phantom_before)}"
    assert proc.stdout == "", f"printed a result for a refused input: {proc.stdout[:500]!r}"


# --------------------------------------------------------------------------- case database


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as c:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def case_db(tmp_path: Path, implantscan: str) -> Path:
    db = tmp_path / "cases.sqlite"
    proc = run("case", "create", "C1", "--site", "36", "--db", db)
    assert proc.returncode == 0, describe(proc)
    return db


def test_malformed_findings_file_adds_no_findings_row(tmp_path: Path, case_db: Path) -> None:
    bad = _write_json(tmp_path / "findings.json", FINDINGS_CASES["unknown-key"])
    proc = run("case", "findings", "C1", "--date", "2024-05-01", "--file", bad, "--db", case_db)
    assert proc.returncode == 1, describe(proc)
    assert len(proc.stderr.splitlines()) == 1 and "findings.json" in proc.stderr and "bleedingOnProbbing" in proc.stderr
    assert _count(case_db, "findings") == 0


def test_analyze_case_into_unwritable_out_attaches_nothing(tmp_path: Path, phantom: Path, case_db: Path) -> None:
    """The --out folder is checked before the scan is attached: a refused output leaves no scan row."""
    blocker = _file_in_the_way(tmp_path)
    proc = run("analyze", phantom / "scan", "--case", "C1", "--date", "2024-05-01", "--db", case_db,
               "--out", blocker / "report")
    assert proc.returncode == 1, describe(proc)
    assert len(proc.stderr.splitlines()) == 1 and "blocker" in proc.stderr and "not a folder" in proc.stderr
    assert _count(case_db, "scan") == 0 and _count(case_db, "implantMeasurement") == 0 and _count(case_db, "recommendation") == 0


# --------------------------------------------------------------------------- unreadable folder


def test_unreadable_folder(implantscan: str) -> None:
    """A scan folder without read permission. Root reads it anyway, so under root the binary runs as
    `nobody` (the folder then lives outside pytest's root-only tmp folder)."""
    as_root = os.geteuid() == 0
    work = Path(tempfile.mkdtemp(prefix="implantscan-unreadable-"))
    try:
        work.chmod(0o755)
        scan, out = work / "locked_scan", work / "out"
        dicom_series(scan)
        out.mkdir()
        out.chmod(0o777)
        scan.chmod(0o000)
        preexec = None
        if as_root:
            def preexec() -> None:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
        proc = run("convert", scan, out / "v.nrrd", preexec=preexec)
        assert proc.returncode == 1, describe(proc)
        assert len(proc.stderr.splitlines()) == 1, describe(proc)
        assert "locked_scan" in proc.stderr and "cannot" in proc.stderr.lower(), proc.stderr
        assert list(out.iterdir()) == []
    finally:
        (work / "locked_scan").chmod(0o755)
        shutil.rmtree(work)


# --------------------------------------------------------------------------- inputs that are fine


def test_symlink_loops_are_walked_once(tmp_path: Path, implantscan: str) -> None:
    """A link back to the scan folder is visited once (no endless walk, no slice twice) and a link
    that points at itself (ELOOP) is skipped like a dangling one: the volume is the one without them."""
    scan = tmp_path / "scan"
    dicom_series(scan)
    clean = run("convert", scan, tmp_path / "clean.nrrd")
    assert clean.returncode == 0, describe(clean)
    (scan / "sub").mkdir()
    os.symlink("..", scan / "sub" / "back-to-scan")
    os.symlink("self.dcm", scan / "self.dcm")
    os.symlink("loop2", scan / "loop1")
    os.symlink("loop1", scan / "loop2")
    looped = run("convert", scan, tmp_path / "looped.nrrd")
    assert looped.returncode == 0, describe(looped)
    assert (tmp_path / "looped.nrrd").read_bytes() == (tmp_path / "clean.nrrd").read_bytes()


def test_interlaced_grayscale_png_reads_like_the_plain_one(tmp_path: Path, implantscan: str) -> None:
    """Adam7 interlacing is only a storage order: an interlaced 8- or 16-bit grayscale stack gives
    exactly the volume of the same stack stored plainly (docs/png-stack.md)."""
    for depth in (8, 16):
        volumes = []
        for interlace in (False, True):
            folder = tmp_path / f"d{depth}-{interlace}"
            folder.mkdir()
            (folder / "geometry.json").write_text(json.dumps({"spacingMm": [0.3, 0.3, 0.3]}))
            for k in range(3):
                (folder / f"s{k}.png").write_bytes(
                    pngmaker.encode(pngmaker.gray_ramp(13, 11, depth, seed=k), depth, interlace=interlace))
            out = tmp_path / f"d{depth}-{interlace}.nrrd"
            proc = run("convert", folder, out)
            assert proc.returncode == 0, describe(proc)
            volumes.append(read_nrrd(out).data)
        np.testing.assert_array_equal(volumes[0], volumes[1])
        want = np.stack([pngmaker.gray_ramp(13, 11, depth, seed=k) for k in range(3)]).astype(np.int64)
        np.testing.assert_array_equal(volumes[1], np.clip(want, -32768, 32767))


# --------------------------------------------------------------------------- crash isolation


CRASHING_CODEC = Path(__file__).resolve().parent / "crashing_codec" / "opj_decode_segv.c"


def crashing_codec(build: Path) -> Path:
    """The shared library that replaces OpenJPEG's opj_decode with one that segfaults (see its source)."""
    compiler = shutil.which("cc") or shutil.which("clang") or shutil.which("gcc")
    assert compiler, "no C compiler to build the crashing codec"
    library = build / "libopj_decode_segv.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-O0", "-o", library, CRASHING_CODEC], check=True)
    return library


def test_batch_survives_a_decoder_crash(tmp_path: Path, phantom: Path) -> None:
    """The JPEG 2000 decoder dies of SIGSEGV in the middle of one scan's pixel data (OpenJPEG's
    opj_decode replaced, through LD_PRELOAD, by one that writes through a null pointer): batch records
    that scan's failure with the signal, finishes the uncompressed scans beside it and exits 1. The
    same archive without the preload analyses all three, so the crash is the decoder's."""
    root = tmp_path / "archive"
    for name in ("alpha", "omega"):
        shutil.copytree(phantom / "scan", root / name)
    (root / "j2k").mkdir()
    shutil.copy(corpus_file("693_J2KR.dcm"), root / "j2k" / "slice.dcm")  # CT, JPEG 2000 lossless

    clean = tmp_path / "clean.jsonl"
    proc = run("batch", root, "--out", clean, "--jobs", "2")
    assert proc.returncode == 0, describe(proc)
    assert {r["scan"]: r["status"] for r in map(json.loads, clean.read_text().splitlines())} == \
        {"alpha": "ok", "omega": "ok", "j2k": "ok"}

    out = tmp_path / "results.jsonl"
    proc = run("batch", root, "--out", out, "--jobs", "2", env={"LD_PRELOAD": str(crashing_codec(tmp_path))})
    assert proc.returncode == 1, describe(proc)
    records = {r["scan"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {"alpha", "j2k", "omega"}
    assert records["alpha"]["status"] == records["omega"]["status"] == "ok"
    assert records["alpha"]["measurements"]["implants"] == records["omega"]["measurements"]["implants"] != []
    crashed = records["j2k"]
    assert crashed["status"] == "failed" and "crashed" in crashed["error"] and "signal 11" in crashed["error"], crashed
    assert "failed: j2k: the analysis crashed" in proc.stdout, describe(proc)


# --------------------------------------------------------------------------- fuzzing reproducers

REPRODUCERS = sorted((Path(__file__).resolve().parents[2] / "Fuzz" / "crashes").glob("*/*"))


@pytest.mark.parametrize("reproducer", REPRODUCERS, ids=[f"{p.parent.name}-{p.name}" for p in REPRODUCERS])
def test_fuzz_reproducer_is_refused_cleanly(reproducer: Path, tmp_path: Path, implantscan: str) -> None:
    """Each input that once crashed a fuzz harness (Fuzz/crashes/<harness>/) goes through the real
    loader as a one-file scan: a clean refusal (or a clean load), never a signal, a peak resident size
    under 256 MiB (several made GDCM allocate 2-4 GiB) and under 10 s (one sent GDCM to pvrg-jpeg), and
    no file left in the temporary directory (GDCM's PVRG fallback wrote the frame there)."""
    scan = tmp_path / "scan"
    scan.mkdir()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "LC_ALL": "C", "TMPDIR": str(temporary)}
    target = scan / ("input.png" if reproducer.parent.name == "png" else "input.dcm")
    shutil.copy(reproducer, target)
    timer = Path("/usr/bin/time")  # GNU time (Debian's `time` package)
    if timer.is_file():
        # These files made GDCM allocate and zero gigabytes: the process's peak resident size tells.
        timed = subprocess.run([str(timer), "-f", "maxrss-kb=%M seconds=%e", BIN, "convert", scan, tmp_path / "v.nrrd"],
                               capture_output=True, text=True, timeout=TIMEOUT, env=env)
        lines = timed.stderr.splitlines()
        rss_kb, seconds = int(lines[-1].split()[0].split("=")[1]), float(lines[-1].split()[1].split("=")[1])
        stderr = "".join(l + "\n" for l in lines[:-1] if not l.startswith("Command exited with non-zero status"))
        proc = subprocess.CompletedProcess(timed.args, timed.returncode, timed.stdout, stderr)
        assert rss_kb < 256 * 1024, f"peak resident size {rss_kb} KB"
        assert seconds < 10, f"took {seconds} s"  # the PVRG input spent 18 s in an external program
    else:
        proc = run("convert", scan, tmp_path / "v.nrrd", env={"TMPDIR": str(temporary)})
    assert proc.returncode in (0, 1), describe(proc)
    assert not any(temporary.iterdir()), f"left in TMPDIR: {sorted(p.name for p in temporary.iterdir())}"
    if proc.returncode == 1:
        assert len(proc.stderr.splitlines()) == 1 and "input." in proc.stderr, describe(proc)
        assert not (tmp_path / "v.nrrd").exists()
