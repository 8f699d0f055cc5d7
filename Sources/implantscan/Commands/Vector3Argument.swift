import Foundation

/// "x,y,z" → a vector.
enum Vector3Argument {
    static func parse(_ text: String) -> SIMD3<Double>? {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy(\.isFinite), parts.contains(where: { $0 != 0 }) else { return nil }
        return SIMD3(parts[0], parts[1], parts[2])
    }
}
