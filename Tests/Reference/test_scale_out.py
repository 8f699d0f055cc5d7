"""Scale-out end to end on the real binary: `workflows/Snakefile` over 6 phantoms in 3 shards, the Slurm
array script, the Kubernetes Indexed Job's command and the Dockerfile.

Checks the issue's "done" cases: the workflow's records equal one `batch` run imported the same way
(same scans, same measurements: the case stores' exports match); a second workflow run does no work; a
shard killed half-way (its process killed, a record cut in the middle) and run again completes without
duplicates; `bash -n` passes on the Slurm script and, run with SLURM_ARRAY_TASK_ID, it writes the same
shards; the manifest is an Indexed Job whose command, run with JOB_COMPLETION_INDEX, writes them too;
the Dockerfile installs exactly scripts/debian-packages.txt and builds the release binary. And the
import's own promises: a scan attached by `analyze --case` is skipped (the batch record carries the same
content hash), a cut line refuses its file with nothing written, and an import killed inside its
transaction leaves the store as it was.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import BIN as GIVEN_BIN, describe

BIN = str(Path(GIVEN_BIN).resolve())  # the workflow's jobs run in their own working folder

REPO = Path(__file__).resolve().parents[2]
SNAKEFILE = REPO / "workflows" / "Snakefile"
SPEC = {"volume": {"voxelMm": 0.4, "fieldOfViewMm": [20, 20, 20]}, "implants": [{"archAngleDeg": 30}]}
# Six scans whose paths fall two to a shard of three (FNV-1a of the relative path, mod 3).
SCANS = [f"site-{i % 2}/scan{i:02d}" for i in range(6)]
SHARDS = 3


def fnv1a64(text: str) -> int:
    h = 0xCBF29CE484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def run(*args, cwd: Path | None = None, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, "LC_ALL": "C", **(env or {})})


def cli(*args, **kw) -> subprocess.CompletedProcess:
    return run(BIN, *args, **kw)


def snakemake(workdir: Path, archive: Path, cases: Path, db: Path) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "snakemake", "-s", SNAKEFILE, "--directory", workdir, "--cores", "2",
               "--config", f"root={archive}", f"cases={cases}", f"db={db}", f"shards={SHARDS}", f"implantscan={BIN}",
               "jobs=1")


def lines(path: Path) -> list[dict]:
    return [json.loads(l) for l in path.read_text().splitlines()]


def export(db: Path) -> dict:
    """The store's JSON export without the row ids, which follow the order of the imports."""
    proc = cli("case", "export", "--format", "json", "--db", db)
    assert proc.returncode == 0, describe(proc)
    doc = json.loads(proc.stdout)

    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k not in ("scanID", "baselineScanID", "latestScanID")}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    for case in doc["cases"]:
        for scan in case["scans"]:
            del scan["id"]
    return strip(doc)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, implantscan) -> tuple[Path, Path]:
    """Six phantoms and the case map putting each in its own case at site 36."""
    base = tmp_path_factory.mktemp("scale")
    root = base / "archive"
    spec = base / "spec.json"
    spec.write_text(json.dumps(SPEC))
    for i, scan in enumerate(SCANS):
        (root / scan).parent.mkdir(parents=True, exist_ok=True)
        proc = cli("phantom", "--out", root / scan, "--spec", spec, "--seed", str(i + 1))
        assert proc.returncode == 0, describe(proc)
    assert sorted(fnv1a64(s) % SHARDS for s in SCANS) == [0, 0, 1, 1, 2, 2]
    cases = base / "cases.csv"
    cases.write_text("scan,case,site\n" + "".join(f"{s},P{i:02d},36\n" for i, s in enumerate(SCANS)))
    return root, cases


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory) -> dict:
    """One `batch` over the whole archive, imported into a fresh store: the records to match."""
    root, cases = archive
    work = tmp_path_factory.mktemp("one-batch")
    results, db = work / "results.jsonl", work / "cases.sqlite"
    proc = cli("batch", root, "--out", results, "--jobs", "2")
    assert proc.returncode == 0, describe(proc)
    imported = cli("records", "import", results, "--cases", cases, "--db", db)
    assert imported.returncode == 0, describe(imported)
    assert imported.stdout.splitlines()[-1].startswith("total: 6 added, 0 skipped, 0 refused, 0 failed in batch")
    return {"results": results, "db": db, "export": export(db), "records": {r["scan"]: r for r in lines(results)}}


