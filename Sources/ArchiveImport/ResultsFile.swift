import Foundation
import Batch

/// A batch results file read whole and checked before anything is written: every non-blank line must be
/// a whole `BatchRecord`, and an analysed one must carry its measurements with the scan's content hash
/// (its identity in the case store). The first line that is not refuses the file.
public struct ResultsFile: Sendable {
    public let path: String
    /// The records with their line numbers (1-based), in file order.
    public let records: [(line: Int, record: BatchRecord)]

    public static func read(path: String) throws(ImportError) -> ResultsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or not readable")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(ImportError) -> ResultsFile {
        let decoder = JSONDecoder()
        var records: [(line: Int, record: BatchRecord)] = []
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (i, bytes) in lines.enumerated() where !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            let number = i + 1
            let record: BatchRecord
            do {
                record = try decoder.decode(BatchRecord.self, from: Data(bytes))
            } catch {
                throw .malformedLine(path: path, line: number, reason: "not a batch record (\(Self.reason(error)))")
            }
            if record.status == .ok {
                guard let m = record.measurements else {
                    throw .malformedLine(path: path, line: number, reason: "\(record.scan): status ok without measurements")
                }
                guard let hash = m.scan.contentHash, hash.count == 16, hash.allSatisfy(\.isHexDigit) else {
                    throw .malformedLine(path: path, line: number, reason: "\(record.scan): no measurements.scan.contentHash "
                                         + "(written by a batch before `records import` existed: run the batch again)")
                }
            }
            records.append((number, record))
        }
        return ResultsFile(path: path, records: records)
    }

    /// A short reason for a decoding failure: the key or the kind of damage, not the decoder's essay.
    static func reason(_ error: Error) -> String {
        func at(_ path: [CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error as? DecodingError {
        case let .keyNotFound(key, c)?: return "no \"\(at(c.codingPath + [key]))\""
        case let .typeMismatch(_, c)?, let .valueNotFound(_, c)?:
            return "\"\(at(c.codingPath))\" has the wrong type"
        case let .dataCorrupted(c)?:
            return c.codingPath.isEmpty ? "not JSON: cut off or corrupted" : "\"\(at(c.codingPath))\": \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}
