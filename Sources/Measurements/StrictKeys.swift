/// Refuses unknown keys in the project's JSON inputs (phantom specs, findings, rules), so a typo
/// ("bleedingOnProbbing", "lenghtMm") fails loudly instead of being ignored or taking a default.
public enum StrictKeys {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public static func refuseUnknown<K: CodingKey & CaseIterable>(_ decoder: Decoder, known: K.Type) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        let names = K.allCases.map(\.stringValue)
        if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !names.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)],
                debugDescription: "unknown key \"\(unknown)\" (known: \(names.joined(separator: ", ")))"))
        }
    }
}
