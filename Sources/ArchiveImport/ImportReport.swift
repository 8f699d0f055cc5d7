/// What `records import` did with all its files.
public struct ImportReport: Sendable, Equatable {
    public var files: [FileImport] = []
    /// Files refused whole (nothing of them written), each as its one-line reason.
    public var refusedFiles: [String] = []

    public init() {}

    public var added: Int { files.reduce(0) { $0 + $1.added } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }
    public var refusedScans: Int { files.reduce(0) { $0 + $1.refused.count } }
    public var failedInBatch: Int { files.reduce(0) { $0 + $1.failedInBatch } }

    /// Anything refused (a scan or a whole file): the import is incomplete and exits 1.
    public var hasRefusals: Bool { refusedScans > 0 || !refusedFiles.isEmpty }

    /// Per file, then the refused files, then the totals.
    public var text: String {
        let total = "total: \(added) added, \(skipped) skipped, \(refusedScans) refused, \(failedInBatch) failed in batch; "
            + "\(files.count) file\(files.count == 1 ? "" : "s") imported, \(refusedFiles.count) refused"
        return (files.map(\.text) + refusedFiles.map { "refused file: \($0)" } + [total]).joined(separator: "\n")
    }
}
