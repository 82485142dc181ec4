import Foundation
import RulesMakerCore

/// An assistant rule format rules-maker can write.
public enum Target: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case cursor
    case cursorLegacy = "cursor-legacy"
    case windsurf
    case windsurfLegacy = "windsurf-legacy"
    case devin
    case agents
    case claude
    case copilot
    case cline
    case llmsTxt = "llms-txt"

    public var description: String { rawValue }

    /// The default templates of this target, by name (`cursor/rule.mdc`).
    public var templateNames: [String] {
        switch self {
        case .cursor: return ["cursor/rule.mdc"]
        case .cursorLegacy: return ["cursor-legacy/cursorrules"]
        case .windsurf: return ["windsurf/rule.md"]
        case .windsurfLegacy: return ["windsurf-legacy/windsurfrules"]
        case .devin: return ["devin/rule.md"]
        case .agents: return ["agents/AGENTS.md"]
        case .claude: return ["claude/CLAUDE.md", "claude/rule.md"]
        case .copilot: return ["copilot/copilot-instructions.md", "copilot/instructions.md"]
        case .cline: return ["cline/rule.md"]
        case .llmsTxt: return ["llms-txt/llms.txt", "llms-txt/llms-full.txt"]
        }
    }

    /// Largest file the assistant reads in full, in characters; nil when unlimited.
    public var maxFileCharacters: Int? {
        switch self {
        case .windsurf, .devin: return 12_000
        case .windsurfLegacy: return 6_000
        default: return nil
        }
    }

    /// Largest file in bytes (`AGENTS.md`: 32 KiB, the default read limit of Codex).
    public var maxFileBytes: Int? {
        self == .agents ? 32 * 1024 : nil
    }

    /// Largest file in lines (Cursor recommends keeping a rule file under 500 lines).
    public var maxFileLines: Int? {
        self == .cursor ? 500 : nil
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
