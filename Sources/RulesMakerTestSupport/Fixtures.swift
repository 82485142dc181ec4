import Foundation

/// Locates the package's folders from a test file's `#filePath`.
public enum PackagePaths {
    /// The package root: the folder above `Tests/`.
    public static func root(_ filePath: String = #filePath) -> String {
        var url = URL(fileURLWithPath: filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }

    public static func fixtures(_ filePath: String = #filePath) -> String { root(filePath) + "/Fixtures" }

    /// `../shared/bench` next to the package, when present.
    public static func bench(_ filePath: String = #filePath) -> String? {
        let path = (root(filePath) as NSString).deletingLastPathComponent + "/shared/bench"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

/// A fresh temporary folder, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ name: String = "rules-maker-test") throws {
        let base = NSTemporaryDirectory() + "\(name)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// All regular files below the folder (hidden ones included), relative, sorted.
    public func files() -> [String] { Self.files(below: path) }

    /// All regular files below `root` (hidden ones included), relative, sorted.
    public static func files(below root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
        }
        return out.sorted()
    }

    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The result of running the built `rules-maker` binary.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `rules-maker` executable, as a user would.
public enum RulesMakerBinary {
    /// The binary next to the test bundle (SwiftPM builds it for tests that depend on it),
    /// or `$RULES_MAKER_BIN`.
    public static func path(_ filePath: String = #filePath) -> String {
        if let p = ProcessInfo.processInfo.environment["RULES_MAKER_BIN"], !p.isEmpty { return p }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("rules-maker").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return PackagePaths.root(filePath) + "/.build/debug/rules-maker"
    }

    /// Runs `rules-maker arguments…` in `directory` with `environment` added to a minimal
    /// environment (no AWS or CI variables leak in from the caller).
    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                           filePath: String = #filePath) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path(filePath))
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let tmp = try TemporaryDirectory("rules-maker-run")
        defer { tmp.remove() }
        // A private home and cache per run: tests never read or write the user's real cache or AWS files.
        try FileManager.default.createDirectory(atPath: tmp.path + "/home", withIntermediateDirectories: true)
        var env: [String: String] = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                     "HOME": tmp.path + "/home", "RULES_MAKER_CACHE_DIR": tmp.path + "/cache", "CI": "true"]
        for (k, v) in environment { env[k] = v }
        process.environment = env
        _ = FileManager.default.createFile(atPath: tmp.path + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: tmp.path + "/err", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp.path + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp.path + "/err"))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close()
        return ProcessResult(status: process.terminationStatus, stdout: tmp.read("out") ?? "", stderr: tmp.read("err") ?? "")
    }
}

/// Serves a folder of fixture files from a loopback server (`/` → `index.html`).
public enum FixtureSite {
    /// Serves the files below `root`; with `etags`, each response has an `ETag` (of its bytes) and a
    /// request that sends it back in `If-None-Match` is answered 304.
    public static func server(root: String, etags: Bool = false) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            var path = request.path.removingPercentEncoding ?? request.path
            if path.contains("..") { return .notFound }
            if path.hasSuffix("/") { path += "index.html" }
            guard let data = FileManager.default.contents(atPath: root + path) else { return .notFound }
            let type: String
            switch (path as NSString).pathExtension.lowercased() {
            case "html", "htm": type = "text/html; charset=utf-8"
            case "md": type = "text/markdown; charset=utf-8"
            case "txt": type = "text/plain; charset=utf-8"
            case "pdf": type = "application/pdf"
            case "css": type = "text/css"
            default: type = "application/octet-stream"
            }
            guard etags else { return ServerResponse(status: 200, headers: [("Content-Type", type)], body: [UInt8](data)) }
            // FNV-1a of the bytes: stable across runs and processes.
            let etag = "\"" + String(data.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16) + "\""
            if request.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
            return ServerResponse(status: 200, headers: [("Content-Type", type), ("ETag", etag)], body: [UInt8](data))
        }
    }
}
