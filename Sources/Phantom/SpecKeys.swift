/// Refuses unknown keys in spec JSON, so a typo ("lenghtMm") fails loudly instead of taking a default.
enum SpecKeys {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func refuseUnknown<K: CodingKey & CaseIterable>(_ decoder: Decoder, known: K.Type) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        let names = Set(K.allCases.map(\.stringValue))
        if let unknown = all.allKeys.first(where: { !names.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [unknown],
                                                    debugDescription: "unknown key \"\(unknown.stringValue)\""))
        }
    }
}
