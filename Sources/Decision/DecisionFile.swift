import Foundation
import Measurements

/// Decoding the decision's JSON inputs from bytes, with one-line errors naming the file and the key at fault.
/// The caller reads the bytes; this type never touches the file system.
public enum DecisionFile {
    /// A file's one-line refusal: its path and what is wrong (`JSONInput`).
    public typealias Failure = JSONInput.Failure

    public static func findings(_ data: Data, path: String) throws(Failure) -> ClinicalFindings {
        let f = try decode(ClinicalFindings.self, data, path: path)
        if let problem = f.validationFailure { throw Failure(path: path, reason: problem) }
        return f
    }

    public static func measurements(_ data: Data, path: String) throws(Failure) -> ScanMeasurements {
        try decode(ScanMeasurements.self, data, path: path)
    }

    /// The standard table with the file's overrides applied.
    public static func rules(_ data: Data, path: String, base: RuleSet = .standard) throws(Failure) -> RuleSet {
        let o = try decode(RuleOverrides.self, data, path: path)
        do {
            return try base.overriding(o)
        } catch {
            throw Failure(path: path, reason: error.reason)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, path: String) throws(Failure) -> T {
        try JSONInput.decode(T.self, data, path: path)
    }
}
