"""`implantscan batch` end to end on the real binary: 20 scan folders, 2 of them broken.

Checks the issue's "done" case (the 18 good scans finish, the 2 broken ones are reported, the exit
status is 1, and `--resume` then does no work), that each record holds exactly what `analyze --json
--content-hash` prints for that scan, and that `--shard I/N` splits the archive into disjoint shards whose union is
the whole, and that Ctrl-C stops the running analyses, records none of them, and leaves the rest to `--resume`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, describe

SPEC = {"volume": {"voxelMm": 0.4, "fieldOfViewMm": [20, 20, 20]}, "implants": [{"archAngleDeg": 30}]}
GOOD = 18


def run(*args: str | os.PathLike, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=600, cwd=cwd,
                          env={**os.environ, "LC_ALL": "C"})


@pytest.fixture(scope="module")
def archive(tmp_path_factory, implantscan) -> Path:
    root = tmp_path_factory.mktemp("batch") / "archive"
    spec = root.parent / "spec.json"
    spec.write_text(json.dumps(SPEC))
    for i in range(GOOD):
        clinic = root / f"clinic{i % 3}"
        clinic.mkdir(parents=True, exist_ok=True)
        proc = run("phantom", "--out", clinic / f"patient{i:02d}", "--spec", spec, "--seed", str(i + 1))
        assert proc.returncode == 0, describe(proc)
    # A truncated export and random bytes named .dcm: each refuses its scan.
    good = root / "clinic0" / "patient00"
    truncated = root / "clinic1" / "truncated"
    truncated.mkdir()
    for f in sorted(good.glob("IM*.dcm"))[:10]:
        (truncated / f.name).write_bytes(f.read_bytes())
    last = sorted(truncated.glob("IM*.dcm"))[-1]
    last.write_bytes(last.read_bytes()[:-4000])
    garbage = root / "clinic2" / "garbage"
    garbage.mkdir()
    (garbage / "IM001.dcm").write_bytes(os.urandom(5000))
    return root


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_finishes_good_scans_reports_broken_and_resumes_without_work(archive, tmp_path):
    out = tmp_path / "results.jsonl"
    first = run("batch", archive, "--out", out, "--jobs", "2")
    assert first.returncode == 1, describe(first)
    got = records(out)
    assert len(got) == GOOD + 2
    ok = [r for r in got if r["status"] == "ok"]
    failed = {r["scan"]: r["error"] for r in got if r["status"] == "failed"}
    assert len(ok) == GOOD
    assert set(failed) == {"clinic1/truncated", "clinic2/garbage"}
    assert "truncated/IM010.dcm: pixel data cannot be decoded (truncated" in failed["clinic1/truncated"]
    assert "garbage/IM001.dcm" in failed["clinic2/garbage"]
    assert all(len(r["measurements"]["implants"]) == 1 for r in ok)
    summary = first.stdout.splitlines()
    assert summary[0].startswith(f"{GOOD} scans analysed, 2 failed, 0 already in")
    assert sorted(summary[1:]) == sorted(f"failed: {s}: {e}" for s, e in failed.items())
    # Not a terminal: one plain progress line per scan on stderr.
    assert len([l for l in first.stderr.splitlines() if l.split(" ")[0].endswith("/20")]) == GOOD + 2

    before = out.read_bytes()
    second = run("batch", archive, "--out", out, "--resume")
    assert second.returncode == 0, describe(second)
    assert second.stdout.startswith(f"0 scans analysed, 0 failed, {GOOD + 2} already in")
    assert second.stderr == ""
    assert out.read_bytes() == before

    refused = run("batch", archive, "--out", out)
    assert refused.returncode != 0 and "--resume" in refused.stderr and str(out) in refused.stderr


def test_batch_record_equals_analyze_json(archive, tmp_path):
    out = tmp_path / "one.jsonl"
    scan = archive / "clinic0" / "patient03"
    proc = run("batch", scan, "--out", out)
    assert proc.returncode == 0, describe(proc)
    [record] = records(out)
    assert record["scan"] == "."
    analyzed = run("analyze", scan, "--json", "--content-hash")
    assert analyzed.returncode == 0, describe(analyzed)
    assert record["measurements"] == json.loads(analyzed.stdout)
    # The content hash is the scan's identity for `records import`; plain `analyze --json` leaves it out.
    assert len(record["measurements"]["scan"]["contentHash"]) == 16
    plain = run("analyze", scan, "--json")
    assert "contentHash" not in json.loads(plain.stdout)["scan"]


def test_batch_with_a_calibration_equals_analyze_with_it(archive, tmp_path):
    """A relative calibration path reaches every scan's process; a bad file is refused before any scan is read."""
    calibration = {"schemaVersion": 1, "insertHU": 800, "waterGray": 0, "insertGray": 800, "bloomingScale": 1.3,
                   "bloomingScaleSE": 0.01, "residualGray": 2, "voxelMm": 0.3, "source": "calibration scan"}
    (tmp_path / "device.json").write_text(json.dumps(calibration))
    scan = archive / "clinic0" / "patient03"
    proc = run("batch", scan, "--out", "one.jsonl", "--calibration", "device.json", cwd=tmp_path)
    assert proc.returncode == 0, describe(proc)
    [record] = records(tmp_path / "one.jsonl")
    analyzed = run("analyze", scan, "--json", "--content-hash", "--calibration", tmp_path / "device.json")
    assert analyzed.returncode == 0, describe(analyzed)
    assert record["measurements"] == json.loads(analyzed.stdout)
    assert record["measurements"]["scan"]["deviceCalibration"] == calibration
    (tmp_path / "bad.json").write_text(json.dumps({**calibration, "insertGray": -5}))
    refused = run("batch", scan, "--out", "two.jsonl", "--calibration", "bad.json", cwd=tmp_path)
    assert refused.returncode == 1 and refused.stderr.strip() == "Error: bad.json: insertGray must be above waterGray", describe(refused)
    assert not (tmp_path / "two.jsonl").exists()


