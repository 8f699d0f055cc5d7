#!/usr/bin/env python3
"""The steps of `implantscan analyze` done with SimpleITK, for the side-by-side timing in
`compare-simpleitk`: read the DICOM series, threshold the metal, connected components (26-connected),
shape statistics (volume, elongation, principal axis), and per implant a signed distance map from the
metal in a region of interest around it with the density statistics of the 1–2 mm and 2–3 mm shells.

It does less than ImplantScan (no bone-level profile, walls or defect class, and the metal threshold is
given instead of found), so the ratio it yields understates ImplantScan's lead.

    simpleitk_pipeline.py SCAN_FOLDER METAL_THRESHOLD  → one JSON line: implants with volume, elongation,
                                                          axis and shell means
"""
import json
import sys

import SimpleITK as sitk

IMPLANT_VOLUME_MM3 = (20.0, 1500.0)   # as ImplantAnalyzer.implantVolumeRangeMm3
MIN_ELONGATION = 1.8                  # as ImplantAnalyzer.minimumElongation
ROI_MARGIN_MM = 8.0
SHELLS_MM = [(1.0, 2.0), (2.0, 3.0)]


def main(folder: str, threshold: float) -> None:
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(sitk.ImageSeriesReader.GetGDCMSeriesFileNames(folder))
    image = reader.Execute()

    metal = sitk.BinaryThreshold(image, lowerThreshold=threshold, upperThreshold=32767, insideValue=1, outsideValue=0)
    labels = sitk.ConnectedComponent(metal, True)
    shape = sitk.LabelShapeStatisticsImageFilter()
    shape.ComputeOrientedBoundingBoxOff()
    shape.Execute(labels)

    implants = []
    for label in shape.GetLabels():
        volume = shape.GetPhysicalSize(label)
        elongation = shape.GetElongation(label)
        if not (IMPLANT_VOLUME_MM3[0] <= volume <= IMPLANT_VOLUME_MM3[1]) or elongation < MIN_ELONGATION:
            continue
        # Region of interest: the component's bounding box plus a margin.
        x, y, z, sx, sy, sz = shape.GetBoundingBox(label)
        margin = [int(round(ROI_MARGIN_MM / s)) for s in image.GetSpacing()]
        lo = [max(0, v - m) for v, m in zip((x, y, z), margin)]
        hi = [min(n, v + s + m) for v, s, m, n in zip((x, y, z), (sx, sy, sz), margin, image.GetSize())]
        size = [h - l for l, h in zip(lo, hi)]
        roi = sitk.RegionOfInterest(image, size, lo)
        mask = sitk.RegionOfInterest(labels, size, lo) == label
        distance = sitk.SignedMaurerDistanceMap(mask, insideIsPositive=False, squaredDistance=False, useImageSpacing=True)
        shells = sitk.Image(roi.GetSize(), sitk.sitkUInt8)
        shells.CopyInformation(roi)
        for k, (inner, outer) in enumerate(SHELLS_MM, start=1):
            shells = shells + sitk.Cast((distance > inner) & (distance <= outer), sitk.sitkUInt8) * k
        stats = sitk.LabelStatisticsImageFilter()
        stats.UseHistogramsOn()
        stats.Execute(roi, shells)
        implants.append({
            "volumeMm3": volume,
            "elongation": elongation,
            "axis": shape.GetPrincipalAxes(label)[6:9],
            "centroidMm": shape.GetCentroid(label),
            "shellMeans": [stats.GetMean(k) for k in range(1, len(SHELLS_MM) + 1)],
            "shellMedians": [stats.GetMedian(k) for k in range(1, len(SHELLS_MM) + 1)],
        })
    implants.sort(key=lambda i: i["centroidMm"][0])
    print(json.dumps({"size": image.GetSize(), "implants": implants}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
