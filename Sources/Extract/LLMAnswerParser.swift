import Foundation
import RulesMakerCore

/// One rule as a model proposed it (the JSON contract's fields).
public struct LLMRuleDraft: Sendable, Hashable, Codable {
    public var title: String
    public var rule: String
    public var rationale: String?
    public var example: String?
    public var globs: [String]
    public var source: String?

    public init(title: String, rule: String, rationale: String? = nil, example: String? = nil, globs: [String] = [], source: String? = nil) {
        self.title = title
        self.rule = rule
        self.rationale = rationale
        self.example = example
        self.globs = globs
        self.source = source
    }
}

/// Limits a model answer is validated against.
public struct LLMAnswerLimits: Sendable, Equatable {
    public var maxRules = 20
    public var maxTitle = 120
    public var ruleLength = 10...600
    public var maxRationale = 600
    public var maxExample = 2000
    public var maxGlobs = 10
    public var maxGlobLength = 200

    public init() {}
}

/// A parsed model answer: the valid drafts and what was wrong with the rest.
public struct LLMParsedAnswer: Sendable, Equatable {
    public var drafts: [LLMRuleDraft]
    /// Problems a repair request can fix, one line each.
    public var problems: [String]
    /// No JSON object with a `rules` list could be found at all.
    public var malformed: Bool

    public var isClean: Bool { !malformed && problems.isEmpty }
}

/// Parses answers tolerantly (code fences and text around the JSON object are ignored) and
/// validates each rule: required fields, lengths and glob syntax.
public enum LLMAnswerParser {
    public static func parse(_ text: String, limits: LLMAnswerLimits = .init()) -> LLMParsedAnswer {
        guard let root = jsonValue(in: text) else {
            let hint = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "the answer is empty" : "the answer contains no JSON object"
            return LLMParsedAnswer(drafts: [], problems: [hint], malformed: true)
        }
        let items: [Any]
        if let object = root as? [String: Any] {
            if let rules = object["rules"] as? [Any] {
                items = rules
            } else if object["rule"] != nil {
                items = [object]
            } else {
                return LLMParsedAnswer(drafts: [], problems: ["the JSON object has no \"rules\" list"], malformed: true)
            }
        } else if let list = root as? [Any] {
            items = list
        } else {
            return LLMParsedAnswer(drafts: [], problems: ["the answer is not a JSON object"], malformed: true)
        }
        var drafts: [LLMRuleDraft] = []
        var problems: [String] = []
        for (i, item) in items.enumerated() {
            let n = i + 1
            guard drafts.count < limits.maxRules else {
                problems.append("more than \(limits.maxRules) rules: keep the \(limits.maxRules) most important")
                break
            }
            guard let o = item as? [String: Any] else { problems.append("rule \(n) is not an object"); continue }
            switch validate(o, limits: limits) {
            case .success(let d): drafts.append(d)
            case .failure(let p): problems.append("rule \(n): \(p.message)")
            }
        }
        return LLMParsedAnswer(drafts: drafts, problems: problems, malformed: false)
    }

    struct Problem: Error { var message: String }

