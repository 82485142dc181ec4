import Foundation
import RulesMakerCore

/// The evidence a candidate rule is ranked on, as a fixed vector of general signals: how strong
/// and of which kind the guidance is, where it sits (admonition, section, API entry), how
/// specific it is (identifiers, code spans), what it costs (bytes), and how it reads (addressed
/// to the reader, narrative, historical, a consequence named). None of them is a phrase of one
/// site; `RankModel` weighs them.
public struct RankFeatures: Sendable, Equatable {
    /// Feature names, in vector order. `Benchmarks/fit-ranker.py` reads them from
    /// `rules-maker inspect PAGE --stage candidates --format json`.
    public static let names: [String] = [
        "strength", "kind_must", "kind_should", "kind_warning", "kind_deprecated", "kind_default", "kind_version",
        "fact", "adm_danger", "adm_important", "adm_deprecated", "adm_version", "adm_note", "adm_tip",
        "subjects", "code_spans", "kbytes", "over_long", "short", "section_strong", "section_weak",
        "guidance_heading", "det_modal", "det_prohibition", "det_imperative", "det_risk", "det_recommendation",
        "det_default", "det_version", "det_deprecation", "det_constraint", "discourse", "first_person",
        "narrative", "you", "if_you_want", "history", "consequence", "negation", "example", "sentences",
        "table_row", "api_entry", "heading_api", "depth", "inherited", "emphasis", "shout", "reason", "salience",
        "tutorial_voice", "anaphora",
    ]

    public private(set) var values: [Double]

    public init() { values = Array(repeating: 0, count: Self.names.count) }

    public subscript(_ name: String) -> Double {
        get { Self.index[name].map { values[$0] } ?? 0 }
        set { if let i = Self.index[name] { values[i] = newValue } }
    }

    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

    /// Named values, for `inspect --stage candidates`.
    public var named: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(Self.names, values))
    }
}

/// What the extractor knows about a statement when it ranks it.
struct RankInput {
    var match: GuidanceClassifier.Match
    var isFact: Bool
    var text: String
    var subjects: [String]
    var example: CodeExample?
    var admonition: AdmonitionKind?
    var crumbs: [String]
    var analyses: [GuidanceClassifier.Analysis]
    var sentences: Int
    var fromGuidanceHeading: Bool
    var isTableRow: Bool
    var apiEntry: Bool
    var headingSubject: Bool
    var inherited: Bool
    var emphasized: Bool
    /// Occurrences on the page of the most mentioned API the rule names.
    var salience: Int
}

/// How often each inline code span occurs in a page's chunks.
struct CodeMentions {
    private var counts: [String: Int] = [:]

    init(_ chunks: [Chunk]) {
        for chunk in chunks { add(chunk.blocks) }
    }

    func count(of subject: String) -> Int {
        // A call with its parameter types (`tryAcquire(int, long, TimeUnit)`) is mentioned by its name.
        let bare = ApiName.withoutArguments(subject)
        return (counts[bare] ?? 0) + (bare == subject ? 0 : counts[subject] ?? 0)
    }

    private mutating func add(_ inlines: [Inline]) {
        for case .code(let s) in inlines {
            let bare = s.hasSuffix("()") ? String(s.dropLast(2)) : s
            counts[bare, default: 0] += 1
        }
    }

    private mutating func add(_ blocks: [ContentBlock]) {
        for block in blocks {
            switch block {
            case .paragraph(let inlines): add(inlines)
            case .list(_, let items): for item in items { add(item) }
            case .admonition(_, _, let inner), .quote(let inner): add(inner)
            case .definitionList(let items): for item in items { add(item.term); add(item.definition) }
            case .table(let t): for row in t.rows { for cell in row { add(cell) } }
            case .heading, .code: break
            }
        }
    }
}

