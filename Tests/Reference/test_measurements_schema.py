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
