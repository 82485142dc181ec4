/// What kind of guidance a rule carries.
public enum RuleKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case must, never, should, avoid, deprecated, warning, version, `default`, example

    /// Sort weight: stronger guidance first.
    public var strength: Int {
        switch self {
        case .must, .never: return 6
        case .deprecated, .warning: return 5
        case .avoid, .should: return 4
        case .default: return 3
        case .version: return 2
        case .example: return 1
        }
    }

    public static func < (a: RuleKind, b: RuleKind) -> Bool {
        (a.strength, b.rawValue) > (b.strength, a.rawValue)
    }
}

/// A short code example paired with a rule.
public struct CodeExample: Sendable, Hashable, Codable {
    public var language: String?
    public var code: String

    public init(language: String?, code: String) {
        self.language = language
        self.code = code
    }
}

/// A longer example a statement introduces, with the words that introduce it when the rule's text left them out
/// ("For instance, a correct program looks like this:"): they are said again when the example comes along.
public struct LongExample: Sendable, Hashable, Codable {
    public var lead: String?
    /// The rule's text ended its introduction with a colon that became a full stop ("… like this."): the colon comes
    /// back with the example.
    public var colon: Bool
    public var example: CodeExample

    public init(lead: String? = nil, colon: Bool = false, example: CodeExample) {
        self.lead = lead
        self.colon = colon
        self.example = example
    }
}

/// One thing the documentation insists on, in the documentation's own terms.
///
/// Both extractors produce these; Link merges, ranks and groups them; Emit only formats them.
public struct RuleCandidate: Sendable, Hashable, Codable {
    /// One concise imperative sentence, condensed from the source (never invented).
    public var text: String
    public var kind: RuleKind
    /// API identifiers the rule is about, exactly as written in the documentation.
    public var subjects: [String]
    public var example: CodeExample?
    public var source: SourceRef
    /// Ranking evidence; higher is more important.
    public var score: Double
    /// Optional topic hint from the extractor (LLM titles); Link decides the final topic.
    public var title: String?
    /// Optional file globs the rule applies to (LLM extractors may propose them).
    public var globs: [String]
    /// Whether the statement sits in a call-out box that warns (warning, caution, danger, attention, error,
    /// important), whose kind its words may not say: only then does a `warning` rule get a "Warning:" label. A
    /// warning read from running prose, a note or a tip states its restriction or risk itself ("… only provide load and store operations"). Nil when unknown (a
    /// model's rules): labelled by kind.
    public var inCallout: Bool?
    /// The list item, definition entry or call-out box of its page the statement comes from (numbered in page order),
    /// nil in running prose: Link puts neighbouring rules of one passage in one list item of the output, but not rules
    /// of two items of a source list, two entries of a definition list, or a box and the prose around it.
    public var passage: Int?
    /// A longer example the documentation shows right after the statement, too long to come with every rule: Link
    /// attaches it only when the page's budget has room left once the rules are chosen (`Linker.addLongExamples`).
    public var longExample: LongExample?

    public init(text: String, kind: RuleKind, subjects: [String] = [], example: CodeExample? = nil,
                source: SourceRef, score: Double, title: String? = nil, globs: [String] = [], inCallout: Bool? = nil,
                passage: Int? = nil) {
        self.inCallout = inCallout
        self.passage = passage
        self.text = text
        self.kind = kind
        self.subjects = subjects
        self.example = example
        self.source = source
        self.score = score
        self.title = title
        self.globs = globs
    }
}

extension RuleCandidate {
    /// Bytes the rule is expected to take when rendered as one list item with its link and example.
    public var estimatedBytes: Int {
        text.utf8.count + (example.map { $0.code.utf8.count + 12 } ?? 0) + source.link.utf8.count + 16
    }

    /// Bytes of the list item alone when its source link is a reference shared with other rules
    /// of the same file (`- text [§][n]`): the link definition is counted once per file.
    public var itemBytes: Int {
        let exampleBytes = example.map { ex -> Int in
            let lines = ex.code.split(separator: "\n", omittingEmptySubsequences: false).count
            return lines == 1 ? ex.code.utf8.count + 3 : ex.code.utf8.count + lines * 2 + (ex.language?.utf8.count ?? 0) + 12
        } ?? 0
        return text.utf8.count + exampleBytes + 12
    }

    /// Bytes of the reference definition of this rule's source link (`[n]: url#anchor`).
    public var linkDefinitionBytes: Int { source.link.utf8.count + 6 }
}

/// A group of rules about one topic: becomes one rule file per file-based target.
public struct RuleTopic: Sendable, Hashable, Codable {
    /// A safe file-name slug, unique within a rule set.
    public var slug: String
    public var title: String
    /// One sentence saying when the topic applies (for "agent requested" style triggers).
    public var description: String
    public var rules: [RuleCandidate]
    /// Source page URLs, sorted.
    public var sources: [String]
    /// Globs for this topic only, overriding the rule set's.
    public var globs: [String]?

    public init(slug: String, title: String, description: String, rules: [RuleCandidate], sources: [String], globs: [String]? = nil) {
        self.globs = globs
        self.slug = slug
        self.title = title
        self.description = description
        self.rules = rules
        self.sources = sources
    }
}

/// Rules that Link dropped to fit a byte budget, reported to the user.
public struct DroppedRules: Sendable, Hashable, Codable {
    /// The page URL (per-page budget) or topic the rules were dropped from.
    public var topic: String
    public var count: Int
    public var bytes: Int
    /// Which budget dropped them: `page` or `total`; `guidance` for a page under the guidance floor
    /// (`LinkOptions.minimumPageScore`).
    public var budget: String
    /// The dropped rules, weakest first.
    public var rules: [RuleCandidate]

    public init(topic: String, count: Int, bytes: Int, budget: String = "page", rules: [RuleCandidate] = []) {
        self.topic = topic
        self.count = count
        self.bytes = bytes
        self.budget = budget
        self.rules = rules
    }
}

/// The linked, ranked and grouped output of a compile, ready to be emitted.
public struct RuleSet: Sendable, Hashable, Codable {
    /// A name for the whole set (the documentation's site or project name).
    public var name: String
    public var topics: [RuleTopic]
    /// File globs the rules apply to (from the documentation's language), possibly empty.
    public var globs: [String]
    public var dropped: [DroppedRules]

    public init(name: String, topics: [RuleTopic], globs: [String], dropped: [DroppedRules] = []) {
        self.name = name
        self.topics = topics
        self.globs = globs
        self.dropped = dropped
    }

    public var ruleCount: Int { topics.reduce(0) { $0 + $1.rules.count } }
}

/// What Emit needs to know about a compiled page (for indexes such as `llms.txt`).
public struct PageSummary: Sendable, Hashable, Codable {
    public var url: String
    public var title: String
    public var description: String?
    /// The slug of the topic the page belongs to, when it has one.
    public var topic: String?
    /// The page's content as Markdown, kept only when a target needs it (`llms-full.txt`).
    public var markdown: String?

    public init(url: String, title: String, description: String? = nil, topic: String? = nil, markdown: String? = nil) {
        self.url = url
        self.title = title
        self.description = description
        self.topic = topic
        self.markdown = markdown
    }
}