extension RankFeatures {
    /// Section titles that mark guidance-dense parts of a page.
    static let strongSections = ["security", "warning", "caveat", "pitfall", "gotcha", "best practice", "good practice", "limitation",
                                 "deprecat", "migrat", "troubleshoot", "thread", "concurren", "safety", "important", "known issue",
                                 "common mistake", "performance", "upgrad", "compatib", "error handling", "tips", "panic"]
    /// Section titles whose prose is rarely guidance.
    static let weakSections = ["changelog", "change log", "history", "license", "licence", "acknowledg", "contributing", "credits",
                               "release notes", "what's new", "glossary", "see also", "further reading", "references",
                               // The authors' plans, not the reader's ("A To-Do List for Helgrind").
                               "to-do list", "todo list", "roadmap", "future work", "wish list", "wishlist"]
    /// rustdoc's sections of a type's trait implementations: notes that belong to the trait, not the type (a crumb of
    /// its own, not The Rust Reference's prose about trait implementations).
    static let traitImplementationCrumbs: Set<String> = ["trait implementations", "auto trait implementations", "blanket implementations"]
    /// The sections of those that list the type's own `Send` and `Sync` implementations (`ThreadSafety`); blanket
    /// implementations and a trait's implementors are other types'.
    static let threadSafetyCrumbs: Set<String> = ["trait implementations", "auto trait implementations"]

    /// Words that name a consequence worth knowing about.
    static let consequenceStems = ["deadlock", "race", "corrupt", "crash", "hang", "leak", "secur", "unsafe", "insecure", "lost",
                                   "loss", "inject", "vulnerab", "attack", "stale", "overflow", "exhaust", "fail", "error", "exception"]
    static let shouted: Set<String> = ["MUST", "NOT", "NEVER", "ALWAYS", "EVERY", "ALL", "ONLY", "DO", "DON'T", "SHOULD", "CANNOT", "NO"]
    static let reasonPhrases = ["because", "otherwise", "or else", "so that", "as a result", "which means", "lead to", "leads to",
                                "result in", "results in", "cause ", "causes", "prevent", "in order to", "to avoid", "to ensure"]
    static let firstPerson: Set<String> = ["i", "we", "our", "us", "let's", "lets", "i'm", "we'll", "we're", "i've", "we've"]
    static let narrativeOpeners = ["this means", "here ", "in this example", "for example", "above", "as you can see", "in the example",
                                   "the following", "in this case", "what this means", "this is", "that is", "below"]
    static let tutorialOpeners = ["let's ", "let us ", "now that ", "next, we", "next, let's", "we'll ", "we will ", "so far, ",
                                  "in this chapter", "in this section", "in this tutorial", "notice how", "notice that", "to recap",
                                  // …and pointing at its own examples rather than saying anything about the API.
                                  "in this example", "below is", "below are", "here is ", "here are ", "here's ", "as you can see",
                                  "the example above", "the example below", "the code above", "the code below", "the following example",
                                  "in the example above", "in the code above", "in the following example", "in the following code",
                                  "in the example below", "in the code below", "the following code",
                                  // …or setting its reader an exercise, or recalling its own earlier chapters.
                                  "if you're interested in", "if you are interested in", "as an exercise", "try creating", "try writing",
                                  "here's the important part", "here is the important part", "recall from chapter", "recall that in chapter",
                                  "as we did in listing", "then, as we did in listing", "the error message states", "the compiler is telling us",
                                  "earlier, we", "as we saw", "as we've seen", "as we have seen", "as you saw", "note how ",
                                  "before you move on", "try changing", "try adding", "try removing", "now when you",
                                  // …or its author narrating ("I'm going to …", "For simplicity, we assume …").
                                  "i'm going to", "i am going to", "i'll ", "i will ", "let me ", "for simplicity, we", "for simplicity we"]
    static let anaphoricOpeners = ["they ", "these ", "this ", "such ", "those ", "its ", "it ", "other ",
                                   "in such a case", "in such cases", "in such a situation", "in such situations", "in this case",
                                   "in that case", "in these cases", "in those cases"]
    static let historyPhrases = ["previous version", "previous release", "prior to", "older version", "earlier version", "used to ",
                                 "in the past", "no longer", "was changed", "historically", "before version"]

