import Foundation
import RulesMakerCore

/// The offline, deterministic default extractor.
///
/// It walks each chunk's blocks keeping context (breadcrumb, nearest anchor, the API entry being
/// described, the admonition kind), splits prose into sentences, and keeps the sentences that state
/// guidance — musts, nevers, things to avoid, deprecations, defaults, version notes, and everything
/// inside warning-like admonitions. Each kept sentence becomes one rule in the documentation's own
/// words, carrying the identifiers it is about, a code example when the documentation introduces
/// one right after it, and a link to its source.
public struct HeuristicExtractor: Extractor {
    public let name = "heuristic"
    let classifier = GuidanceClassifier()
    /// Examples longer than this many lines are not attached.
    public var maxExampleLines = 12
    public var maxExampleBytes = 600

    public init() {}

    public func extract(_ chunks: [Chunk], diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        extract(chunks)
    }

    /// Synchronous form, used by `inspect` and the tests.
    public func extract(_ chunks: [Chunk]) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for chunk in chunks {
            var walker = Walker(chunk: chunk, extractor: self)
            walker.walk(chunk.blocks, context: Walker.Context(crumbs: chunk.source.breadcrumb, anchor: chunk.source.anchor))
            out += walker.rules
        }
        return out
    }
}

struct Walker {
    struct Context {
        var crumbs: [String]
        var anchor: String?
        var subject: String?
        var admonition: AdmonitionKind?
    }

    let chunk: Chunk
    let extractor: HeuristicExtractor
    var rules: [RuleCandidate] = []

    init(chunk: Chunk, extractor: HeuristicExtractor) {
        self.chunk = chunk
        self.extractor = extractor
    }

