import Dispatch
import Foundation
import VolumeCore

/// Loads a folder of grayscale PNG slices into a HU volume.
///
/// Slices are taken in natural file-name order (`s2.png` before `s10.png`); slice 0 sits at the
/// origin and z grows along the direction's third column. Geometry and calibration come from the
/// folder's `geometry.json` (`GeometrySidecar`), with `LoadOptions.spacing` overriding its spacing.
/// See `docs/png-stack.md`.
public enum PNGStackLoader {
    /// The `SeriesSummary.uid` of a PNG stack.
    public static let seriesUID = "png-stack"

    /// Loads the PNG files `files` (paths inside `folder`, in any order: they are sorted naturally).
    public static func load(folder: String, files: [String],
                            options: LoadOptions) throws(ScanLoadError) -> LoadedScan {
        guard !files.isEmpty else { throw .noImages(path: folder, ignored: 0) }
        // All paths share the folder's prefix, so natural order of the paths is that of the file names.
        let slices = NaturalOrder.sorted(files)
        let (sidecar, notes) = try geometry(folder: folder, options: options)
        let header = try commonHeader(of: slices, folder: folder, maxVoxels: options.maxVoxels)

        let size = SIMD3(header.width, header.height, slices.count)
        var volume = Volume<Int16>(size: size, geometry: sidecar.geometry(spacingOverride: options.spacing),
                                   repeating: 0)
        let clamped = try volume.withUnsafeMutableBufferPointer { (voxels) throws(ScanLoadError) in
            try decode(slices, into: voxels, pixelsPerSlice: header.pixelCount,
                       slope: sidecar.rescaleSlope, intercept: sidecar.rescaleIntercept, threads: options.threads)
        }

        let series = SeriesSummary(uid: seriesUID, files: slices.count, slices: slices.count, rows: header.height,
                                   columns: header.width, status: .chosen)
        let info = ScanInfo(source: folder, format: .png, series: [series], clampedVoxels: clamped, notes: notes)
        return LoadedScan(volume: volume, info: info)
    }

    /// The sidecar (or a default one around `--spacing`) and the notes telling where the geometry came from.
    private static func geometry(folder: String,
                                 options: LoadOptions) throws(ScanLoadError) -> (GeometrySidecar, [String]) {
        if let spacing = options.spacing, GeometrySidecar(spacingMm: spacing).validationFailure != nil {
            throw .invalidSidecar(path: folder, reason: "--spacing must be three positive numbers, "
                + "found \(spacing.x),\(spacing.y),\(spacing.z)")
        }
        let path = (folder as NSString).appendingPathComponent(GeometrySidecar.fileName)
        var notes: [String] = []
        let sidecar: GeometrySidecar
        if FileManager.default.fileExists(atPath: path) {
            sidecar = try GeometrySidecar.load(path: path)
            if options.spacing != nil { notes.append("spacing from --spacing overrides \(GeometrySidecar.fileName)") }
        } else if let spacing = options.spacing {
            sidecar = GeometrySidecar(spacingMm: spacing)
            notes.append("no \(GeometrySidecar.fileName): spacing from --spacing, origin 0, identity direction, "
                + "stored values taken as they are")
        } else {
            throw .missingGeometry(path: folder)
        }
        notes.append("units: \(sidecar.units ?? "uncalibrated")")
        return (sidecar, notes)
    }

    /// Reads every slice's header; all must be grayscale of the first slice's size and bit depth, and
    /// the volume must fit `maxVoxels`. Runs before any pixel buffer is allocated.
    private static func commonHeader(of slices: [String], folder: String,
                                     maxVoxels: Int) throws(ScanLoadError) -> PNGHeader {
        var first: (path: String, header: PNGHeader)?
        for path in slices {
            let header = try PNGFile.readHeader(path: path)
            if let reason = header.unsupportedReason {
                throw .unsupportedPixels(path: path, reason: reason)
            }
            guard let (firstPath, firstHeader) = first else {
                first = (path, header)
                continue
            }
            if header.width != firstHeader.width || header.height != firstHeader.height {
                throw .mixedSizes(
                    first: firstPath, second: path,
                    detail: "\(firstHeader.width) × \(firstHeader.height) vs \(header.width) × \(header.height) pixels")
            }
            if header.bitDepth != firstHeader.bitDepth {
                throw .mixedSizes(
                    first: firstPath, second: path, detail: "\(firstHeader.bitDepth)-bit vs \(header.bitDepth)-bit")
            }
        }
        guard let (_, header) = first else { throw .noImages(path: folder, ignored: 0) }
        let (plane, planeOverflow) = header.width.multipliedReportingOverflow(by: header.height)
        let (voxels, overflow) = plane.multipliedReportingOverflow(by: slices.count)
        if planeOverflow || overflow || voxels > maxVoxels {
            throw .tooLarge(path: folder, voxels: planeOverflow || overflow ? Int.max : voxels, limit: maxVoxels)
        }
        return header
    }

    /// Decodes slice z into z-plane z of `voxels` (as UInt16, the same size as Int16) and rescales it in
    /// place, slices in parallel. Returns the number of clamped voxels; throws the first failing slice's
    /// error in slice order.
    private static func decode(_ slices: [String], into voxels: UnsafeMutableBufferPointer<Int16>,
                               pixelsPerSlice: Int, slope: Double, intercept: Double,
                               threads: Int?) throws(ScanLoadError) -> Int {
        let failures = UnsafeMutableBufferPointer<ScanLoadError?>.allocate(capacity: slices.count)
        failures.initialize(repeating: nil)
        let clampedCounts = UnsafeMutableBufferPointer<Int>.allocate(capacity: slices.count)
        clampedCounts.initialize(repeating: 0)
        defer {
            failures.deinitialize()
            failures.deallocate()
            clampedCounts.deallocate()
        }
        let shared = UnsafeSendable((voxels: voxels, failures: failures, clamped: clampedCounts))
        ParallelLoop.run(iterations: slices.count, threads: threads) { z in
            let planeRange = (z * pixelsPerSlice)..<((z + 1) * pixelsPerSlice)
            let plane = UnsafeMutableBufferPointer(rebasing: shared.value.voxels[planeRange])
            do throws(ScanLoadError) {
                try plane.withMemoryRebound(to: UInt16.self) { (stored) throws(ScanLoadError) in
                    try PNGFile.read(path: slices[z], into: stored)
                }
                shared.value.clamped[z] = rescale(plane, slope: slope, intercept: intercept)
            } catch {
                shared.value.failures[z] = error
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        return clampedCounts.reduce(0, +)
    }

    /// Replaces stored values (the plane's bits read as UInt16) by round(stored × slope + intercept),
    /// rounding half away from zero and clamping to Int16. Returns the number of clamped voxels.
    private static func rescale(_ plane: UnsafeMutableBufferPointer<Int16>, slope: Double, intercept: Double) -> Int {
        if slope == 1, intercept == 0 {
            var clamped = 0
            for i in plane.indices where plane[i] < 0 {
                plane[i] = .max
                clamped += 1
            }
            return clamped
        }
        let low = Double(Int16.min), high = Double(Int16.max)
        var clamped = 0
        for i in plane.indices {
            let value = (Double(UInt16(bitPattern: plane[i])) * slope + intercept).rounded()
            if value < low {
                plane[i] = .min
                clamped += 1
            } else if value > high {
                plane[i] = .max
                clamped += 1
            } else {
                plane[i] = Int16(value)
            }
        }
        return clamped
    }
}
