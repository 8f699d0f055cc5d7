import Dispatch
import VolumeCore

/// Assembles the chosen series of a folder into one HU volume, decoding files in parallel
/// straight into the volume buffer.
public enum DICOMSeriesLoader {
    /// Groups `headers` by SeriesInstanceUID, plans each series, and decodes the chosen one: the series
    /// `options.seriesUID` names, else the largest one that plans without a refusal.
    public static func load(source: String, headers: [DICOMHeader], ignored: [String],
                            options: LoadOptions) throws(ScanLoadError) -> LoadedScan {
        let groups = Dictionary(grouping: headers, by: \.seriesUID)
        let uids = groups.keys.sorted()
        var plans: [String: Result<SeriesPlan, ScanLoadError>] = [:]
        for uid in uids {
            do throws(ScanLoadError) {
                plans[uid] = .success(try SeriesPlan(uid: uid, headers: groups[uid]!.sorted { $0.path < $1.path },
                                                     maxVoxels: options.maxVoxels))
            } catch {
                plans[uid] = .failure(error)
            }
        }

        let chosen: SeriesPlan
        if let wanted = options.seriesUID {
            guard let result = plans[wanted] else {
                throw .seriesNotFound(path: source, uid: wanted, available: uids)
            }
            chosen = try result.get()
        } else {
            let candidates = uids.compactMap { try? plans[$0]!.get() }
            guard let best = candidates.max(by: { ($0.voxelCount, $1.uid) < ($1.voxelCount, $0.uid) }) else {
                // Nothing assembles: report the refusal of the series with the most files.
                let largest = uids.max { (groups[$0]!.count, $1) < (groups[$1]!.count, $0) }!
                _ = try plans[largest]!.get()
                preconditionFailure("a refused series has an error")
            }
            chosen = best
        }

        var volume = Volume<Int16>(size: chosen.size, geometry: chosen.sorted.geometry, repeating: 0)
        let clamped = try decode(chosen, into: &volume, threads: options.threads)

        let summaries = uids.map { uid -> SeriesSummary in
            let files = groups[uid]!
            let first = files.min { $0.path < $1.path }!
            let status: SeriesSummary.Status
            var reason: String?
            switch plans[uid]! {
            case .success: status = uid == chosen.uid ? .chosen : .skipped
            case .failure(let e): status = .refused; reason = e.description
            }
            return SeriesSummary(uid: uid, description: first.seriesDescription.isEmpty ? nil : first.seriesDescription,
                                 modality: first.modality.isEmpty ? nil : first.modality, files: files.count,
                                 slices: files.reduce(0) { $0 + $1.frames }, rows: first.rows, columns: first.columns,
                                 status: status, reason: reason)
        }
        var notes = chosen.sorted.notes
        if chosen.headers.contains(where: { $0.photometric == "MONOCHROME1" }) {
            notes.append("MONOCHROME1: values kept as stored (inverted only for display)")
        }
        let syntaxes = chosen.headers.map { $0.transferSyntaxName.isEmpty ? $0.transferSyntaxUID : $0.transferSyntaxName }
        var seen = Set<String>()
        let info = ScanInfo(source: source, format: .dicom, series: summaries, chosenSeriesUID: chosen.uid,
                            transferSyntaxes: syntaxes.filter { seen.insert($0).inserted },
                            clampedVoxels: clamped, ignoredFiles: ignored,
                            studyDate: chosen.headers[0].studyDate.isEmpty ? nil : chosen.headers[0].studyDate,
                            patient: chosen.headers[0].patient, notes: notes)
        return LoadedScan(volume: volume, info: info)
    }

    /// Decodes every file of `plan` into `volume` (sized by the plan); returns the clamped-voxel count.
    static func decode(_ plan: SeriesPlan, into volume: inout Volume<Int16>, threads: Int? = nil) throws(ScanLoadError) -> Int {
        let sliceVoxels = volume.sliceCount
        // z of each slice: inverse of the sort order.
        var zOfSlice = [Int](repeating: 0, count: plan.slices.count)
        for (z, s) in plan.sorted.order.enumerated() { zOfSlice[s] = z }
        // First slice index of each file.
        var firstSlice = [Int](repeating: 0, count: plan.headers.count)
        var next = 0
        for (i, h) in plan.headers.enumerated() { firstSlice[i] = next; next += h.frames }

        let onlyFile = plan.headers.count == 1
        let fileStart = firstSlice, zOf = zOfSlice
        let results = volume.withUnsafeMutableBufferPointer { buffer -> [(clamped: Int, error: ScanLoadError?)] in
            let shared = UnsafeSendable(buffer.baseAddress!)
            let output = UnsafeMutableBufferPointer<(clamped: Int, error: ScanLoadError?)>.allocate(capacity: plan.headers.count)
            output.initialize(repeating: (0, nil))
            defer { output.deallocate() }
            let out = UnsafeSendable(output)
            ParallelLoop.run(iterations: plan.headers.count, threads: threads, state: { ScratchBuffer() }) { scratch, i in
                do throws(ScanLoadError) {
                    let h = plan.headers[i]
                    let range = fileStart[i]..<(fileStart[i] + h.frames)
                    let geometry = plan.slices[range].map(\.geometry)
                    let zs = Array(zOf[range])
                    out.value[i].clamped = try decodeFile(h, frames: geometry, zs: zs, volume: shared.value,
                                                          sliceVoxels: sliceVoxels, inVolume: onlyFile, scratch: scratch)
                } catch {
                    out.value[i].error = error
                }
            }
            return Array(output)
        }
        if let failure = results.first(where: { $0.error != nil }) { throw failure.error! }
        return results.reduce(0) { $0 + $1.clamped }
    }

