/// The three figures of one implant, as SVG text.
public struct ImplantFigures: Sendable, Equatable {
    /// 1-based, in the order of `measurements.json`.
    public var implant: Int
    public var sections: String
    public var boneMap: String
    public var axial: String

    public init(implant: Int, sections: String, boneMap: String, axial: String) {
        self.implant = implant
        self.sections = sections
        self.boneMap = boneMap
        self.axial = axial
    }

    /// File names in the output folder.
    public static func sectionsName(_ n: Int) -> String { "implant-\(n)-sections.svg" }
    public static func boneMapName(_ n: Int) -> String { "implant-\(n)-bonemap.svg" }
    public static func axialName(_ n: Int) -> String { "implant-\(n)-axial.svg" }
}
