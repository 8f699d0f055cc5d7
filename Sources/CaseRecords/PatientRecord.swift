/// Patient identifiers kept with a scan only when the user asked (`--keep-identifiers`); empty fields
/// are stored as absent.
public struct PatientRecord: Codable, Sendable, Equatable {
    public var name: String?
    public var id: String?
    public var birthDate: String?

    public init(name: String?, id: String?, birthDate: String?) {
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        self.name = nonEmpty(name)
        self.id = nonEmpty(id)
        self.birthDate = nonEmpty(birthDate)
    }

    public var isEmpty: Bool { name == nil && id == nil && birthDate == nil }
}
