import Foundation
import Measurements

/// Decoding the decision's JSON inputs from bytes, with one-line errors naming the file and the key at fault.
/// The caller reads the bytes; this type never touches the file system.
public enum DecisionFile {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

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
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.dataCorrupted(c) {
            throw Failure(path: path, reason: c.codingPath.isEmpty ? "not valid JSON" : "\(key(c.codingPath)): \(c.debugDescription)")
        } catch let DecodingError.keyNotFound(k, c) {
            throw Failure(path: path, reason: "\(key(c.codingPath + [k])): missing")
        } catch let DecodingError.typeMismatch(t, c) {
            throw Failure(path: path, reason: "\(key(c.codingPath)): wrong type (expected \(t))")
        } catch let DecodingError.valueNotFound(_, c) {
            throw Failure(path: path, reason: "\(key(c.codingPath)): null")
        } catch {
            throw Failure(path: path, reason: "not valid JSON")
        }
    }

    private static func key(_ path: [CodingKey]) -> String {
        let k = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        return k.isEmpty ? "top level" : k
    }
}
