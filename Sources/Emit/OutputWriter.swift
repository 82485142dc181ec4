import Foundation
import RulesMakerCore

/// What writing a set of output files did.
public struct WriteReport: Sendable, Hashable {
    public var written: [String] = []
    public var unchanged: [String] = []

    public init() {}
}

/// Writes output files atomically under one folder, skipping files whose bytes are unchanged.
public struct OutputWriter: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The absolute path for `relative`, refusing anything that would escape `root`.
    public func path(for relative: String) throws(EmitError) -> String {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0.isEmpty }), !relative.contains("\0") else {
            throw .unsafePath(relative)
        }
        return (root as NSString).appendingPathComponent(relative)
    }

    public func write(_ files: [OutputFile]) throws(EmitError) -> WriteReport {
        var report = WriteReport()
        for file in files {
            let path = try path(for: file.path)
            let bytes = Array(file.contents.utf8)
            if let existing = FileManager.default.contents(atPath: path), Array(existing) == bytes {
                report.unchanged.append(file.path)
                continue
            }
            do { try AtomicFile.write(bytes, to: path) } catch { throw .write(error) }
            report.written.append(file.path)
        }
        return report
    }
}
