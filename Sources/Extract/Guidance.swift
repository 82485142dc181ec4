import Foundation
import RulesMakerCore

/// Recognises normative language: what a sentence insists on, and how strongly.
public struct GuidanceClassifier: Sendable {
    public struct Match: Sendable, Equatable {
        public var kind: RuleKind
        /// Strength of the cue, 0…1.
        public var strength: Double
    }

    /// Cue phrases per kind with their weight. Matched on word boundaries, case-insensitively.
    static let cues: [(RuleKind, Double, [String])] = [
        (.never, 1.0, ["must not", "must never", "mustn't", "shall not", "never", "do not", "don't", "don’t", "should never",
                       "is not allowed", "are not allowed", "not permitted", "cannot be used", "it is an error", "is an error to",
                       "undefined behavior", "undefined behaviour", "forbidden", "prohibited", "under no circumstances"]),
        (.must, 1.0, ["must", "shall", "is required", "are required", "required to", "need to", "needs to", "have to", "has to",
                      "always", "make sure", "be sure to", "ensure that", "ensure you", "it is essential", "it is mandatory",
                      "only be called", "only be used", "must be"]),
        (.avoid, 0.85, ["avoid", "should not", "shouldn't", "should avoid", "not recommended", "discouraged", "not a good idea",
                        "bad idea", "be careful", "careful", "beware", "not thread-safe", "not thread safe", "not safe", "unsafe",
                        "dangerous", "insecure", "vulnerable", "race condition", "data race", "deadlock", "leak", "pitfall", "gotcha",
                        "do not rely", "not guaranteed", "no guarantee", "instead of"]),
        (.deprecated, 0.95, ["deprecated", "will be removed", "was removed", "removed in", "no longer supported", "no longer",
                             "superseded", "obsolete", "legacy"]),
        (.should, 0.75, ["should", "recommended", "recommend", "we recommend", "prefer", "preferred", "best practice", "it is best",
                         "consider", "it is a good idea", "good practice", "ideally", "encouraged", "rather than", "advisable",
                         "keep in mind", "note that", "important", "be aware", "take care", "remember to", "you'll want", "you will want"]),
        (.default, 0.7, ["defaults to", "by default", "default value", "default is", "the default", "if omitted", "if not specified",
                         "if not given", "if not provided", "when omitted", "unless specified", "unless otherwise"]),
        (.version, 0.6, ["new in version", "changed in version", "added in version", "since version", "in version", "as of version",
                         "starting with version", "introduced in", "changed in", "new in", "available since"]),
    ]

    /// A phrase as lower-case UTF-8 bytes, matched on word boundaries.
    struct Phrase: Sendable {
        let bytes: [UInt8]
        init(_ text: String) { bytes = Array(text.lowercased().replacingOccurrences(of: "’", with: "'").utf8) }

        func occurs(in haystack: [UInt8]) -> Bool {
            let n = bytes.count, m = haystack.count
            guard n > 0, m >= n else { return false }
            let first = bytes[0]
            var i = 0
            while i <= m - n {
                if haystack[i] == first, (i == 0 || !Self.isWord(haystack[i - 1])) {
                    var j = 1
                    while j < n && haystack[i + j] == bytes[j] { j += 1 }
                    if j == n && (i + n == m || !Self.isWord(haystack[i + n])) { return true }
                }
                i += 1
            }
            return false
        }

        static func isWord(_ b: UInt8) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b >= 128
        }
    }

    private static let compiled: [(RuleKind, Double, [Phrase])] = cues.map { kind, weight, phrases in
        (kind, weight, phrases.map(Phrase.init))
    }

    /// Lower-cases, folds typographic apostrophes and collapses whitespace, as bytes.
    static func normalizedBytes(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        for scalar in s.lowercased().unicodeScalars {
            if scalar == "’" { out.append(39); space = false; continue }
            if scalar.properties.isWhitespace { if !space && !out.isEmpty { out.append(32) }; space = true; continue }
            space = false
            out.append(contentsOf: Array(String(scalar).utf8))
        }
        return out
    }

    /// Imperative openers: a sentence that starts with a bare verb addressed to the reader.
    static let imperativeVerbs: Set<String> = [
        "use", "call", "set", "pass", "add", "run", "install", "configure", "enable", "disable", "keep", "close", "create", "define",
        "register", "return", "check", "remember", "wrap", "specify", "provide", "put", "store", "import", "declare", "mark", "apply",
        "prefer", "avoid", "ensure", "make", "never", "always", "do", "don't", "note", "consider", "escape", "quote", "validate",
        "handle", "catch", "release", "acquire", "lock", "commit", "rollback", "flush", "dispose", "invoke", "override", "implement",
        "replace", "switch", "upgrade", "migrate", "pin", "include", "exclude", "limit", "restrict", "sanitize", "verify", "test",
    ]

    public init() {}

    /// Classifies `sentence`; nil when it carries no guidance.
    public func classify(_ sentence: String) -> Match? {
        let bytes = Self.normalizedBytes(sentence)
        var best: Match? = nil
        for (kind, weight, patterns) in Self.compiled {
            for p in patterns where p.occurs(in: bytes) {
                if best == nil || weight > best!.strength || (weight == best!.strength && kind.strength > best!.kind.strength) {
                    best = Match(kind: kind, strength: weight)
                }
                break
            }
        }
        // "must not"/"never" outrank "must" (both 1.0): prefer the negative reading when present.
        if best?.kind == .must, Self.compiled[0].2.contains(where: { $0.occurs(in: bytes) }) {
            best = Match(kind: .never, strength: 1.0)
        }
        if best == nil, isImperative(sentence) {
            best = Match(kind: .should, strength: 0.5)
        }
        return best
    }

    func isImperative(_ sentence: String) -> Bool {
        let first = sentence.split(whereSeparator: { $0 == " " || $0 == "," }).first.map { $0.lowercased() } ?? ""
        return Self.imperativeVerbs.contains(first)
    }
}
