"""`implantscan analyze --out` writes a report for every SampleScan, and each report.html opens cleanly in
a real headless browser (Debian's chromium, driven over the DevTools protocol by headless.py): no console
error, no uncaught exception, no error the browser logs itself (a resource that failed to load), no
request for anything but the page itself and its data: URIs, every embedded PNG decodes, and the
screenshot is not blank; printed, it fits A4 with a page per implant. The figure files open on their own as
well-formed SVG. A canary page and a broken SVG prove the checks catch what they look for.

Screenshots are kept in pytest's tmp folder and, when IMPLANTSCAN_SCREENSHOTS names a folder, copied there.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import describe, run_cli
from headless import Browser, find_chromium

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "SampleScans").iterdir() if (p / "truth.json").is_file())
WIDTH, HEIGHT = 1200, 900
PRINT_WIDTH = 703

# What the page itself reports once painted: figures, their size, and whether every embedded PNG decodes.
PROBE = """
(async () => {
  const svgs = [...document.querySelectorAll('svg')];
  const hrefs = [...document.querySelectorAll('svg image')].map(i => i.getAttribute('href'));
  const decoded = await Promise.all(hrefs.map(h => { const im = new Image(); im.src = h;
    return im.decode().then(() => [im.naturalWidth, im.naturalHeight], () => null); }));
  return { svgCount: svgs.length,
           svgWidths: svgs.map(s => s.getBoundingClientRect().width),
           images: decoded,
           title: document.title,
           ids: [...document.querySelectorAll('[id]')].map(e => e.id),
           textLength: document.body.innerText.length };
})()
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    binary = find_chromium()
    if binary is None:
        pytest.fail("chromium not found (scripts/debian-packages.txt installs it; or set CHROMIUM_BIN)", pytrace=False)
    b = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def blankness(png: bytes) -> tuple[float, int]:
    """(share of the most common gray, number of distinct grays) of a screenshot."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    total = image.width * image.height
    return max(histogram) / total, sum(1 for n in histogram if n > 0)


def keep(screenshot: bytes, tmp: Path, name: str) -> Path:
    path = tmp / f"{name}.png"
    path.write_bytes(screenshot)
    target = os.environ.get("IMPLANTSCAN_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_report_opens_cleanly_in_chromium(sample: Path, implantscan: str, browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli(implantscan, "analyze", sample, "--out", out)
    assert proc.returncode == 0, describe(proc)
    implants = len(json.loads((out / "measurements.json").read_text())["implants"])
    expected = {"measurements.json", "recommendations.json", "report.html"} | {
        f"implant-{n}-{kind}.svg" for n in range(1, implants + 1) for kind in ("sections", "bonemap", "axial")}
    assert {p.name for p in out.iterdir()} == expected  # and no temporary file left behind

    page = browser.open((out / "report.html").as_uri(), WIDTH, HEIGHT, probe_js=PROBE)
    shot = keep(page.screenshot, tmp_path, sample.name)
    assert page.problems() == [], f"{sample.name}: {page.problems()} (screenshot {shot})"
    assert page.console_warnings == [], page.console_warnings
    assert [u for u in page.requests if u != page.url and not u.startswith("data:")] == [], page.requests

    probe = page.probe
    assert probe["svgCount"] == 3 * implants
    assert all(w > 300 for w in probe["svgWidths"]), probe["svgWidths"]
    # Sections (two), bone map and axial slice: four PNGs per implant, each decoded to a real size.
    assert len(probe["images"]) == 4 * implants and all(i and i[0] > 10 and i[1] > 10 for i in probe["images"]), probe["images"]
    assert probe["title"].startswith("ImplantScan report") and probe["textLength"] > 500
    assert len(set(probe["ids"])) == len(probe["ids"]), "an id is used twice in the page"

    image = Image.open(io.BytesIO(page.screenshot))
    assert image.width == WIDTH and image.height >= HEIGHT
    top_share, grays = blankness(page.screenshot)
    # A blank (or nearly blank) page is one gray; this one is mostly white paper with text and scans.
    assert top_share < 0.97 and grays >= 64, f"looks blank: {top_share:.3f} one gray, {grays} grays ({shot})"

    # Printed: A4 (its content 186 mm ≈ 703 CSS px wide) with the scan on the first page and each implant
    # starting a page of its own, figures scaled to the page rather than cut off.
    pdf, layout = browser.printed((out / "report.html").as_uri(), PRINT_WIDTH)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    (tmp_path / f"{sample.name}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and pages >= 1 + implants, pages
    assert layout["scrollWidth"] <= PRINT_WIDTH and layout["widestFigure"] <= PRINT_WIDTH, layout


# A figure file on its own: parsed as XML (strict, unlike the HTML page), its root the SVG element.
SVG_PROBE = """
(() => ({ root: document.documentElement.localName,
          namespace: document.documentElement.namespaceURI,
          parseErrors: document.getElementsByTagName('parsererror').length,
          images: document.getElementsByTagName('image').length,
          texts: document.getElementsByTagName('text').length }))()
