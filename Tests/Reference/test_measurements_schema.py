"""measurements.json written by `implantscan analyze` for every SampleScan, and every implant of every
truth.json, validate against docs/measurements.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import describe, run_cli

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "measurements.schema.json").read_text())
SAMPLES = sorted(p for p in (ROOT / "SampleScans").iterdir() if (p / "truth.json").is_file())


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_analyze_output_validates(sample: Path, implantscan: str, tmp_path: Path) -> None:
    proc = run_cli(implantscan, "analyze", sample, "--out", tmp_path)
    assert proc.returncode == 0, describe(proc)
    measurements = json.loads((tmp_path / "measurements.json").read_text())
    jsonschema.validate(measurements, SCHEMA)
    truth = json.loads((sample / "truth.json").read_text())
    assert len(measurements["implants"]) == len(truth["implants"]), sample.name


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_truth_implants_use_the_same_schema(sample: Path) -> None:
    truth = json.loads((sample / "truth.json").read_text())
    implant_schema = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": "#/$defs/implant"}
    for implant in truth["implants"]:
        jsonschema.validate(implant, implant_schema)


def test_a_calibrated_analysis_validates_and_carries_its_calibration(implantscan: str, tmp_path: Path) -> None:
    """The zirconia preset's scanner blooms 1.5 times the published figures: calibrated on its calibration scan, the
    file and the measurements it gives follow the schema, and the shells are marked as HU."""
    scan, calibration, out = tmp_path / "calibration-scan", tmp_path / "device.json", tmp_path / "out"
    proc = run_cli(implantscan, "phantom", "--preset", "zirconia", "--calibration-scan", "--seed", "5", "--out", scan)
    assert proc.returncode == 0, describe(proc)
    proc = run_cli(implantscan, "calibrate", scan, "--insert-hu", "800", "--out", calibration)
    assert proc.returncode == 0, describe(proc)
    device = json.loads(calibration.read_text())
    jsonschema.validate(device, {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": "#/$defs/deviceCalibration"})
    assert abs(device["bloomingScale"] - 1.5) <= 0.08, device
    assert abs(device["insertGray"] - 800) <= 5 and abs(device["waterGray"]) <= 5, device
    proc = run_cli(implantscan, "analyze", ROOT / "SampleScans" / "zirconia", "--calibration", calibration, "--out", out)
    assert proc.returncode == 0, describe(proc)
    measurements = json.loads((out / "measurements.json").read_text())
    jsonschema.validate(measurements, SCHEMA)
    assert measurements["scan"]["calibrated"] is True and measurements["scan"]["deviceCalibration"] == device
    assert all("uncalibrated" not in i["quality"]["flags"] for i in measurements["implants"])
