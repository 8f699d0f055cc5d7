import VolumeCore

/// A scan assembled into a HU volume, with what was found on the way.
public struct LoadedScan: Sendable {
    public var volume: Volume<Int16>
    public var info: ScanInfo

    public init(volume: Volume<Int16>, info: ScanInfo) {
        self.volume = volume
        self.info = info
    }
}
