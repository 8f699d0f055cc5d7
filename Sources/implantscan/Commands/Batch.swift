import Foundation
import ArgumentParser
import Batch
import Measurements

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse every scan folder under a root, each in its own process, into a JSON-lines file.",
        discussion: """
            A scan folder is a folder that directly holds DICOM or PNG slices. Each scan's record (its \
            measurements, or its error) is appended to the results file as it finishes; a scan that fails or \
            crashes is recorded and the others go on. The exit status is 1 when any scan failed (0 with \
            --allow-failures). Ctrl-C (or SIGTERM, SIGHUP) stops the running analyses and records none of \
            them; the exit status is then 128 + the signal, and --resume continues.
            """)

    @Argument(help: "The archive's root folder.")
    var root: String

    @Option(help: "Results file (JSON lines, one scan per line).")
    var out = "results.jsonl"

    @Option(help: "Scans analysed at once (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Continue an existing results file: skip the scans it already holds.")
    var resume = false

    @Option(help: ArgumentHelp("Take only shard I of N (0 ≤ I < N, stable by the scan's path).", valueName: "I/N"))
    var shard: String?

    @Option(help: "Stop a scan's analysis after this many seconds and record it as failed.")
    var timeout: Double = 600

    @Flag(help: "Analyse the scans as calibrated HU.")
    var calibrated = false

    @Option(help: "Analyse the scans with this scanner calibration (`implantscan calibrate --out`).")
    var calibration: String?

    @Flag(help: "Exit 0 when scans failed (they are recorded in the results): for workflow engines, which would discard the results of a failed job.")
    var allowFailures = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if let s = shard, Shard(parsing: s) == nil { throw ValidationError("--shard takes I/N with 0 ≤ I < N, e.g. 0/4") }
        if calibrated && calibration != nil { throw ValidationError("give --calibrated (values already HU) or --calibration FILE, not both") }
    }

    func run() throws {
        // A calibration file is checked before any scan is analysed; each scan's process reads it again.
        let calibrationPath = try calibration.map { path in
            _ = try DeviceCalibration.fromJSON(try bytes(path), path: path)
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        let selected = shard.flatMap(Shard.init(parsing:)) ?? .all
        let scans = try ScanFolderFinder.scans(under: root).filter(selected.contains)
        if scans.isEmpty && selected == .all { throw BatchError.noScans(root: root) }
        let log = try ResultsLog(path: out, resume: resume)
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let worker = ScanWorker.analyze(executable: executable, options: calibrated ? ["--calibrated"] : calibrationPath.map { ["--calibration", $0] } ?? [],
                                        timeoutSeconds: timeout)
        let terminal = FileHandle(fileDescriptor: StandardErrorGuard.shared.userStandardError, closeOnDealloc: false)
        let interactive = isatty(terminal.fileDescriptor) == 1
        let interruption = BatchInterruption()
        let watcher = SignalWatcher(onSignal: interruption.interrupt(by:))
        defer { watcher?.finish() }
        let outcome = try BatchRunner.run(root: root, scans: scans, worker: worker, jobs: jobs, log: log,
                                          interruption: interruption) { progress, record in
            let text = interactive ? "\r" + progress.bar : progress.line(for: record) + "\n"
            terminal.write(Data(text.utf8))
        }
        if interactive { terminal.write(Data("\n".utf8)) }
        print(BatchSummary.text(outcome, shard: shard == nil ? nil : selected, out: out))
        if let signal = outcome.interruptedBy { throw ExitCode(128 + signal) }
        if !outcome.failures.isEmpty && !allowFailures { throw ExitCode(1) }
    }
}
