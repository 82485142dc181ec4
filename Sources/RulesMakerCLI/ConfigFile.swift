import Foundation
import Yams

/// A problem in a configuration or manifest file, with its location.
public struct ConfigIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}

/// Errors that stop a run before any work: bad flags, bad configuration. Exit code 2.
public struct UsageError: Error, CustomStringConvertible {
    public var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public init(_ line: String) { lines = [line] }
    public var description: String { lines.joined(separator: "\n") }
}

/// A YAML mapping read with line numbers, so every problem can be reported as `file:line`.
/// Reading collects issues instead of stopping at the first one.
public struct ConfigMapping {
    public let file: String
    public let line: Int?
    let pairs: [(key: String, value: Node, line: Int?)]

    /// Loads the top-level mapping of `path`. An empty file is an empty mapping.
    public static func load(path: String) throws(UsageError) -> ConfigMapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("\(path): cannot read configuration file (\(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"))")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws(UsageError) -> ConfigMapping {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw UsageError("\(file): not valid YAML: \(error)")
        }
        guard let node else { return ConfigMapping(file: file, line: nil, pairs: []) as ConfigMapping }
        guard let m = ConfigMapping(node: node, file: file) else {
            throw UsageError(ConfigIssue(file: file, line: node.mark.map { $0.line }, message: "expected a mapping of keys to values").description)
        }
        return m
    }

    init(file: String, line: Int?, pairs: [(key: String, value: Node, line: Int?)]) {
        self.file = file
        self.line = line
        self.pairs = pairs
    }

    init?(node: Node, file: String) {
        guard case .mapping(let mapping) = node else { return nil }
        self.file = file
        self.line = node.mark?.line
        pairs = mapping.map { (key: $0.key.string ?? "", value: $0.value, line: $0.key.mark?.line) }
    }

    public var keys: [String] { pairs.map(\.key) }

    public func node(_ key: String) -> Node? { pairs.first(where: { $0.key == key })?.value }
    public func line(_ key: String) -> Int? { pairs.first(where: { $0.key == key })?.line }

    /// Issues for keys not in `allowed`, plus duplicates.
    public func unknownKeys(allowed: Set<String>, context: String) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        var seen = Set<String>()
        for p in pairs {
            if !allowed.contains(p.key) {
                issues.append(ConfigIssue(file: file, line: p.line, message: "unknown key '\(p.key)' in \(context) (allowed: \(allowed.sorted().joined(separator: ", ")))"))
            }
            if !seen.insert(p.key).inserted {
                issues.append(ConfigIssue(file: file, line: p.line, message: "duplicate key '\(p.key)' in \(context)"))
            }
        }
        return issues
    }

    public func string(_ key: String, issues: inout [ConfigIssue]) -> String? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s) = n else { issues.append(issue(key, "must be a string")); return nil }
        return s.string
    }

    public func int(_ key: String, min: Int = 0, issues: inout [ConfigIssue]) -> Int? {
        guard let n = node(key) else { return nil }
        guard let v = n.int else { issues.append(issue(key, "must be a whole number")); return nil }
        guard v >= min else { issues.append(issue(key, "must be at least \(min)")); return nil }
        return v
    }

    public func double(_ key: String, issues: inout [ConfigIssue]) -> Double? {
        guard let n = node(key) else { return nil }
        guard let v = n.float ?? n.int.map(Double.init) else { issues.append(issue(key, "must be a number")); return nil }
        return v
    }

    public func bool(_ key: String, issues: inout [ConfigIssue]) -> Bool? {
        guard let n = node(key) else { return nil }
        guard let v = n.bool else { issues.append(issue(key, "must be true or false")); return nil }
        return v
    }

    /// A list of strings; a single string is accepted and split on commas.
    public func stringList(_ key: String, issues: inout [ConfigIssue]) -> [String]? {
        guard let n = node(key) else { return nil }
        switch n {
        case .scalar(let s): return s.string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                guard let s = item.string else { issues.append(issue(key, "must be a list of strings")); return nil }
                out.append(s)
            }
            return out
        default:
            issues.append(issue(key, "must be a string or a list of strings"))
            return nil
        }
    }

    public func mapping(_ key: String, issues: inout [ConfigIssue]) -> ConfigMapping? {
        guard let n = node(key) else { return nil }
        guard let m = ConfigMapping(node: n, file: file) else { issues.append(issue(key, "must be a mapping")); return nil }
        return m
    }

    public func issue(_ key: String, _ message: String) -> ConfigIssue {
        ConfigIssue(file: file, line: line(key), message: "'\(key)' \(message)")
    }
}
