// swift-tools-version: 6.1
// Benchmarks live in their own package (depending on ImplantScan by path) so `swift test` at the root
// never builds them. Run: cd Benchmarks && swift package benchmark
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which depends on where the repository was cloned.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "ImplantScanBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Plain C loops: the baselines the Swift kernels and the loader are compared with.
        .target(name: "CBaseline", path: "Sources/CBaseline", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "BenchmarkData", path: "Sources/BenchmarkData"),
        .executableTarget(
            name: "Kernels",
            dependencies: [
                "BenchmarkData", "CBaseline",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ScanIO", package: root),
                .product(name: "VolumeCore", package: root),
            ],
            path: "Benchmarks/Kernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Loading",
            dependencies: [
                "BenchmarkData", "CBaseline",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ScanIO", package: root),
            ],
            path: "Benchmarks/Loading",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Analysis",
            dependencies: [
                "BenchmarkData",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ImplantAnalysis", package: root),
                .product(name: "ScanIO", package: root),
                .product(name: "VolumeCore", package: root),
            ],
            path: "Benchmarks/Analysis",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PhantomGeneration",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Phantom", package: root),
            ],
            path: "Benchmarks/PhantomGeneration",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