    init(_ r: RankInput) {
        self.init()
        let m = r.match
        self["strength"] = m.strength
        switch m.kind {
        case .must, .never: self["kind_must"] = 1
        case .should, .avoid: self["kind_should"] = 1
        case .warning: self["kind_warning"] = 1
        case .deprecated: self["kind_deprecated"] = 1
        case .default: self["kind_default"] = 1
        case .version: self["kind_version"] = 1
        case .example: break
        }
        if r.isFact { self["fact"] = 1 }
        switch r.admonition {
        case .warning?, .danger?, .caution?, .error?, .attention?: self["adm_danger"] = 1
        case .important?: self["adm_important"] = 1
        case .deprecated?: self["adm_deprecated"] = 1
        case .versionAdded?, .versionChanged?: self["adm_version"] = 1
        case .note?: self["adm_note"] = 1
        case .tip?, .hint?: self["adm_tip"] = 1
        default: break
        }
        self["subjects"] = Double(min(3, r.subjects.count))
        var spans = 0, inSpan = false
        for b in r.text.utf8 where b == UInt8(ascii: "`") {
            if inSpan { spans += 1 }
            inSpan.toggle()
        }
        self["code_spans"] = Double(min(4, spans))
        let bytes = r.text.utf8.count + (r.example?.code.utf8.count ?? 0)
        self["kbytes"] = Double(bytes) / 1000
        if bytes > 320 { self["over_long"] = Double(bytes - 320) / 120 }
        let words = r.text.split(separator: " ")
        if words.count < 6 { self["short"] = 1 }
        let section = r.crumbs.dropFirst().joined(separator: " ").lowercased()
        if Self.strongSections.contains(where: { section.contains($0) }) { self["section_strong"] = 1 }
        if Self.weakSections.contains(where: { section.contains($0) }) { self["section_weak"] = 1 }
        if let k = r.crumbs.firstIndex(where: { Self.traitImplementationCrumbs.contains($0.lowercased()) }), k + 1 < r.crumbs.count,
           r.crumbs[k + 1].hasPrefix("impl") { self["section_weak"] = 1 }
        if r.fromGuidanceHeading { self["guidance_heading"] = 1 }
        let detectors = Set(r.analyses.flatMap { $0.signals.map(\.detector) })
        for d in GuidanceClassifier.Detector.allCases where detectors.contains(d) { self["det_" + d.rawValue] = 1 }
        if r.analyses.contains(where: \.isDiscourse) { self["discourse"] = 1 }

        let lower = r.text.lowercased()
        let tokens = GuidanceClassifier.tokenize(r.text)
        let lowerBytes = Array(lower.utf8)
        if tokens.contains(where: { Self.firstPerson.contains($0) }) { self["first_person"] = 1 }
        if tokens.contains("you") || tokens.contains("your") || tokens.contains("you're") || tokens.contains("you'll") { self["you"] = 1 }
        // The statement's own words, after a "`api`: " subject prefix if one was added.
        var body = Substring(lower)
        if body.hasPrefix("`"), let close = body.dropFirst().firstIndex(of: "`"), body[body.index(after: close)...].hasPrefix(": ") {
            body = body[body.index(close, offsetBy: 3)...]
        }
        if Self.narrativeOpeners.contains(where: { body.hasPrefix($0) }) { self["narrative"] = 1 }
        // A tutorial walking the reader through its own example ("Let's think about whether our Carton is Send").
        let apostrophe = body.replacingOccurrences(of: "\u{2019}", with: "'")
        if Self.tutorialOpeners.contains(where: { apostrophe.hasPrefix($0) }) { self["tutorial_voice"] = 1 }
        // …or pointing at its numbered listings ("Listing 10-12 shows the definition of a `Summary` trait …").
        // ("Listing 10-12", "Listing 3.1"; not "Listing 1000 objects costs …".)
        if body.hasPrefix("listing ") {
            let number = body.dropFirst(8).prefix { !$0.isWhitespace }
            if number.first?.isNumber == true, number.contains(where: { $0 == "-" || $0 == "." }),
               number.trimmingCharacters(in: CharacterSet(charactersIn: ",:;")).last?.isNumber == true { self["tutorial_voice"] = 1 }
        }
        // A statement that opens on what the text before it said ("They are therefore vulnerable …", "This option is
        // useful because …") and carries no label to say what: it reads well only beside that text.
        if r.subjects.isEmpty || !r.text.hasPrefix("`"), Self.anaphoricOpeners.contains(where: { body.hasPrefix($0) }),
           !body.hasPrefix("it is "), !body.hasPrefix("it's ") { self["anaphora"] = 1 }
        if body.hasPrefix("if you want") || body.hasPrefix("if you need") || body.hasPrefix("if you'd like") || body.hasPrefix("if you wish") {
            self["if_you_want"] = 1
        }
        if Self.historyPhrases.contains(where: { ByteSearch.contains(lowerBytes, $0.utf8) }) { self["history"] = 1 }
        if tokens.contains(where: { t in Self.consequenceStems.contains { t.hasPrefix($0) } }) { self["consequence"] = 1 }
        if tokens.contains(where: { $0 == "not" || $0 == "never" || $0 == "no" || $0 == "cannot" || $0.hasSuffix("n't") }) { self["negation"] = 1 }
        if r.example != nil { self["example"] = 1 }
        self["sentences"] = Double(min(4, r.sentences))
        if r.isTableRow { self["table_row"] = 1 }
        if r.apiEntry { self["api_entry"] = 1 }
        if r.headingSubject { self["heading_api"] = 1 }
        self["depth"] = Double(min(4, max(0, r.crumbs.count - 1)))
        if r.inherited { self["inherited"] = 1 }
        if r.emphasized { self["emphasis"] = 1 }
        if r.text.split(separator: " ").contains(where: { Self.shouted.contains(String($0.filter { $0.isLetter || $0 == "'" })) }) { self["shout"] = 1 }
        if Self.reasonPhrases.contains(where: { ByteSearch.contains(lowerBytes, $0.utf8) }) { self["reason"] = 1 }
        self["salience"] = log2(1 + Double(r.salience))
    }
}

