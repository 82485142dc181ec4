// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "rules-maker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rules-maker", targets: ["rules-maker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift file.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The shared vocabulary: content IR, chunks, rules, diagnostics.
        .target(name: "RulesMakerCore", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: swiftSettings),

        // Pipeline stages.
        .target(name: "Fetch", dependencies: ["RulesMakerCore", "CCurl", "CZlib", "CSQLite",
            .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(name: "Parse", dependencies: ["RulesMakerCore", "CLibXML2"], swiftSettings: swiftSettings),
        .target(name: "Chunk", dependencies: ["RulesMakerCore"], swiftSettings: swiftSettings),
        .target(name: "Extract", dependencies: ["RulesMakerCore",
            .product(name: "Mustache", package: "swift-mustache")], swiftSettings: swiftSettings),
        .target(name: "Link", dependencies: ["RulesMakerCore"], swiftSettings: swiftSettings),
        .target(name: "Emit", dependencies: ["RulesMakerCore",
            .product(name: "Mustache", package: "swift-mustache")], swiftSettings: swiftSettings),
        .target(name: "Bedrock", dependencies: ["RulesMakerCore", "Fetch",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),

        // Argument parsing, configuration, wiring, progress and reports.
        .target(name: "RulesMakerCLI", dependencies: [
            "RulesMakerCore", "Fetch", "Parse", "Chunk", "Extract", "Link", "Emit", "Bedrock",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: swiftSettings),
        .executableTarget(name: "rules-maker", dependencies: ["RulesMakerCLI"], swiftSettings: swiftSettings),
        // Parse-stage throughput benchmark (Benchmarks/parse-throughput.sh); not a product.
        .executableTarget(name: "ParseBenchmark", dependencies: ["Parse", "RulesMakerCore"], swiftSettings: swiftSettings),
        // Benchmarks (not shipped): a generated site on loopback and a crawler run against it.
        .executableTarget(name: "crawl-bench", dependencies: ["Fetch", "Parse", "RulesMakerCore", "RulesMakerTestSupport"],
                          path: "Benchmarks/CrawlBench", swiftSettings: swiftSettings),

        // Tests.
        .target(name: "RulesMakerTestSupport", dependencies: ["RulesMakerCore",
            .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .testTarget(name: "RulesMakerCoreTests", dependencies: ["RulesMakerCore"], swiftSettings: swiftSettings),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "RulesMakerTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ParseTests", dependencies: ["Parse", "RulesMakerTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ChunkTests", dependencies: ["Chunk", "Parse", "RulesMakerTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ExtractTests", dependencies: ["Extract", "Chunk", "Parse", "Link", "RulesMakerTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LinkTests", dependencies: ["Link", "RulesMakerTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EmitTests", dependencies: ["Emit", "Link", "RulesMakerTestSupport",
            .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .testTarget(name: "BedrockTests", dependencies: ["Bedrock", "RulesMakerTestSupport", "Fetch",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "RulesMakerCLITests", dependencies: ["RulesMakerCLI", "rules-maker", "RulesMakerTestSupport", "RulesMakerCore", "Fetch",
            .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
    ]
)
