/// What a point of the phantom is made of, and its gray value in HU before any degradation.
enum Tissue: UInt8, Sendable {
    case air, softTissue, cancellous, cortical, dentin, enamel, titanium, zirconia, amalgam

    var isBone: Bool { self == .cancellous || self == .cortical }
    var isMetal: Bool { self == .titanium || self == .zirconia || self == .amalgam }

    /// Fixed densities; bone and soft tissue come from the anatomy spec. Titanium and zirconia differ
    /// in gray level so the analysis can tell them apart; zirconia and amalgam saturate a 12-bit range.
    static let dentinHU = 1600.0
    static let enamelHU = 2100.0
    static let titaniumHU = 2800.0
    static let zirconiaHU = 3800.0
    static let amalgamHU = 3600.0
}
