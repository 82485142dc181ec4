/// An assistant rule format rules-maker can write.
public enum Target: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case cursor
    case windsurf

    public var description: String { rawValue }

    /// The templates this target renders, by name (`cursor/rule.mdc`).
    var templateNames: [String] {
        switch self {
        case .cursor: return ["cursor/rule.mdc"]
        case .windsurf: return ["windsurf/rule.md"]
        }
    }

    /// Largest file the assistant reads in full, in characters; nil when unlimited.
    public var maxFileCharacters: Int? {
        switch self {
        case .cursor: return nil
        case .windsurf: return 12_000
        }
    }

    /// Largest file in lines (Cursor recommends keeping rules under 500 lines).
    public var maxFileLines: Int? {
        switch self {
        case .cursor: return 500
        case .windsurf: return nil
        }
    }

    /// Parses a comma-separated `--target` list; `all` selects every target.
    public static func parseList(_ text: String) throws(EmitError) -> [Target] {
        var out: [Target] = []
        for raw in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !raw.isEmpty {
            if raw == "all" { return Target.allCases }
            guard let t = Target(rawValue: raw) else { throw .unknownTarget(raw) }
            if !out.contains(t) { out.append(t) }
        }
        if out.isEmpty { throw .unknownTarget(text) }
        return out
    }
}

/// Errors of the Emit stage.
public enum EmitError: Error, Equatable, CustomStringConvertible {
    case unknownTarget(String)
    case templateSyntax(file: String, line: Int, column: Int, reason: String)
    case templateMissing(name: String, directory: String)
    case unsafePath(String)
    case write(FileWriteError)

    public var description: String {
        switch self {
        case .unknownTarget(let t):
            return "unknown target '\(t)' (expected one of: \(Target.allCases.map(\.rawValue).joined(separator: ", ")), or all)"
        case .templateSyntax(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): template error: \(reason)"
        case .templateMissing(let name, let dir):
            return "template '\(name)' not found in \(dir)"
        case .unsafePath(let p):
            return "refusing to write outside the output folder: \(p)"
        case .write(let e):
            return e.description
        }
    }
}

import Foundation
import RulesMakerCore
