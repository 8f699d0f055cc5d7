// swift-tools-version: 6.1
import PackageDescription

// Debian's libgdcm-dev ships no pkg-config file; its headers live here.
let gdcmInclude = "-I/usr/include/gdcm-3.0"

let package = Package(
    name: "ImplantScan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "implantscan", targets: ["implantscan"]),
        .library(name: "VolumeCore", targets: ["VolumeCore"]),
        .library(name: "ScanIO", targets: ["ScanIO"]),
        .library(name: "Measurements", targets: ["Measurements"]),
        .library(name: "Phantom", targets: ["Phantom"]),
        .library(name: "ImplantAnalysis", targets: ["ImplantAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C++ over GDCM behind a plain C header: no GDCM type or C++ exception crosses into Swift.
        .target(
            name: "CGDCMBridge",
            cxxSettings: [.unsafeFlags([gdcmInclude])],
            linkerSettings: [
                .linkedLibrary("gdcmMSFF"), .linkedLibrary("gdcmDSED"), .linkedLibrary("gdcmCommon"),
                .linkedLibrary("gdcmDICT"), .linkedLibrary("gdcmIOD"),
            ]
        ),
        // C over libpng: setjmp/longjmp stay inside C; errors come back as strings.
        .target(
            name: "CPNGBridge",
            linkerSettings: [.linkedLibrary("png16")]
        ),
        // C over posix_spawn: a batch's child holds only its three standard descriptors.
        .target(name: "CSpawnBridge"),
        .target(name: "VolumeCore"),
        .target(name: "ScanIO", dependencies: ["CGDCMBridge", "CPNGBridge", "Measurements", "VolumeCore"]),
        // The measurement value types: what the analysis reports and the phantom's truth holds.
        .target(name: "Measurements"),
        .target(name: "Phantom", dependencies: ["Measurements", "ScanIO", "VolumeCore"]),
        .target(name: "ImplantAnalysis", dependencies: ["Measurements", "VolumeCore"]),
        // Diagnosis and treatment from the measurements and the clinician's findings (CLINICAL.md §4).
        .target(name: "Decision", dependencies: ["Measurements"]),
        // Many scans, each analysed in its own process, into one JSON-lines file.
        .target(name: "Batch", dependencies: ["CSpawnBridge", "Measurements", "ScanIO"]),
        // Figures (SVG over embedded PNG) and the self-contained HTML page of one analysis.
        .target(name: "Report", dependencies: ["Decision", "ImplantAnalysis", "Measurements", "ScanIO", "VolumeCore"]),
        // The SQLite case store: cases, scans, findings, recommendations, longitudinal tracking (value types only).
        .target(name: "CaseRecords", dependencies: ["Decision", "Measurements", .product(name: "GRDB", package: "GRDB.swift")]),
        // Batch results merged into the case store (`records import`), one transaction per results file.
        .target(name: "ArchiveImport", dependencies: ["Batch", "CaseRecords", "Decision", "Measurements"]),
        .target(name: "Evaluation", dependencies: ["CaseRecords", "Measurements", "Phantom", "ImplantAnalysis", "VolumeCore"]),
        .executableTarget(
            name: "implantscan",
            dependencies: [
                "ArchiveImport", "Batch", "CaseRecords", "Decision", "Evaluation", "ImplantAnalysis", "Measurements", "Phantom", "Report", "ScanIO", "VolumeCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "VolumeCoreTests", dependencies: ["VolumeCore"]),
        .testTarget(name: "ScanIOTests", dependencies: ["ScanIO", "VolumeCore"]),
        .testTarget(name: "ImplantAnalysisTests", dependencies: ["Decision", "ImplantAnalysis", "Measurements", "Phantom", "ScanIO", "VolumeCore"]),
        .testTarget(name: "PhantomTests", dependencies: ["Phantom", "Measurements", "ScanIO", "VolumeCore"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Measurements"]),
        .testTarget(name: "DecisionTests", dependencies: ["Decision", "Measurements"]),
        .testTarget(name: "BatchTests", dependencies: ["Batch", "Measurements", "Phantom"]),
        .testTarget(name: "ReportTests", dependencies: ["Decision", "ImplantAnalysis", "Measurements", "Phantom", "Report", "ScanIO", "VolumeCore"]),
        .testTarget(name: "ArchiveImportTests",
                    dependencies: ["ArchiveImport", "Batch", "CaseRecords", "Decision", "Measurements"]),
        .testTarget(name: "CaseRecordsTests",
                    dependencies: ["CaseRecords", "Decision", "ImplantAnalysis", "Measurements", "Phantom", "VolumeCore",
                                   .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"]),  // read by path by the CLI under test, not a bundle resource
    ],
    cxxLanguageStandard: .cxx17
)
