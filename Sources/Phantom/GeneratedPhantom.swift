import VolumeCore

/// A generated phantom: stored values (unsigned, RescaleIntercept −1100, slope 1) and the truth.
public struct GeneratedPhantom: Sendable {
    public var stored: Volume<UInt16>
    public var truth: PhantomTruth
    public var spec: PhantomSpec
}