    /// Decodes one file and places each of its frames, as HU, at its z.
    ///
    /// A single-frame file decodes straight into its slice, except native pixels, which are read into the
    /// worker's scratch buffer (warm in its cache, the same for all its files) and rescaled into the
    /// slice: the volume's fresh memory is then written once instead of twice. A multi-frame file that is
    /// the whole series decodes straight into the volume and its frames are then permuted into position
    /// order in place; a multi-frame file among others decodes into a scratch buffer first.
    static func decodeFile(_ h: DICOMHeader, frames: [FrameGeometry], zs: [Int], volume: UnsafeMutablePointer<Int16>,
                           sliceVoxels: Int, inVolume: Bool, scratch buffer: ScratchBuffer) throws(ScanLoadError) -> Int {
        let bytesPerValue = h.bitsAllocated / 8
        let fileBytes = sliceVoxels * h.frames * bytesPerValue
        let direct = (h.frames == 1 && h.nativePixelOffset == nil) || (h.frames > 1 && inVolume)
        let scratch: UnsafeMutableRawPointer? = direct ? nil : buffer.bytes(fileBytes)
        let target = scratch ?? UnsafeMutableRawPointer(h.frames == 1 ? volume + zs[0] * sliceVoxels : volume)
        let layout = try DICOMFile.decodePixels(h, into: UnsafeMutableRawBufferPointer(start: target, count: fileBytes))
        guard layout.bitsAllocated == h.bitsAllocated, layout.samplesPerPixel == 1 else {
            throw .unsupportedPixels(path: h.path, reason: "the codec produced \(layout.bitsAllocated)-bit, \(layout.samplesPerPixel)-sample pixels")
        }
        var clamped = 0
        if h.frames == 1 {
            clamped = PixelRescaler.convert(from: target, to: volume + zs[0] * sliceVoxels, count: sliceVoxels,
                                            layout: layout, slope: frames[0].rescaleSlope,
                                            intercept: frames[0].rescaleIntercept)
        } else if inVolume {
            // Frames in file order; 8-bit frames widen backwards, so convert the last frame first.
            for f in stride(from: h.frames - 1, through: 0, by: -1) {
                clamped += PixelRescaler.convert(from: target + f * sliceVoxels * bytesPerValue,
                                                 to: volume + f * sliceVoxels, count: sliceVoxels, layout: layout,
                                                 slope: frames[f].rescaleSlope, intercept: frames[f].rescaleIntercept)
            }
            permuteSlices(volume, sliceVoxels: sliceVoxels, zOfFrame: zs)
        } else {
            for f in 0..<h.frames {
                clamped += PixelRescaler.convert(from: target + f * sliceVoxels * bytesPerValue,
                                                 to: volume + zs[f] * sliceVoxels, count: sliceVoxels, layout: layout,
                                                 slope: frames[f].rescaleSlope, intercept: frames[f].rescaleIntercept)
            }
        }
        return clamped
    }

    /// Moves slice `f` to slice `zOfFrame[f]` for every f, in place, with one slice of scratch.
    static func permuteSlices(_ base: UnsafeMutablePointer<Int16>, sliceVoxels: Int, zOfFrame: [Int]) {
        var done = [Bool](repeating: false, count: zOfFrame.count)
        let carry = UnsafeMutablePointer<Int16>.allocate(capacity: sliceVoxels)
        let swapSpace = UnsafeMutablePointer<Int16>.allocate(capacity: sliceVoxels)
        defer { carry.deallocate(); swapSpace.deallocate() }
        for start in zOfFrame.indices where !done[start] && zOfFrame[start] != start {
            // Follow the cycle start → z(start) → z(z(start)) …, carrying the displaced slice along.
            carry.update(from: base + start * sliceVoxels, count: sliceVoxels)
            var f = start
            repeat {
                let z = zOfFrame[f]
                swapSpace.update(from: base + z * sliceVoxels, count: sliceVoxels)
                (base + z * sliceVoxels).update(from: carry, count: sliceVoxels)
                carry.update(from: swapSpace, count: sliceVoxels)
                done[f] = true
                f = z
            } while f != start
        }
    }
}