    static func string(_ value: Any?) -> String? {
        guard let s = value as? String else { return nil }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    static func validate(_ o: [String: Any], limits: LLMAnswerLimits) -> Result<LLMRuleDraft, Problem> {
        guard let rule = string(o["rule"]) ?? string(o["text"]) else { return .failure(Problem(message: "\"rule\" is missing or not a string")) }
        guard let title = string(o["title"]) else { return .failure(Problem(message: "\"title\" is missing or not a string")) }
        guard title.count <= limits.maxTitle else { return .failure(Problem(message: "\"title\" is longer than \(limits.maxTitle) characters")) }
        guard limits.ruleLength.contains(rule.count) else {
            return .failure(Problem(message: "\"rule\" must be \(limits.ruleLength.lowerBound) to \(limits.ruleLength.upperBound) characters (has \(rule.count))"))
        }
        if o["rationale"] != nil, !(o["rationale"] is NSNull), !(o["rationale"] is String) {
            return .failure(Problem(message: "\"rationale\" must be a string"))
        }
        let rationale = string(o["rationale"])
        if let r = rationale, r.count > limits.maxRationale { return .failure(Problem(message: "\"rationale\" is longer than \(limits.maxRationale) characters")) }
        if o["example"] != nil, !(o["example"] is NSNull), !(o["example"] is String) {
            return .failure(Problem(message: "\"example\" must be a string"))
        }
        let example = string(o["example"])
        if let e = example, e.count > limits.maxExample { return .failure(Problem(message: "\"example\" is longer than \(limits.maxExample) characters")) }
        var globs: [String] = []
        switch o["globs"] {
        case nil, is NSNull: break
        case let list as [Any]:
            for g in list {
                guard let s = string(g) else { return .failure(Problem(message: "\"globs\" must be a list of strings")) }
                globs.append(s)
            }
        case let s as String:
            globs = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default:
            return .failure(Problem(message: "\"globs\" must be a list of strings"))
        }
        guard globs.count <= limits.maxGlobs else { return .failure(Problem(message: "more than \(limits.maxGlobs) globs")) }
        for g in globs {
            if let why = globProblem(g, maxLength: limits.maxGlobLength) { return .failure(Problem(message: "glob \"\(g)\" \(why)")) }
        }
        var source: String?
        switch o["source"] {
        case nil, is NSNull: break
        case let s as String: source = string(s)
        default: return .failure(Problem(message: "\"source\" must be a string"))
        }
        return .success(LLMRuleDraft(title: title, rule: rule, rationale: rationale, example: example, globs: globs, source: source))
    }

    /// Why `glob` is not a usable file glob (relative, no whitespace or `..`, balanced `[]`/`{}`), or nil.
    public static func globProblem(_ glob: String, maxLength: Int = 200) -> String? {
        if glob.isEmpty { return "is empty" }
        if glob.count > maxLength { return "is longer than \(maxLength) characters" }
        if glob.hasPrefix("/") || glob.contains("://") { return "must be relative to the project (no leading / or URL)" }
        if glob.contains(where: { $0.isWhitespace }) { return "contains whitespace" }
        if glob.split(separator: "/").contains("..") { return "must not contain .." }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "*?[]{}!,._-/@+~^$()#%="))
        if !glob.unicodeScalars.allSatisfy({ allowed.contains($0) }) { return "contains characters that are not valid in a glob" }
        var square = 0, curly = 0
        for c in glob {
            switch c {
            case "[": square += 1
            case "]": square -= 1
            case "{": curly += 1
            case "}": curly -= 1
            default: break
            }
            if square < 0 || curly < 0 || square > 1 { return "has unbalanced brackets or braces" }
        }
        if square != 0 || curly != 0 { return "has unbalanced brackets or braces" }
        if glob.contains("{}") || glob.contains("[]") { return "has an empty group" }
        return nil
    }

    /// The first JSON object (or array) in `text`: fences and text around it are ignored. Each
    /// candidate start is tried once, so the scan is bounded by the text's length squared in the
    /// worst case and linear in practice.
    static func jsonValue(in text: String) -> Any? {
        let bytes = Array(text.utf8)
        var tried = 0
        var i = 0
        while i < bytes.count, tried < 64 {
            let b = bytes[i]
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                tried += 1
                if let end = matchingEnd(bytes, from: i),
                   let value = try? JSONSerialization.jsonObject(with: Data(bytes[i...end]), options: []) {
                    if value is [String: Any] { return value }
                    if let list = value as? [Any], list.allSatisfy({ $0 is [String: Any] }), !list.isEmpty { return value }
                    if let list = value as? [Any], list.isEmpty, b == UInt8(ascii: "[") { i = end + 1; continue }
                }
            }
            i += 1
        }
        return nil
    }

    /// The index of the bracket closing the one at `start`, skipping strings and escapes.
    static func matchingEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i }
                default: break
                }
            }
            i += 1
        }
        return nil
    }
}
