import Foundation

/// The folder that holds a path, as an absolute path: where outputs' temporary names are made beside them.
///
/// Not NSString's `deletingLastPathComponent`, which in swift-corelibs-foundation traps on a one-character path
/// ("d", "d/"): `analyze --out d` and `phantom --out d` crashed. (`CaseStore` does the same in `CaseRecords`, which
/// does not depend on ScanIO.)
public enum ParentFolder {
    public static func of(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
}