    mutating func walk(_ blocks: [ContentBlock], context: Context) {
        var ctx = context
        for (index, block) in blocks.enumerated() {
            let next: ContentBlock? = index + 1 < blocks.count ? blocks[index + 1] : nil
            switch block {
            case .heading(_, let text, let anchor):
                if let anchor { ctx.anchor = anchor }
                if let last = ctx.crumbs.last, last != text, !chunk.source.breadcrumb.contains(text) { ctx.crumbs.append(text) }
                ctx.subject = ApiName.fromHeading(text) ?? context.subject
            case .paragraph(let inlines):
                consider(Inlines.ruleText(inlines), context: ctx, following: next)
            case .list(_, let items):
                for item in items {
                    // The item's own prose first, nested blocks after.
                    walk(item, context: ctx)
                }
            case .admonition(let kind, let title, let inner):
                var inside = ctx
                inside.admonition = kind
                if let title, AdmonitionKind(label: title) == nil, title.split(separator: " ").count >= 3 {
                    consider(title, context: inside, following: nil)
                }
                if inner.isEmpty, let title { consider(title, context: inside, following: nil) }
                walk(inner, context: inside)
            case .quote(let inner):
                walk(inner, context: ctx)
            case .definitionList(let items):
                for item in items {
                    var inside = ctx
                    if let anchor = item.anchor { inside.anchor = anchor }
                    if let api = ApiName.fromSignature(item.term) { inside.subject = api }
                    walk(item.definition, context: inside)
                }
            case .table(let table):
                for row in table.rows {
                    let cells = row.map { Inlines.ruleText($0) }
                    let text: String
                    if let header = table.header, header.count == cells.count {
                        text = zip(header, cells).map { h, c in
                            let name = h.plainText.trimmingWhitespace()
                            return name.isEmpty ? c : "\(name): \(c)"
                        }.joined(separator: "; ")
                    } else {
                        text = cells.joined(separator: "; ")
                    }
                    var rowCtx = ctx
                    if let first = cells.first, first.hasPrefix("`") { rowCtx.subject = first.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
                    consider(text, context: rowCtx, following: nil, isTableRow: true)
                }
            case .code:
                break
            }
        }
    }

    mutating func consider(_ text: String, context: Context, following: ContentBlock?, isTableRow: Bool = false) {
        let sentences = isTableRow ? [text] : SentenceSplitter.split(text)
        var previous: String? = nil
        var previousKept = false
        for (i, sentence) in sentences.enumerated() {
            defer { previous = sentence }
            let words = sentence.split(separator: " ").count
            guard words >= 4 || context.admonition != nil && words >= 2 else { previousKept = false; continue }
            if sentence.hasSuffix("?") { previousKept = false; continue }
            var match = extractor.classifier.classify(sentence)
            if let kind = context.admonition {
                switch kind {
                case .warning, .danger, .caution, .error, .attention, .important:
                    if match == nil || match!.kind == .should || match!.kind == .default || match!.kind == .version {
                        match = GuidanceClassifier.Match(kind: match?.kind == .should ? .should : .warning, strength: 0.8)
                    }
                case .deprecated:
                    match = GuidanceClassifier.Match(kind: .deprecated, strength: 0.95)
                case .versionAdded, .versionChanged:
                    if match == nil || match!.kind != .never && match!.kind != .must { match = GuidanceClassifier.Match(kind: .version, strength: 0.6) }
                default:
                    break
                }
            }
            guard let m = match else { previousKept = false; continue }
            var ruleText = Condense.sentence(sentence)
            if let prev = previous, !previousKept, Condense.isAnaphoric(sentence) {
                ruleText = Condense.sentence(prev) + " " + ruleText
            }
            var subjects = Inlines.codeSpans(ruleText)
            if let subject = context.subject, !ruleText.contains(subject) {
                let bare = subject.hasSuffix("()") ? String(subject.dropLast(2)) : subject
                if !ruleText.contains(bare) { ruleText = "`\(subject)`: " + ruleText }
                subjects.insert(subject, at: 0)
            }
            var example: CodeExample? = nil
            if i == sentences.count - 1, sentence.hasSuffix(":"), case .code(let language, let code)? = following,
               code.split(separator: "\n", omittingEmptySubsequences: false).count <= extractor.maxExampleLines,
               code.utf8.count <= extractor.maxExampleBytes {
                example = CodeExample(language: language, code: code)
            }
            let score = Score.compute(match: m, text: ruleText, subjects: subjects, admonition: context.admonition, example: example != nil)
            var seen = Set<String>()
            subjects = subjects.filter { seen.insert($0).inserted }
            rules.append(RuleCandidate(text: ruleText, kind: m.kind, subjects: subjects, example: example,
                                       source: SourceRef(url: chunk.source.url, anchor: context.anchor, breadcrumb: context.crumbs),
                                       score: score))
            previousKept = true
        }
    }
}

/// Ranking evidence for a candidate.
enum Score {
    static func compute(match: GuidanceClassifier.Match, text: String, subjects: [String], admonition: AdmonitionKind?, example: Bool) -> Double {
        var s = match.strength * 10
        s += Double(match.kind.strength) * 0.5
        if !subjects.isEmpty { s += min(3, Double(subjects.count)) }
        switch admonition {
        case .warning?, .danger?, .caution?, .error?, .attention?: s += 3
        case .important?, .deprecated?: s += 2.5
        case .versionChanged?, .versionAdded?: s += 0.5
        case .note?, .tip?, .hint?: s += 0.5
        default: break
        }
        let words = text.split(separator: " ").count
        if words > 60 { s -= 2 } else if words < 6 { s -= 1.5 }
        if example { s += 0.5 }
        return (s * 1000).rounded() / 1000
    }
}

/// Rendering inline runs for rules: code keeps backticks, links keep only their text.
enum Inlines {
    static func ruleText(_ inlines: [Inline]) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let s), .emphasis(let s), .strong(let s): out += s
            case .link(let text, _): out += text
            case .code(let s): out += "`" + s.replacingOccurrences(of: "`", with: "'") + "`"
            }
        }
        return out.trimmingWhitespace()
    }

    /// The contents of the backtick spans in `text`, in order, without duplicates.
    static func codeSpans(_ text: String) -> [String] {
        var spans: [String] = []
        var current: String? = nil
        for ch in text {
            if ch == "`" {
                if let c = current { if !c.isEmpty && !spans.contains(c) { spans.append(c) }; current = nil } else { current = "" }
            } else if current != nil {
                current!.append(ch)
            }
        }
        return spans
    }
}