def test_shards_split_the_archive(archive, tmp_path):
    shards = []
    for i in range(3):
        out = tmp_path / f"shard{i}.jsonl"
        proc = run("batch", archive, "--out", out, "--shard", f"{i}/3", "--jobs", "2")
        assert proc.returncode in (0, 1), describe(proc)
        shards.append({r["scan"] for r in records(out)})
    assert sum(len(s) for s in shards) == GOOD + 2
    assert set().union(*shards) == {str(p.parent.relative_to(archive)) for p in archive.rglob("IM001.dcm")}


def processes_naming(text: str) -> list[str]:
    """The command lines of running processes that mention `text`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        if any(text.encode() in a for a in args):
            found.append(" ".join(a.decode(errors="replace") for a in args))
    return found


def test_ctrl_c_stops_the_running_analyses_and_resume_finishes(archive, tmp_path):
    out = tmp_path / "interrupted.jsonl"
    batch = subprocess.Popen([BIN, "batch", archive, "--out", out, "--jobs", "1"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "LC_ALL": "C"})
    deadline = time.monotonic() + 300
    while not (out.exists() and out.read_text().count("\n") >= 1) and time.monotonic() < deadline:
        time.sleep(0.005)
    batch.send_signal(signal.SIGINT)  # what the terminal sends the foreground process on Ctrl-C
    stdout, stderr = batch.communicate(timeout=120)
    assert batch.returncode == 128 + signal.SIGINT, stderr
    # The analyses run in their own process groups, out of the terminal's reach: the batch stopped them.
    assert processes_naming(str(archive)) == []
    done = records(out)  # every line whole
    assert 1 <= len(done) < GOOD + 2
    left = GOOD + 2 - len(done)
    assert stdout.splitlines()[-1] == f"interrupted (SIGINT): {left} scans not analysed; --resume continues with them"

    broken_left = 2 - sum(r["status"] == "failed" for r in done)
    resumed = run("batch", archive, "--out", out, "--resume", "--jobs", "2")
    assert resumed.returncode == (1 if broken_left else 0), describe(resumed)
    assert resumed.stdout.startswith(f"{left - broken_left} scans analysed, {broken_left} failed, {len(done)} already in")
    scans = [r["scan"] for r in records(out)]
    assert len(scans) == len(set(scans)) == GOOD + 2
