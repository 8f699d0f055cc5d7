import Foundation

/// Decoding the project's JSON inputs (findings, rules, measurements, device calibrations) from bytes, with a
/// one-line error naming the file and the key at fault. The caller reads the bytes.
public enum JSONInput {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ data: Data, path: String) throws(Failure) -> T {
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
