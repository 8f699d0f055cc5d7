import Foundation

/// Reading a spec file, with one-line errors naming the file and the key at fault.
public enum PhantomSpecFile {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func load(path: String) throws(Failure) -> PhantomSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(path: path, reason: "cannot be read")
        }
        let spec: PhantomSpec
        do {
            spec = try JSONDecoder().decode(PhantomSpec.self, from: data)
        } catch let DecodingError.dataCorrupted(c) {
            throw Failure(path: path, reason: describe(c))
        } catch let DecodingError.keyNotFound(k, c) {
            throw Failure(path: path, reason: "\(where_(c.codingPath + [k])): missing")
        } catch let DecodingError.typeMismatch(_, c) {
            throw Failure(path: path, reason: "\(where_(c.codingPath)): wrong type")
        } catch let DecodingError.valueNotFound(_, c) {
            throw Failure(path: path, reason: "\(where_(c.codingPath)): null")
        } catch {
            throw Failure(path: path, reason: "not valid JSON")
        }
        if let problem = spec.validationFailure { throw Failure(path: path, reason: problem) }
        return spec
    }

    private static func describe(_ c: DecodingError.Context) -> String {
        c.codingPath.isEmpty ? "not valid JSON" : "\(where_(c.codingPath)): \(c.debugDescription)"
    }

    private static func where_(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
}
