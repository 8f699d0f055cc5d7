/// Patient name (0010,0010), ID (0010,0020) and birth date (0010,0030) as a DICOM file holds them; empty
/// when absent. The loader reads them so that a case record can keep them when asked
/// (`--keep-identifiers`); nothing else writes them anywhere.
public struct PatientIdentifiers: Sendable, Equatable {
    public var name: String
    public var id: String
    public var birthDate: String

    public init(name: String = "", id: String = "", birthDate: String = "") {
        self.name = name
        self.id = id
        self.birthDate = birthDate
    }

    /// Whether the file held none of the three.
    public var isEmpty: Bool { name.isEmpty && id.isEmpty && birthDate.isEmpty }
}
