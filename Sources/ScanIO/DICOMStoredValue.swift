/// Stored pixel values `DICOMWriter` writes: 16-bit integers, with their Pixel Representation.
public protocol DICOMStoredValue: BitwiseCopyable, Sendable {
    /// Pixel Representation 1 (two's complement) when true, 0 (unsigned) when false.
    static var isSigned: Bool { get }
}

extension UInt16: DICOMStoredValue { public static var isSigned: Bool { false } }
extension Int16: DICOMStoredValue { public static var isSigned: Bool { true } }
