import Foundation

/// Runs the real `implantscan` binary (built with the tests), as a user would.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static func sample(_ name: String) -> String { "\(root)/SampleScans/\(name)" }

    /// `$IMPLANTSCAN_BIN`, else `implantscan` beside the test binary, else `.build/release/implantscan`.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["IMPLANTSCAN_BIN"], !b.isEmpty { return b }
        if let dir = Bundle.main.executableURL?.deletingLastPathComponent().path,
           FileManager.default.isExecutableFile(atPath: "\(dir)/implantscan") { return "\(dir)/implantscan" }
        for dir in [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path, "\(root)/.build/release"]
            where FileManager.default.isExecutableFile(atPath: "\(dir)/implantscan") { return "\(dir)/implantscan" }
        return "\(root)/.build/release/implantscan"
    }

    struct Running {
        let process: Process
        let out: String, err: String

        func wait() -> (status: Int32, out: String, err: String) {
            process.waitUntilExit()
            let read = { (p: String) in (try? String(contentsOfFile: p, encoding: .utf8)) ?? "" }
            return (process.terminationStatus, read(out), read(err))
        }
    }

    /// Starts the binary with output going to files in `folder`.
    static func start(_ args: [String], in folder: TemporaryFolder, environment: [String: String] = [:]) throws -> Running {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "IMPLANTSCAN_DB")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let tag = UUID().uuidString
        let out = folder.file(".out-\(tag)"), err = folder.file(".err-\(tag)")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle(forWritingAtPath: err)
        try p.run()
        return Running(process: p, out: out, err: err)
    }

    @discardableResult
    static func run(_ args: [String], in folder: TemporaryFolder, environment: [String: String] = [:]) throws
        -> (status: Int32, out: String, err: String) {
        try start(args, in: folder, environment: environment).wait()
    }

    /// Waits until `path` exists (up to `seconds`).
    static func waitFor(_ path: String, seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(20_000)
        }
        return false
    }
}
