/// A truth implant and the reported implant paired with it.
public struct MatchedImplant: Codable, Sendable, Equatable {
    /// "seed 17 #0": the case and the truth index.
    public var label: String
    public var truthIndex: Int
    public var measuredIndex: Int
    public var errors: ImplantErrors

    public init(label: String, truthIndex: Int, measuredIndex: Int, errors: ImplantErrors) {
        self.label = label
        self.truthIndex = truthIndex
        self.measuredIndex = measuredIndex
        self.errors = errors
    }
}