"""


@pytest.mark.parametrize("sample", [p for p in SAMPLES if p.name in ("two-implants-crown", "tilted")],
                         ids=lambda p: p.name)
def test_figure_files_open_on_their_own(sample: Path, implantscan: str, browser: Browser, tmp_path: Path) -> None:
    proc = run_cli(implantscan, "analyze", sample, "--out", tmp_path)
    assert proc.returncode == 0, describe(proc)
    figures = sorted(tmp_path.glob("implant-*.svg"))
    assert figures
    for figure in figures:
        page = browser.open(figure.as_uri(), 900, 700, probe_js=SVG_PROBE)
        assert page.problems() == [] and page.console_warnings == [], (figure.name, page.problems())
        assert [u for u in page.requests if u != page.url and not u.startswith("data:")] == [], page.requests
        probe = page.probe
        assert probe["root"] == "svg" and probe["namespace"] == "http://www.w3.org/2000/svg", (figure.name, probe)
        assert probe["parseErrors"] == 0 and probe["texts"] > 5, (figure.name, probe)
        assert probe["images"] == (2 if figure.name.endswith("-sections.svg") else 1), (figure.name, probe)
        top_share, grays = blankness(page.screenshot)
        assert top_share < 0.97 and grays >= 32, (figure.name, top_share, grays)


CANARY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>canary</title></head><body>
<p>canary</p>
<img src="missing-file.png" alt="">
<img src="http://example.invalid/x.png" alt="">
<script>console.error("canary console error"); console.warn("canary warning");</script>
<script>throw new Error("canary exception");</script>
</body></html>"""


def test_the_checks_catch_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    page_path = tmp_path / "canary.html"
    page_path.write_text(CANARY)
    page = browser.open(page_path.as_uri(), 400, 300)
    assert any("canary console error" in m for m in page.console_errors), page
    assert any("canary warning" in m for m in page.console_warnings), page
    assert any("canary exception" in m for m in page.exceptions), page
    assert any("missing-file.png" in m for m in page.log_errors), page.log_errors
    assert "http://example.invalid/x.png" in page.requests, page.requests
    assert len(page.failed_loads) >= 2, page.failed_loads
    # An SVG file that is not well-formed XML (an unescaped "&") is caught by the figure probe.
    bad = tmp_path / "bad.svg"
    bad.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text x="1" y="10">a & b</text></svg>')
    probe = browser.open(bad.as_uri(), 300, 200, probe_js=SVG_PROBE).probe
    assert probe["root"] != "svg" and probe["parseErrors"] >= 1, probe
    # A blank page fails the blankness check.
    top_share, grays = blankness(page.screenshot)
    blank = Image.new("RGB", (400, 300), "white")
    buffer = io.BytesIO()
    blank.save(buffer, "PNG")
    assert blankness(buffer.getvalue()) == (1.0, 1)
