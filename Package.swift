// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "nurture",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nurture", targets: ["nurture"]),
        .library(name: "NurtureCore", targets: ["NurtureCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Pure core: domain, campaign model, planner. No I/O, no C libraries; the clock is a parameter.
        .target(name: "NurtureCore"),
        // Campaign files: YAML (with line numbers) into the core's campaign model, and validation.
        .target(name: "NurtureCampaign", dependencies: [
            "NurtureCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Contacts and events files (CSV, JSON Lines) parsed into rows with line numbers.
        .target(name: "NurtureImport", dependencies: [
            "NurtureCore",
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // Persistence: SQLite through GRDB behind the core's store protocol.
        .target(name: "NurtureStore", dependencies: [
            "NurtureCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, for the columns decoded straight from a statement (`StatementColumnConvertible`).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Templates: Mustache into subject, text and HTML.
        .target(name: "NurtureRender", dependencies: [
            "NurtureCore",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // RFC 5322 / MIME message building. Pure.
        .target(name: "NurtureMIME", dependencies: ["NurtureCore"]),
        // DKIM signing (RFC 6376, RSA-SHA256; RFC 8463, Ed25519-SHA256): canonicalization, the signature header
        // and DNS record text. Pure: message bytes, a key and a time in, a DKIM-Signature header out.
        .target(name: "NurtureDKIM", dependencies: [
            "NurtureCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // libcurl, through a system library target and a shim of typed wrappers.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // SMTP delivery over libcurl.
        .target(name: "NurtureSMTP", dependencies: [
            "NurtureCore",
            "CCurl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Use cases wiring the parts together: what the commands do, reachable from tests.
        .target(name: "NurtureApp", dependencies: [
            "NurtureCore", "NurtureCampaign", "NurtureImport", "NurtureStore",
            "NurtureRender", "NurtureMIME", "NurtureSMTP", "NurtureDKIM",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // `nurture serve`: HTTP intake of events, one-click unsubscribe, health and metrics, around the
        // send loop of NurtureApp.
        .target(name: "NurtureServer", dependencies: [
            "NurtureApp", "NurtureCore", "NurtureImport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The command line, and nothing else.
        .executableTarget(name: "nurture", dependencies: [
            "NurtureApp", "NurtureServer",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Test support: manual clock, recording transport, fixtures. Not a product.
        .target(name: "NurtureTestSupport", dependencies: ["NurtureCore"], path: "Tests/NurtureTestSupport", exclude: ["Python"]),

        .testTarget(name: "NurtureCoreTests", dependencies: ["NurtureCore", "NurtureTestSupport"]),
        .testTarget(name: "NurtureCampaignTests", dependencies: ["NurtureCampaign", "NurtureTestSupport"]),
        .testTarget(name: "NurtureImportTests", dependencies: [
            "NurtureImport", "NurtureTestSupport",
            // CSV.swift's reader is the reference `CSVFieldReader` is held against.
            .product(name: "CSV", package: "CSV.swift"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "NurtureStoreTests", dependencies: ["NurtureStore", "NurtureTestSupport"]),
        .testTarget(name: "NurtureRenderTests", dependencies: ["NurtureRender", "NurtureCampaign", "NurtureTestSupport"]),
        .testTarget(name: "NurtureMIMETests", dependencies: ["NurtureMIME", "NurtureTestSupport"]),
        .testTarget(name: "NurtureDKIMTests", dependencies: ["NurtureDKIM", "NurtureTestSupport"]),
        .testTarget(name: "NurtureSMTPTests", dependencies: ["NurtureSMTP", "NurtureMIME", "NurtureTestSupport"]),
        .testTarget(name: "NurtureAppTests", dependencies: ["NurtureApp", "NurtureCore", "NurtureCampaign", "NurtureStore", "NurtureRender", "NurtureSMTP", "NurtureDKIM", "NurtureTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "NurtureServerTests", dependencies: ["NurtureServer", "NurtureApp", "NurtureCore", "NurtureStore", "NurtureTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "NurtureCLITests", dependencies: ["NurtureTestSupport"]),
    ]
)