@pytest.fixture(scope="module")
def workflow(archive, reference, tmp_path_factory) -> dict:
    root, cases = archive
    work = tmp_path_factory.mktemp("workflow")
    db = work / "cases.sqlite"
    started = time.monotonic()
    proc = snakemake(work, root, cases, db)
    seconds = time.monotonic() - started
    assert proc.returncode == 0, describe(proc)
    return {"work": work, "db": db, "seconds": seconds, "log": proc.stdout + proc.stderr}


def test_workflow_records_equal_one_batch_imported_the_same_way(archive, reference, workflow):
    work = workflow["work"]
    shards = [work / "results" / f"shard-{i}-of-{SHARDS}.jsonl" for i in range(SHARDS)]
    by_shard = [[r["scan"] for r in lines(p)] for p in shards]
    # Each shard holds its own two scans; together, every scan once.
    assert [sorted(s) for s in by_shard] == [sorted(x for x in SCANS if fnv1a64(x) % SHARDS == i) for i in range(SHARDS)]
    assert not list((work / "results").glob("*.partial"))
    for p in shards:
        for r in lines(p):
            want = reference["records"][r["scan"]]
            assert r["status"] == "ok" and r["measurements"] == want["measurements"]
            assert len(r["measurements"]["scan"]["contentHash"]) == 16
    report = (work / "results" / f"import-of-{SHARDS}.txt").read_text().splitlines()
    assert report[-1] == "total: 6 added, 0 skipped, 0 refused, 0 failed in batch; 3 files imported, 0 refused"

    got = export(workflow["db"])
    assert got == reference["export"]
    assert [c["case"]["id"] for c in got["cases"]] == [f"P{i:02d}" for i in range(6)]
    hashes = {c["scans"][0]["contentHash"] for c in got["cases"]}
    assert len(hashes) == 6 and all(len(c["scans"]) == 1 for c in got["cases"])


def test_second_workflow_run_does_no_work(archive, workflow):
    root, cases = archive
    work, db = workflow["work"], workflow["db"]
    exported = export(db)
    outputs = sorted((work / "results").iterdir()) + [db]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in outputs}
    proc = snakemake(work, root, cases, db)
    assert proc.returncode == 0, describe(proc)
    assert "Nothing to be done" in proc.stdout + proc.stderr
    assert "rule shard" not in proc.stdout + proc.stderr
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in outputs} == before
    assert export(db) == exported
    # Importing the same results again by hand adds nothing either.
    again = cli("records", "import", *sorted((work / "results").glob("shard-*.jsonl")), "--cases", cases, "--db", db)
    assert again.returncode == 0, describe(again)
    assert again.stdout.splitlines()[-1].startswith("total: 0 added, 6 skipped, 0 refused")
    assert export(db) == exported


