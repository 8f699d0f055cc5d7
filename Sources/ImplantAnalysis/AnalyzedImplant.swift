/// One implant's frame and the bone band its bone-level profile was read from.
public struct AnalyzedImplant: Sendable {
    public var frame: ImplantFrame
    public var boneMap: BoneBandMap

    public init(frame: ImplantFrame, boneMap: BoneBandMap) {
        self.frame = frame
        self.boneMap = boneMap
    }
}