/// Names of the API entry a block describes.
enum ApiName {
    static let keywords: Set<String> = ["class", "def", "async", "pub", "fn", "static", "final", "exception", "method", "property",
                                        "attribute", "function", "data", "classmethod", "staticmethod", "abstract", "public",
                                        "private", "protected", "const", "struct", "enum", "trait", "impl", "type", "interface",
                                        "unsafe", "extern", "mod", "macro", "module", "coroutine", "awaitable", "void", "int"]

    static func fromSignature(_ term: [Inline]) -> String? {
        let text = term.plainText.trimmingWhitespace()
        guard !text.isEmpty, text.count < 300 else { return nil }
        let head = text.split(separator: "(", maxSplits: 1).first.map(String.init) ?? text
        let tokens = head.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).map(String.init).filter { !keywords.contains($0.lowercased()) }
        guard var name = tokens.last?.trimmingCharacters(in: CharacterSet(charactersIn: ":,;")), !name.isEmpty else { return nil }
        if let lt = name.firstIndex(of: "<") { name = String(name[..<lt]) }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "_.:$-".contains($0) }), name.first?.isLetter == true || name.first == "_" || name.first == "-" else { return nil }
        if name.count > 80 { return nil }
        return text.contains("(") ? name + "()" : name
    }

    static func fromHeading(_ text: String) -> String? {
        let t = text.trimmingWhitespace()
        guard t.count < 120 else { return nil }
        let tokens = t.split(separator: " ")
        // An identifier directly followed by "(", or one token with "::", "." or "_" inside it.
        let call = t.range(of: #"^[A-Za-z_][\w.:$]*(<[^>]*>)?\("#, options: .regularExpression) != nil
        let dotted = tokens.count <= 2 && tokens.contains(where: { tok in
            tok.count > 2 && (tok.contains("::") || tok.dropFirst().dropLast().contains(".") || tok.contains("_"))
        })
        let keywordSignature = tokens.count >= 2 && keywords.contains(String(tokens[0]).lowercased()) && tokens.count <= 6 && (t.contains("(") || tokens.count == 2)
        guard call || dotted || keywordSignature else { return nil }
        return fromSignature([.text(t)])
    }
}

/// Extractive condensation: drops discourse fillers, never adds words.
enum Condense {
    static let fillers = [
        "note, however, that ", "note however that ", "please note that ", "note that ", "keep in mind that ", "it is important to note that ",
        "it should be noted that ", "remember that ", "be aware that ", "also, ", "however, ", "in addition, ", "additionally, ",
        "as mentioned above, ", "as noted above, ", "of course, ", "in general, ", "generally, ", "basically, ", "so, ", "thus, ",
        "note: ", "warning: ", "important: ", "tip: ",
    ]
    static let anaphora = ["this ", "it ", "that ", "these ", "those ", "doing so", "in this case", "otherwise", "in that case", "such ", "then "]

    static func sentence(_ s: String) -> String {
        var t = s.trimmingWhitespace()
        var changed = true
        while changed {
            changed = false
            let lower = t.lowercased()
            for f in fillers where lower.hasPrefix(f) && t.count > f.count + 10 {
                t = String(t.dropFirst(f.count))
                changed = true
                break
            }
        }
        if let first = t.first, first.isLowercase, !t.hasPrefix("`") {
            // Capitalise only plain words, never identifiers.
            let word = t.prefix(while: { $0.isLetter })
            if word.count == t.prefix(while: { $0 != " " }).count { t = first.uppercased() + t.dropFirst() }
        }
        return t
    }

    static func isAnaphoric(_ s: String) -> Bool {
        let l = s.lowercased()
        return anaphora.contains(where: { l.hasPrefix($0) })
    }
}