def test_killed_shard_resumes_without_duplicates(archive, reference, tmp_path):
    root, cases = archive
    results = tmp_path / "results"
    results.mkdir()
    partial = results / f"shard-1-of-{SHARDS}.jsonl.partial"
    mine = sorted(s for s in SCANS if fnv1a64(s) % SHARDS == 1)
    # Shard 1's batch, killed (SIGKILL) as soon as its first scan is recorded...
    batch = subprocess.Popen([BIN, "batch", root, "--shard", f"1/{SHARDS}", "--out", partial, "--jobs", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not partial.exists() or partial.read_bytes().count(b"\n") < 1):
        time.sleep(0.005)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    done = lines(partial)
    assert len(done) == 1 and done[0]["scan"] in mine
    # ...and, as a kill in the middle of a write would leave it, half of its second record.
    second = json.dumps(reference["records"][next(s for s in mine if s != done[0]["scan"])])
    with partial.open("a") as f:
        f.write(second[: len(second) // 2])

    db = tmp_path / "cases.sqlite"
    proc = snakemake(tmp_path, root, cases, db)
    assert proc.returncode == 0, describe(proc)
    log = proc.stdout + proc.stderr
    assert f"1 scan analysed, 0 failed, 1 already in results/shard-1-of-{SHARDS}.jsonl.partial (shard 1/{SHARDS})" in log
    shard = results / f"shard-1-of-{SHARDS}.jsonl"
    got = lines(shard)  # every line whole JSON
    assert sorted(r["scan"] for r in got) == mine
    assert not partial.exists()
    assert export(db) == reference["export"]


def test_import_skips_scans_attached_by_analyze_case(archive, reference, tmp_path):
    root, cases = archive
    db = tmp_path / "cases.sqlite"
    assert cli("case", "create", "K-1", "--site", "36", "--db", db).returncode == 0
    attached = cli("analyze", root / SCANS[0], "--case", "K-1", "--db", db)
    assert attached.returncode == 0, describe(attached)
    proc = cli("records", "import", reference["results"], "--cases", cases, "--db", db)
    assert proc.returncode == 0, describe(proc)
    assert proc.stdout.splitlines()[-1].startswith("total: 5 added, 1 skipped, 0 refused")
    ids = [c["case"]["id"] for c in export(db)["cases"]]
    assert ids == ["K-1"] + [f"P{i:02d}" for i in range(1, 6)]


def test_import_refuses_a_file_with_a_cut_line_and_writes_nothing(archive, reference, tmp_path):
    root, cases = archive
    text = reference["results"].read_text().splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(text[:3]) + text[3][:40] + "\n" + "".join(text[4:]))
    db = tmp_path / "cases.sqlite"
    proc = cli("records", "import", broken, "--cases", cases, "--db", db)
    assert proc.returncode == 1, describe(proc)
    assert f"refused file: {broken}:4: not a batch record (not JSON: cut off or corrupted); nothing imported from it" in proc.stdout
    listed = cli("case", "list", "--db", db)
    assert listed.returncode == 0 and listed.stdout.strip() == "no cases", describe(listed)


def shard_sets(results: Path) -> list[list[str]]:
    return [sorted(r["scan"] for r in lines(results / f"shard-{i}-of-{SHARDS}.jsonl")) for i in range(SHARDS)]


def test_slurm_array_script_runs_the_same_shards(archive, workflow, tmp_path):
    root, _ = archive
    script = REPO / "deploy" / "slurm-array.sh"
    syntax = run("bash", "-n", script)
    assert syntax.returncode == 0, describe(syntax)
    results = tmp_path / "results"
    for i in range(SHARDS):
        proc = run("bash", script, env={"SLURM_ARRAY_TASK_ID": str(i), "SLURM_ARRAY_TASK_COUNT": str(SHARDS),
                                        "SLURM_ARRAY_TASK_MIN": "0", "ARCHIVE": str(root), "RESULTS": str(results),
                                        "IMPLANTSCAN": BIN, "SLURM_CPUS_PER_TASK": "1"})
        assert proc.returncode == 0, describe(proc)
    assert shard_sets(results) == shard_sets(workflow["work"] / "results")
    rerun = run("bash", script, env={"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": str(SHARDS),
                                     "ARCHIVE": str(root), "RESULTS": str(results), "IMPLANTSCAN": BIN})
    assert rerun.returncode == 0 and "already complete" in rerun.stdout, describe(rerun)


def test_indexed_job_manifest_runs_the_same_shards(archive, workflow, tmp_path):
    root, _ = archive
    job = yaml.safe_load((REPO / "deploy" / "kubernetes" / "indexed-job.yaml").read_text())
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    assert isinstance(spec["completions"], int) and spec["completions"] >= 1
    assert isinstance(spec["parallelism"], int) and 1 <= spec["parallelism"] <= spec["completions"]
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    [container] = pod["containers"]
    assert container["image"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["SHARDS"] == str(spec["completions"])
    command = container["command"] + container["args"]
    assert "JOB_COMPLETION_INDEX" in " ".join(command)
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"] for v in pod["volumes"]}
    assert {env["ARCHIVE"], env["RESULTS"]} <= set(mounts) and set(mounts.values()) <= volumes

    # The container's command, run here as pod I of 3 (the image's PATH holds implantscan-shard).
    results = tmp_path / "results"
    for i in range(SHARDS):
        proc = run(*command, env={**env, "SHARDS": str(SHARDS), "ARCHIVE": str(root), "RESULTS": str(results),
                                  "JOBS": "1", "JOB_COMPLETION_INDEX": str(i), "IMPLANTSCAN": BIN,
                                  "PATH": f"{REPO / 'deploy'}:{os.environ['PATH']}"})
        assert proc.returncode == 0, describe(proc)
    assert shard_sets(results) == shard_sets(workflow["work"] / "results")


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(instruction, arguments) with continuation lines joined and comments dropped."""
    out, current = [], ""
    for line in (REPO / "deploy" / "Dockerfile").read_text().splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip("\\").strip() + " " if line.endswith("\\") else line.strip()
        if not line.endswith("\\"):
            word, _, rest = current.partition(" ")
            out.append((word.upper(), rest.strip()))
            current = ""
    return out


def test_dockerfile_builds_the_release_binary_with_the_ci_packages():
    listed = [l.strip() for l in (REPO / "scripts" / "debian-packages.txt").read_text().splitlines()
              if l.strip() and not l.startswith("#")]
    steps = dockerfile_instructions()
    stages = [i for i, (w, _) in enumerate(steps) if w == "FROM"]
    build = steps[stages[0]:stages[1]]
    assert build[0][1] == "${SWIFT_IMAGE} AS build"
    assert ("ARG", "SWIFT_IMAGE=swift:6.3-bookworm") in steps[:stages[0]]  # Debian 12, as CI
    installs = [a for w, a in build if w == "RUN" and "apt-get install" in a]
    assert len(installs) == 1
    install = installs[0].split("apt-get install", 1)[1].split("&&")[0]
    # The packages are the list itself, read with the expression .ci/run uses, and nothing else.
    expression = "$(grep -v '^#' scripts/debian-packages.txt)"
    assert expression in install and expression in (REPO / ".ci" / "run").read_text()
    others = [w for w in shlex.split(install.replace(expression, "").replace(">/dev/null", "")) if not w.startswith("-")]
    assert others == []
    assert ("COPY", "scripts/debian-packages.txt scripts/debian-packages.txt") in build
    evaluated = run("bash", "-c", f"echo {expression}", cwd=REPO)
    assert evaluated.stdout.split() == listed
    assert any(w == "RUN" and a.startswith("swift build -c release") for w, a in build)
    # The runtime stage's base is an argument too (deploy/build-image-podman.sh gives both), Debian 12 by default.
    assert ("ARG", "DEBIAN_IMAGE=debian:bookworm-slim") in steps[:stages[0]]
    assert steps[stages[1]] == ("FROM", "${DEBIAN_IMAGE} AS runtime")


def test_import_killed_inside_its_transaction_leaves_the_store_as_it_was(archive, reference, tmp_path):
    _, cases = archive
    db, marker = tmp_path / "cases.sqlite", tmp_path / "paused"
    # The test hook holds the first attach inside the file's transaction; the import is killed there.
    importer = subprocess.Popen([BIN, "records", "import", reference["results"], "--cases", cases, "--db", db],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "IMPLANTSCAN_TEST_ATTACH_PAUSE": str(marker)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not marker.exists():
        time.sleep(0.01)
    assert marker.exists()
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    listed = cli("case", "list", "--db", db)
    assert listed.returncode == 0 and listed.stdout.strip() == "no cases", describe(listed)
    again = cli("records", "import", reference["results"], "--cases", cases, "--db", db)
    assert again.returncode == 0, describe(again)
    assert again.stdout.splitlines()[-1].startswith("total: 6 added, 0 skipped, 0 refused")
    assert export(db) == reference["export"]