/// A linear model over `RankFeatures`: the score is `scale × (bias + Σ weightᵢ × featureᵢ)`.
public struct RankModel: Sendable {
    public var bias: Double
    public var weights: [String: Double]
    /// Multiplies the linear value so that scores keep the range the Linker's section penalty is
    /// calibrated for.
    public var scale: Double

    public init(bias: Double, weights: [String: Double], scale: Double = 1) {
        self.bias = bias
        self.weights = weights
        self.scale = scale
    }

    /// The default weights, set by hand (docs/rules.md): guidance strength dominates, then its
    /// kind, how many APIs it names, the call-out it sits in and its section; long and very short
    /// statements and descriptive facts lose. `Benchmarks/fit-ranker.py` fits alternatives on
    /// labelled pages; none fitted so far generalised better (docs/performance.md).
    public static let handSet = RankModel(bias: 0, weights: [
        "strength": 6,
        "kind_must": 2.4, "kind_warning": 2.0, "kind_deprecated": 2.0, "kind_should": 1.6, "kind_default": 1.2, "kind_version": 0.8,
        "subjects": 1,
        "adm_danger": 2.5, "adm_important": 2, "adm_deprecated": 2, "adm_note": 0.5,
        "section_strong": 1, "section_weak": -3, "consequence": 1,
        "over_long": -1, "short": -1, "fact": -1.5, "tutorial_voice": -2.5,
        "anaphora": -1,
    ])

    public func score(_ f: RankFeatures) -> Double {
        var s = bias
        for (i, name) in RankFeatures.names.enumerated() { s += (weights[name] ?? 0) * f.values[i] }
        return (s * scale * 1000).rounded() / 1000
    }
}
