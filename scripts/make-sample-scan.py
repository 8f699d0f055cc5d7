#!/usr/bin/env python3
"""Writes SampleScans/mini-cbct: a small synthetic CBCT-like DICOM series for the quick start.

48 axial slices of 96×80 voxels at 0.25 mm: soft tissue, a block of bone with a cortical shell, and
a titanium-bright cylinder (an implant stand-in), stored as unsigned 16-bit with RescaleIntercept
-1000 the way many CBCT exports do. File names and InstanceNumbers are shuffled so the loader
must sort by ImagePositionPatient. Deterministic: the same files every run.
"""
import random
from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, CTImageStorage

OUT = Path(__file__).resolve().parent.parent / "SampleScans" / "mini-cbct"
NX, NY, NZ, SPACING = 96, 80, 48, 0.25
ROOT = "1.2.826.0.1.3680043.10.1475."  # fixed UID prefix so the output is byte-identical each run

def volume_hu() -> np.ndarray:
    z, y, x = np.mgrid[0:NZ, 0:NY, 0:NX].astype(np.float64) * SPACING
    hu = np.full((NZ, NY, NX), -1000.0)                     # air
    hu[(y > 2) & (y < 18) & (x > 2) & (x < 22)] = 40.0       # soft tissue
    bone = (y > 4) & (y < 16) & (x > 4) & (x < 20) & (z < 9)
    hu[bone] = 700.0                                         # cancellous bone
    inner = (y > 5) & (y < 15) & (x > 5) & (x < 19) & (z < 8)
    hu[bone & ~inner] = 1500.0                               # cortical shell, 1 mm
    implant = ((x - 12) ** 2 + (y - 10) ** 2 < 1.8 ** 2) & (z > 1.5) & (z < 11.5)
    hu[implant] = 3000.0                                     # titanium
    rng = np.random.default_rng(7)
    return np.round(hu + rng.normal(0, 25, hu.shape))

def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.dcm"):
        old.unlink()
    stored = np.clip(volume_hu() + 1000, 0, 65535).astype(np.uint16)
    order = list(range(NZ))
    random.Random(11).shuffle(order)
    for k in range(NZ):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = f"{ROOT}3.{k + 1}"
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        meta.ImplementationClassUID = f"{ROOT}0"
        ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID = CTImageStorage
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = f"{ROOT}1"
        ds.SeriesInstanceUID = f"{ROOT}2"
        ds.FrameOfReferenceUID = f"{ROOT}4"
        ds.Modality = "CT"
        ds.SeriesDescription = "ImplantScan mini CBCT sample (synthetic)"
        ds.StudyDate = "20260105"
        ds.PatientName = "Sample^Synthetic"
        ds.PatientID = "SAMPLE-0001"
        ds.InstanceNumber = order[k] + 1
        ds.ImagePositionPatient = [-12.0, -10.0, round(-6.0 + k * SPACING, 4)]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [SPACING, SPACING]
        ds.SliceThickness = SPACING
        ds.Rows, ds.Columns = NY, NX
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
        ds.RescaleIntercept, ds.RescaleSlope = -1000, 1
        ds.PixelData = stored[k].tobytes()
        ds.save_as(OUT / f"IMG{order[k] * 7919 % 10007:05d}.dcm", enforce_file_format=True)

if __name__ == "__main__":
    main()
