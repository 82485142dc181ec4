import RulesMakerCore

/// The offline, deterministic default extractor.
///
/// It walks each chunk's blocks keeping context (breadcrumb, nearest anchor, the API entry being
/// described, the admonition kind), splits prose into sentences and runs the guidance detectors
/// over each (see `GuidanceClassifier`). Kept sentences that follow each other in one block
/// become one statement, together with the sentence an anaphoric one ("This …", "It …") leans
/// on. Each statement becomes one rule in the documentation's own words, condensed (fillers
/// dropped, identifiers and values kept exactly), naming the API it is about, with a short code
/// example when the documentation introduces one right after it, and a link to its source.
/// `docs/rules.md` explains the decisions and the score.
public struct HeuristicExtractor: Extractor {
    public let name = "heuristic"
    let classifier = GuidanceClassifier()
    /// Examples longer than this many lines are not attached.
    public var maxExampleLines = 6
    /// Examples larger than this many bytes are not attached.
    public var maxExampleBytes = 260
    /// A longer example a statement introduces (up to this many lines and bytes) is kept aside with its rule, and comes
    /// along only when the page's budget has room for it once the rules are chosen (`RuleCandidate.longExample`).
    public var maxLongExampleLines = 60
    public var maxLongExampleBytes = 1600
    /// Sentences weaker than this (0…1, after context) are not kept.
    public var minimumStrength = 0.45
    /// Most sentences merged into one rule.
    public var maxSentencesPerRule = 4
    /// Most bytes of text in one rule (merging stops before it).
    public var maxRuleTextBytes = 450
    /// A statement longer than this is not a rule: prose does not run on for that long without a
    /// full stop, flattened structure (a table of contents, a layout table's cell) does.
    public var maxStatementBytes = 1200
    /// Strength given to descriptive facts (sentences without guidance that name an API or state
    /// a restriction); they rank below guidance and fill the room a page's budget leaves.
    public var factStrength = 0.3
    /// Weighs each candidate's ranking evidence into its score.
    public var rankModel = RankModel.handSet

    public init() {}

    public func extract(_ chunks: [Chunk], diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        extract(chunks)
    }

    /// Synchronous form, used by `inspect` and the tests.
    public func extract(_ chunks: [Chunk]) -> [RuleCandidate] {
        extractRanked(chunks).map(\.rule)
    }

    /// Every candidate with the evidence it was ranked on (`inspect --stage candidates`).
    public func extractRanked(_ chunks: [Chunk]) -> [(rule: RuleCandidate, features: RankFeatures)] {
        var out: [(rule: RuleCandidate, features: RankFeatures)] = []
        var parameterRules: [(index: Int, name: String, owner: String)] = []
        let mentions = CodeMentions(chunks)
        let overloaded = ApiName.overloads(chunks)
        var listItems = 0
        var threadSafety: [(implementation: ThreadSafety.Implementation, source: SourceRef)] = []
        for chunk in chunks {
            var walker = Walker(chunk: chunk, extractor: self, mentions: mentions, overloaded: overloaded)
            walker.listItems = listItems
            defer { listItems = walker.listItems }
            var context = Walker.Context(crumbs: chunk.source.breadcrumb, anchor: chunk.source.anchor)
            // A chunk that starts inside a member summary skips it up to the next section (both
            // Javadoc and Doxygen give summaries and details `h2` headings).
            if chunk.source.breadcrumb.contains(where: ApiName.isMemberSummary) || ApiName.isMemberSummaryAnchor(chunk.source.anchor) {
                context.skippingSummaryBelow = 2
            }
            // A chunk that starts inside an API entry ("Panics" under `fn close`) is about that API;
            // the page's own title and top heading ("Module syn::parse") name the page, not an entry.
            // (The chunk's own heading is named with its anchor: an overload cut in two keeps its parameter types.)
            let crumbs = Array(chunk.source.breadcrumb.dropFirst(2))
            if let api = crumbs.indices.reversed().lazy.compactMap({ k in
                k == crumbs.count - 1 ? ApiName.fromHeading(crumbs[k], anchor: chunk.source.anchor, overloaded: overloaded)
                                      : ApiName.fromHeading(crumbs[k])
            }).first {
                context.subject = api
                context.headingSubject = true
            }
            walker.walk(chunk.blocks, context: context)
            for p in walker.parameterRules { parameterRules.append((out.count + p.index, p.name, p.owner)) }
            out += zip(walker.rules, walker.features).map { ($0, $1) }
            threadSafety += walker.threadSafety
        }
        if let made = threadSafetyRule(threadSafety) { out.append(made) }
        // A parameter name several calls of the page share (`status`, `text`, `rulesLength`) is named with its call: what
        // holds for one call's does not for another's ("must be >= 0" is `ubrk_openBinaryRules()`'s `rulesLength`; -1 is
        // valid for `ubrk_openRules()`'s).
        var owners: [String: Set<String>] = [:]
        for p in parameterRules { owners[p.name, default: []].insert(p.owner) }
        for p in parameterRules where (owners[p.name]?.count ?? 0) > 1 {
            let label = "`\(p.name)`: "
            guard out[p.index].rule.text.hasPrefix(label) else { continue }
            out[p.index].rule.text = "`\(p.name)` (`\(p.owner)`): " + out[p.index].rule.text.dropFirst(label.count)
        }
        return out
    }

    /// The statement of a rustdoc type's `Send` / `Sync` implementations (`ThreadSafety`), ranked as a hazard when the
    /// type is not one of them and as a requirement on its parameters otherwise.
    func threadSafetyRule(_ found: [(implementation: ThreadSafety.Implementation, source: SourceRef)]) -> (rule: RuleCandidate, features: RankFeatures)? {
        guard let first = found.first, let statement = ThreadSafety.statement(found.map(\.implementation)) else { return nil }
        let signal = statement.negative
            ? GuidanceClassifier.Signal(detector: .risk, kind: .warning, strength: 0.85, cue: "not thread safe")
            : GuidanceClassifier.Signal(detector: .modal, kind: .must, strength: 0.6, cue: "requires")
        let analysis = GuidanceClassifier.Analysis(signals: [signal], isDiscourse: false)
        let type = first.implementation.type
        let evidence = RankFeatures(RankInput(
            match: GuidanceClassifier.Match(kind: signal.kind, strength: signal.strength), isFact: false, text: statement.text,
            subjects: [type], example: nil, admonition: nil, crumbs: first.source.breadcrumb, analyses: [analysis], sentences: 1,
            fromGuidanceHeading: false, isTableRow: false, apiEntry: false, headingSubject: false, inherited: false, emphasized: false,
            salience: 0))
        let rule = RuleCandidate(text: statement.text, kind: signal.kind, subjects: [type], source: first.source,
                                 score: rankModel.score(evidence), inCallout: false)
        return (rule, evidence)
    }
}

struct Walker {
    struct Context {
        var crumbs: [String]
        var anchor: String?
        /// The API entry the prose is about (signature, identifier heading, table row, parameter).
        var subject: String?
        var admonition: AdmonitionKind?
        /// A heading that is itself guidance ("Avoid launching synchronous subtasks"), waiting
        /// to be joined with the first statement of its section.
        var guidanceHeading: String?
        /// The heading of the section whose first block is being read, when it names a topic
        /// ("Content Security Policy (CSP)") that the section's opening statement may only call
        /// "this header".
        var topicHeading: String?
        /// The subject was named by the section heading (an API or option heading).
        var headingSubject = false
        /// The level of the heading that named the subject.
        var subjectLevel: Int?
        /// Guidance of a lead-in sentence ("… where you have to be careful:") that the items of
        /// the list after it inherit.
        var inherited: GuidanceClassifier.Match?
        /// That lead-in sentence: an item that says nothing of its own ("Calling `Markup` on data submitted by users")
        /// is a rule only with it.
        var leadIn: String?
        /// That lead-in's rule came with its whole (short) list (`shortListText`): it says the items already.
        var leadInCompleted = false
        /// The list being read names the events a lead-in waits for ("… lies dormant until one of four things happens:"):
        /// an item is one of them ("A \"spurious wakeup\" occurs."), not a warning of its own.
        var eventItems = false
        /// The paragraph before a short list made a rule that says the whole list (`shortListText`): its items are said.
        var listTaken = false
        /// A lead-in that is only a condition ("When the debug mode is enabled:", "In const contexts:"): the items
        /// of the list after it hold under it, and their rules say so.
        var listCondition: String?
        /// Words the author set in bold or italics in the block being read.
        var emphasized: [String] = []
        /// The label of the "Throws" / "Raises" field whose entry is being read: the exception the
        /// entry names is not the statement's subject, the enclosing API is.
        var throwsLabel: String?
        /// The entry of a "Returns" field is being read: a noun phrase there ("true if the count reached zero") says
        /// what the API returns, and the rule says so.
        var returnsField = false
        /// The walk starts inside a member summary: skip up to a heading of this level or above.
        var skippingSummaryBelow: Int?
        /// An API entry (a signature or API heading) has just opened: its first paragraph is the entry's
        /// brief, which says what the API does — in the imperative mood of Python and Doxygen
        /// docstrings ("Open a new UBreakIterator.", "Register a blueprint.") — not what the reader must do.
        var briefPending = false
        /// An option of a command's `--help` output: its description says what the option does, whatever verb
        /// it opens with.
        var helpEntry = false
        /// A heading that names no API has just opened (BoostBook's "Move Constructor"): a short declaration right
        /// after it (`scoped_thread(scoped_thread&& other) noexcept;`) names the entry, at this heading's level.
        var signatureMayFollow: Int?
        /// The list item being read (numbered in page order), nil outside lists.
        var listItem: Int?
        /// The passage of the page being read (`RuleCandidate.passage`): the list item or entry, or the call-out box
        /// (numbered with them), nil in running prose. Rules of one passage may share a list item; a box's rules do
        /// not join the prose around it.
        var passage: Int?
        /// An entry of an index is being read (`Walker.isIndex`): its one-line summary is no fact worth a rule.
        var inIndex = false
        /// The call whose "Parameters" field is being read: its entries' rules are about its parameters.
        var parameterOwner: String?
    }

    let chunk: Chunk
    let extractor: HeuristicExtractor
    /// How often each code span occurs on the page (ranking: how central an API is).
    let mentions: CodeMentions
    /// Names of the page's overloaded Javadoc entries (`ApiName.overloads`).
    let overloaded: Set<String>
    /// The rules (by index) labelled with a parameter of a call, and that call: named with it when the page's calls
    /// share the name (`HeuristicExtractor.extractRanked`).
    var parameterRules: [(index: Int, name: String, owner: String)] = []
    /// rustdoc's `Send` / `Sync` implementation headings read so far, with where they are (`ThreadSafety`).
    var threadSafety: [(implementation: ThreadSafety.Implementation, source: SourceRef)] = []
    var rules: [RuleCandidate] = []
    /// The ranking evidence of each rule, in the same order.
    var features: [RankFeatures] = []
    /// The rule that ends with the last sentence of the paragraph just read, which the next
    /// paragraph may continue ("… must serialize such access." / "To serialize access, …").
    var openRule: Int?
    /// List items, definition entries and call-out boxes read so far on the page (the walk of each chunk goes on from the
    /// last one's count): they number `Context.listItem` and `Context.passage`.
    var listItems = 0
    /// The code block between the paragraph that ended `openRule` and the next one: a paragraph
    /// that leans on the rule across it ("To prevent this, …") joins the rule and takes it along.
    var bridgedExample: CodeExample?
    /// A list just read under a lead-in that is only a condition, as one run ("If the current thread:" / "has its
    /// interrupted status set on entry to this method; or is interrupted while waiting"): a paragraph after it that
    /// opens with "then" completes that condition.
    var conditionList: String?

    init(chunk: Chunk, extractor: HeuristicExtractor, mentions: CodeMentions, overloaded: Set<String> = []) {
        self.chunk = chunk
        self.extractor = extractor
        self.mentions = mentions
        self.overloaded = overloaded
    }

    /// The name a short C or C++ declaration declares (one to three lines, ending in ";" or a brace):
    /// "scoped_thread() noexcept;" → `scoped_thread()`, "template <class F> explicit scoped_thread(F&& f);" →
    /// `scoped_thread()`, "~strict_scoped_thread();" → `~strict_scoped_thread()`. Nil for a statement that calls
    /// (`console.log("hello");`, `foo_init(&ctx);`) or defines a variable (`std::lock_guard<std::mutex> guard(mtx);`):
    /// each argument must be declared with a type (`thread&& t`, `Args&&... args`), and a bare name with no arguments
    /// needs a specifier after it (`noexcept`, `const`, `= delete`) or a tilde.
    static func declaredName(_ code: String) -> String? {
        guard code.utf8.count <= 400 else { return nil }
        let lines = code.split(separator: "\n").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard (1...3).contains(lines.count), let last = lines.last, last.hasSuffix(";") || last.hasSuffix("{") || last.hasSuffix("}") else { return nil }
        // A template's parameter line goes first ("template <class F, class ...Args>").
        var text = lines.joined(separator: " ")
        if text.hasPrefix("template"), let open = text.firstIndex(of: "<") {
            guard let end = ThreadSafety.closingAngle(text, from: open) else { return nil }
            text = String(text[text.index(after: end)...]).trimmingWhitespace()
        }
        // A destructor is named with its tilde ("~strict_scoped_thread();"); a defaulted or deleted member's "= delete;"
        // is no assignment. (An operator, `operator=(…)`, names no entry.)
        let tilde = text.hasPrefix("~")
        if tilde { text.removeFirst() }
        for suffix in ["= delete;", "= default;", "= 0;"] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)).trimmingWhitespace() + ";" }
        guard !text.contains("="), let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
        let head = text[..<open].split(separator: " ").filter { !$0.isEmpty }
        let arguments = text[text.index(after: open)..<close].split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        // Every argument declared: a type and a name, or a type alone with a declarator ("F&&", "const char *"); not a
        // literal or an expression ("hello world", `x * y`, `level + 1`, `ready && !done`).
        let declared = arguments.allSatisfy { a in
            guard !a.contains("\""), !a.contains("'"), a.first?.isNumber != true, !a.contains("!"), !a.contains("||"), !a.contains(" && "),
                  ![" + ", " - ", " / ", " % ", " * "].contains(where: { a.contains($0) }) else { return false }
            return a.split(separator: " ").count >= 2 || a.contains("&") && !a.hasPrefix("&") || a.contains("*") && !a.hasPrefix("*") || a == "void"
        }
        // (A statement opens with its keyword: `if (ready) {`, `return compute(x);`, `throw std::runtime_error(…);`.)
        guard declared, let firstWord = head.first.map({ String($0.prefix(while: { $0.isLetter || $0 == "_" })) }),
              !Self.statementKeywords.contains(firstWord) else { return nil }
        let after = String(text[text.index(after: close)...]).trimmingWhitespace()
        if head.count < 2, arguments.isEmpty, !tilde, !(after.count > 1) { return nil }
        guard let name = ApiName.fromSignatureText(text), ApiName.isCall(name) else { return nil }
        return tilde ? "~" + name : name
    }

    static let statementKeywords: Set<String> = ["if", "while", "for", "switch", "return", "throw", "case", "sizeof", "new", "delete",
                                                 "co_await", "co_return", "else", "do", "goto", "catch"]

    /// A numbered caption of a listing, figure, table or example ("Listing 16-2: …", "Figure 3.",
    /// "Example 2.1. …"), as books and DocBook/mdBook pages put above or below code.
    /// "Examples", "Example", "Usage examples": a section of examples.
    static func isExamplesHeading(_ heading: String) -> Bool {
        let h = ContentBlock.plainHeading(heading).lowercased().trimming(" :")
        return h == "examples" || h == "example" || h.hasSuffix(" examples") || h.hasSuffix(" example")
    }

    /// Imperatives that advise even as an entry's first sentence.
    /// Verbs that open the steps of a walk-through ("Create an Engine", "Install Go", "Initialize your workspace").
    static let stepVerbs: Set<String> = ["create", "install", "initialize", "initialise", "write", "open", "declare", "emit", "configure",
                                         "start", "add", "run", "build", "import", "define", "update", "reset", "join", "select",
                                         "specify", "deploy", "download", "generate", "register", "insert", "query", "connect", "send",
                                         "publish", "upload", "edit", "modify", "rename", "launch", "load", "save", "print", "display",
                                         "get", "fetch", "list", "view", "try", "explore", "learn", "meet", "introduce", "prepare", "finish"]

    /// Whether a heading is a walk-through's step: a step verb and a few words that say no more than what is done
    /// ("Create an Engine", "Install Go"), not how to do it well ("Run containers as a non-root user", "Update
    /// dependencies regularly", "Configure timeouts for all clients").
    static func isStepHeading(_ heading: String) -> Bool {
        let words = Condense.withoutSectionNumber(heading.trimmingWhitespace()).lowercased().split(separator: " ")
            .map { String($0).trimming(".,:;") }
        guard let verb = words.first, stepVerbs.contains(verb), words.count <= 5 else { return false }
        return !words.dropFirst().contains { $0.hasSuffix("ly") || stepQualifiers.contains($0) }
    }

    static let stepQualifiers: Set<String> = ["as", "only", "all", "every", "always", "never", "not", "no", "instead", "before", "after",
                                              "without", "first", "production", "non-root", "least", "separate", "separately"]

    /// Modal verbs that open a sentence only as its continuation ("Will fail unless …") or as a question.
    /// ("Should the query fail, …" is a condition, a sentence of its own: not among them.)
    static let subjectlessOpeners: Set<String> = ["Will", "Would", "Can", "Could", "May", "Might", "Must", "Shall"]

    static let adviceImperatives: Set<String> = ["use", "call", "prefer", "avoid", "never", "don't", "do", "always", "ensure", "make",
                                                 "remember", "consider", "be", "note", "beware", "please"]

    /// The text of a paragraph that is one bold line of at most twelve words and no sentence
    /// ("**Additional Caveats for ORM-enabled updates and deletes**"), a title in all but markup.
    static func boldTitle(_ block: ContentBlock) -> String? {
        guard case .paragraph(let inlines) = block else { return nil }
        let parts = inlines.filter { if case .text(let t) = $0 { return !t.trimmingWhitespace().isEmpty } else { return true } }
        guard parts.count == 1, case .strong(let t) = parts[0] else { return nil }
        let line = t.trimmingWhitespace()
        guard let last = line.last, !".!?".contains(last), (1...12).contains(line.split(separator: " ").count) else { return nil }
        return line.hasSuffix(":") ? String(line.dropLast()).trimmingWhitespace() : line
    }

    /// The text of a "Returns" field entry as a statement: "Returns " before it unless it says so itself; an article
    /// that opened it is lower-cased ("The mapping for the key, if present" → "Returns the mapping …"), a value is not
    /// ("True if the queue is empty" stays "Returns True if …").
    static func returning(_ text: String) -> String {
        let t = text.trimmingWhitespace()
        guard !t.isEmpty, !t.lowercased().hasPrefix("return") else { return t }
        let first = t.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        if ["The", "A", "An", "This", "Its", "Their"].contains(first) { return "Returns " + first.lowercased() + t.dropFirst(first.count) }
        return "Returns " + t
    }

    /// Whether a list item is a phrase, not a sentence: it ends without a full stop ("Calling `Markup` on data submitted
    /// by users", "A git tag pointing to the published commit"), or opens with a gerund ("Configuring the warnings module
    /// to display `ResourceWarning` warnings.").
    static func isPhrase(_ text: String) -> Bool {
        guard let last = text.last(where: { !"\"'”’)`".contains($0) }) else { return false }
        if !".!?".contains(last) { return true }
        guard let first = text.split(separator: " ", maxSplits: 1).first?.lowercased(), first.count > 4 else { return false }
        return first.hasSuffix("ing") && first.dropLast(3).allSatisfy(\.isLetter) && !Self.notGerunds.contains(first)
    }

    /// Words ending in "-ing" that open a sentence without being its gerund subject ("During shutdown the pool rejects
    /// tasks.", "String values are copied.").
    static let notGerunds: Set<String> = ["nothing", "everything", "something", "anything", "during", "following", "according",
                                          "regarding", "concerning", "including", "excluding", "considering", "assuming", "notwithstanding",
                                          "string", "strings", "spring", "thing", "things", "ring", "king", "ceiling", "morning", "evening"]

    /// Whether a call-out box warns (warning, caution, danger, attention, error, important — whose every sentence is
    /// kept as a warning): a warning read from a note or a tip is labelled by its words, as in running prose, not as
    /// the box's "Warning:".
    static func warns(_ kind: AdmonitionKind) -> Bool {
        [.warning, .caution, .danger, .attention, .error, .important].contains(kind)
    }

    /// Longest lead-in an item of its list says again (`Context.leadIn`).
    static let maxLeadInBytes = 160

    /// A lead-in that lists the conditions under which something happens ("… the current thread … lies dormant until one
    /// of the following things happens:"): its items are events, not warnings of their own.
    static func enumeratesConditions(_ sentence: String) -> Bool {
        let lower = sentence.lowercased()
        if ["one of the following happens:", "one of the following things happens:", "one of the following occurs:",
            "one of the following things occurs:", "until one of the following"].contains(where: { lower.contains($0) }) { return true }
        // "… lies dormant until one of four things happens:" (Javadoc's waits), whatever the count.
        let words = lower.split(separator: " ")
        guard words.count >= 5 else { return false }
        // (Also "one of the following four things happens:", "one of these things occurs:".)
        for k in 0..<(words.count - 4) where words[k] == "one" && words[k + 1] == "of" {
            var j = k + 2
            if ["the", "these"].contains(words[j]) { j += 1 }
            if j < words.count, words[j] == "following" { j += 1 }
            if j < words.count, countWords.contains(String(words[j])) || words[j].allSatisfy(\.isNumber) { j += 1 }
            guard j + 1 < words.count, j > k + 2, words[j] == "things" else { continue }
            if ["happens:", "happen:", "occurs:", "occur:"].contains(String(words[j + 1])) { return true }
        }
        return false
    }

    static let countWords: Set<String> = ["two", "three", "four", "five", "six", "seven", "eight", "several"]

    static func isTeaser(_ inlines: [Inline]) -> Bool {
        guard let last = inlines.last(where: { if case .text(let t) = $0 { return !t.trimmingWhitespace().isEmpty } else { return true } }),
              case .link(let text, let url) = last else { return false }
        var label = text.trimmingWhitespace().lowercased()
        while let c = label.last, ".…→» ".contains(c) { label.removeLast() }
        // Only a copy of an item documented elsewhere (rustdoc links it to the trait's `#method.` / `#tymethod.`):
        // a page's own paragraph that ends "Learn more" still says what it says.
        let copied = ["#method.", "#tymethod.", "#associatedtype.", "#associatedconstant."].contains { url.contains($0) }
        return copied && label == "read more"
    }

    static func isCaption(_ text: String) -> Bool {
        let words = ["Listing ", "Figure ", "Fig. ", "Table ", "Example ", "Exhibit "]
        guard let word = words.first(where: { text.hasPrefix($0) }) else { return false }
        var rest = text.dropFirst(word.count)
        guard rest.first?.isNumber == true else { return false }
        while let c = rest.first, c.isNumber || c == "." || c == "-" { rest = rest.dropFirst() }
        let label = text[..<rest.startIndex]
        return rest.first == ":" || (rest.isEmpty ? false : label.hasSuffix(".")) || rest.isEmpty
    }

    mutating func walk(_ blocks: [ContentBlock], context: Context) {
        var ctx = context
        // The level of a Javadoc member summary being skipped (its details follow in full).
        var skippingBelow: Int? = ctx.skippingSummaryBelow
        ctx.skippingSummaryBelow = nil
        for (index, block) in blocks.enumerated() {
            if case .heading(let level, let text, let anchor) = block {
                if let l = skippingBelow, level <= l { skippingBelow = nil }
                if ApiName.isMemberSummary(text) || ApiName.isMemberSummaryAnchor(anchor) { skippingBelow = level; continue }
            }
            if skippingBelow != nil { continue }
            let topic = ctx.topicHeading
            ctx.topicHeading = nil
            let signatureLevel = ctx.signatureMayFollow
            ctx.signatureMayFollow = nil
            let continuing = openRule
            openRule = nil
            let bridged = bridgedExample
            bridgedExample = nil
            let afterConditionList = conditionList
            conditionList = nil
            var next: ContentBlock? = index + 1 < blocks.count ? blocks[index + 1] : nil
            // A caption between a statement and its example ("hello.py") does not separate them. rustdoc's "ⓘ" marks an
            // example that deliberately fails to compile, panics or is not tested: no example of the statement.
            if case .paragraph(let caption)? = next, index + 2 < blocks.count, case .code = blocks[index + 2],
               !caption.plainText.trimmingWhitespace().hasPrefix("ⓘ"),
               (caption.plainText.split(separator: " ").count <= 3 && !caption.plainText.hasSuffix(".")) || Self.isCaption(caption.plainText) {
                next = blocks[index + 2]
            }
            // Code the paragraph after it finds fault with ("… except there's a subtle problem with our code: it's not
            // exception-safe!") shows what not to do: no example of the statement before it.
            var criticized = false
            if case .code? = next, let codeIndex = blocks[(index + 1)...].firstIndex(where: { if case .code = $0 { return true } else { return false } }),
               codeIndex + 1 < blocks.count, case .paragraph(let after) = blocks[codeIndex + 1] {
                criticized = Self.findsFault(after.plainText)
            }
            switch block {
            case .heading(let level, let text, let anchor):
                if let anchor { ctx.anchor = anchor }
                if let last = ctx.crumbs.last, last != text, !chunk.source.breadcrumb.contains(text) { ctx.crumbs.append(text) }
                // rustdoc's `Send` / `Sync` implementations of the page's type: read once the whole page is (`ThreadSafety`).
                if let k = ctx.crumbs.firstIndex(where: { RankFeatures.threadSafetyCrumbs.contains($0.lowercased()) }),
                   var implementation = ThreadSafety.implementation(text) {
                    implementation.derived = ctx.crumbs.contains { $0.lowercased() == "auto trait implementations" }
                    threadSafety.append((implementation, SourceRef(url: chunk.source.url, anchor: ctx.anchor, breadcrumb: Array(ctx.crumbs[..<k]))))
                }
                let api = ApiName.fromHeading(text, anchor: anchor, overloaded: overloaded)
                ctx.briefPending = api != nil
                ctx.signatureMayFollow = api == nil && !Self.isExamplesHeading(text) ? level : nil
                if let api {
                    ctx.subject = api; ctx.headingSubject = true; ctx.subjectLevel = level
                } else if let l = ctx.subjectLevel, level > l {
                    // A sub-heading of an API entry ("Panics", "Safety", "Examples") is still about it.
                } else {
                    ctx.subject = context.subject; ctx.headingSubject = false; ctx.subjectLevel = nil
                }
                ctx.guidanceHeading = nil
                ctx.topicHeading = api == nil && level >= 2 && Self.isTopicHeading(text) ? text : nil
                let analysis = extractor.classifier.analyze(text)
                // A signature ("pub unsafe fn from_raw_vec(…)") names an API; its keywords are no guidance.
                let firstWord = text.split(separator: " ").first.map { String($0).lowercased() } ?? ""
                // (So is a Lisp form: "(call-with-semaphore sema proc …) → any" asks no one to call.)
                let isSignature = api != nil && (ApiName.keywords.contains(firstWord) || firstWord.hasPrefix("pub(")
                                                 || text.hasPrefix(ApiName.withoutArguments(api!)) || ApiName.lispFormName(text) != nil)
                // A step of a walk-through in the imperative ("Create an Engine", "Install Go", "Initialize your workspace")
                // says what the section does, not what to heed: only a heading whose imperative advises is guidance.
                let stepOnly = analysis.signals.allSatisfy({ $0.detector == .imperative }) && Self.isStepHeading(text)
                if !isSignature, let m = analysis.match, m.strength >= 0.6, !analysis.signals.allSatisfy({ $0.detector == .constraint }),
                   text.split(separator: " ").count >= 2, !stepOnly {
                    ctx.guidanceHeading = text
                }
            case .paragraph(let inlines):
                // "Listing 16-2: Saving a `JoinHandle<T>` …" labels an example; it states nothing.
                // "TODO: better explain …" is a note the author left for themselves.
                let plain = inlines.plainText
                if Self.isCaption(plain) || ["TODO", "FIXME", "XXX"].contains(where: { plain.hasPrefix($0 + ":") || plain.hasPrefix($0 + " ") }) { continue }
                // A summary that ends "Read more" with a link to the item it copies (rustdoc's first line of a trait
                // method under each implementation): its statements belong to that page.
                if Self.isTeaser(inlines) { continue }
                // A paragraph of links and nothing else (an epigraph's source, "Next: Configuration →") states nothing.
                if !inlines.isEmpty, Self.isLinkRun(inlines) { continue }
                var (text, subject) = ParameterEntry.split(inlines)
                // "… then `InterruptedException` is thrown" after "If the current thread:" and its list: one statement.
                if let lead = afterConditionList, text.lowercased().hasPrefix("then ") {
                    let separator = lead.hasSuffix(",") ? " " : ", "
                    text = lead + separator + "then" + text.dropFirst(4)
                }
                var inner = ctx
                if let label = ctx.throwsLabel {
                    // "`IllegalStateException` - if connections are in use" → "Throws `IllegalStateException` - if …".
                    text = label + " " + Inlines.ruleText(inlines)
                    // "Throws: Nothing: The callable should not throw …" (BoostBook) reads "Throws nothing: …".
                    if text.hasPrefix(label + " Nothing"), let next = text.dropFirst(label.count + 8).first, ":.;".contains(next) {
                        text = label + " nothing" + text.dropFirst(label.count + 8)
                    } else if text == label + " Nothing" {
                        text = label + " nothing."
                    }
                    subject = nil
                    inner.headingSubject = false
                } else if ctx.returnsField, subject == nil {
                    // "true if the count reached zero and false if …" → "Returns true if the count reached zero …".
                    text = Self.returning(text)
                }
                if let subject { inner.subject = subject; inner.headingSubject = false }
                inner.topicHeading = topic
                inner.emphasized = inlines.compactMap {
                    switch $0 {
                    case .emphasis(let t), .strong(let t): return t.split(separator: " ").count <= 12 && t != subject ? t : nil
                    default: return nil
                    }
                }
                // The sentence that introduced code found at fault ("Here's a simple implementation:") goes with it.
                if criticized, let last = SentenceSplitter.split(text).last, last.hasSuffix(":") {
                    text = SentenceSplitter.split(text).dropLast().joined(separator: " ")
                }
                let madeBefore = rules.count
                // (Only after a lead-in the code cut short, "… and thus commands like:": a signature or an example that a
                // finished sentence introduced leaves the next paragraph whole — "Must be called once, before …".)
                var afterCode = false
                if index > 1, case .code = blocks[index - 1], case .paragraph(let lead) = blocks[index - 2] {
                    let end = lead.plainText.trimmingWhitespace().last
                    afterCode = end == ":" || (end.map { !".!?)\"”'’".contains($0) } ?? false)
                }
                if consider(text, context: inner, following: criticized ? nil : next, continuing: continuing, across: bridged, afterCode: afterCode) {
                    ctx.guidanceHeading = nil
                }
                ctx.inherited = nil
                ctx.leadIn = nil
                ctx.leadInCompleted = false
                ctx.briefPending = false
                ctx.eventItems = false
                if case .list? = next, text.hasSuffix(":"), let last = SentenceSplitter.split(text).last, Self.enumeratesConditions(last) {
                    ctx.eventItems = true
                }
                if case .list? = next, text.hasSuffix(":"), let last = SentenceSplitter.split(text).last,
                   let m = Self.contextual(extractor.classifier.analyze(last), admonition: ctx.admonition, words: 8),
                   m.strength >= extractor.minimumStrength, !(Self.enumeratesConditions(last) && ![.must, .never, .should, .avoid].contains(m.kind)) {
                    ctx.inherited = m
                    ctx.leadIn = last
                    // Whether the paragraph's rule came with the list ("… defined as: A; B; C."): not only whether the list
                    // is short, since the rule takes it only when both fit.
                    if rules.count > madeBefore, let items = Self.shortListText(next),
                       let first = items.split(separator: ";").first?.filter({ $0 != "`" }).lowercased() {
                        ctx.leadInCompleted = rules[rules.count - 1].text.filter({ $0 != "`" }).lowercased().contains(first.trimmingWhitespace())
                    }
                }
                if case .list? = next, let last = SentenceSplitter.split(text).last, Self.isBareCondition(last) { ctx.listCondition = last }
                ctx.listTaken = false
                if case .list? = next, rules.count > madeBefore, let items = Self.shortListText(next) {
                    let said = rules[rules.count - 1].text.filter { $0 != "`" }.lowercased()
                    ctx.listTaken = said.contains(String(items.filter { $0 != "`" }.lowercased().dropLast()))
                }
            case .list(_, let items):
                ctx.briefPending = false
                // The rule before it said the whole list: its items are no rules of their own (what follows a list is
                // reset below all the same).
                let taken = ctx.listTaken
                ctx.listTaken = false
                for item in items where !taken {
                    // An item that is nothing but a link is navigation (a table of contents, "see also"
                    // lists), whatever words its title holds ("7.4.1. A Simple Data Race").
                    if Self.isLinkOnly(item) { continue }
                    // A parameter entry ("**echo** – …") names the subject of the whole item, also
                    // when its description continues in further paragraphs.
                    var inside = ctx
                    if case .paragraph(let first)? = item.first, let name = ParameterEntry.split(first).subject {
                        inside.subject = name
                        inside.headingSubject = false
                    } else if case .paragraph(let first)? = item.first, item.count > 1, first.count == 1, case .code(let name) = first[0],
                              !name.contains(" "), (1...60).contains(name.count) {
                        // An item that opens with a name alone (Django's middleware ordering: "`CommonMiddleware`",
                        // then what to know about it) is about that name.
                        inside.subject = name
                        inside.headingSubject = false
                    }
                    listItems += 1
                    inside.listItem = listItems
                    inside.passage = listItems
                    walk(item, context: inside)
                }
                // What follows a list is about the list, not about its last item ("… `"z"`: optimize for size."
                // then "It is recommended to experiment with different levels").
                openRule = nil
                ctx.inherited = nil
                ctx.leadIn = nil
                ctx.leadInCompleted = false
                ctx.eventItems = false
                if let condition = ctx.listCondition, let items = Self.shortListText(block) {
                    conditionList = condition + " " + String(items.dropLast())
                }
                ctx.listCondition = nil
                if ctx.guidanceHeading != nil, rules.last?.text.hasPrefix(ctx.guidanceHeading!) == true { ctx.guidanceHeading = nil }
            case .admonition(let kind, let title, let inner):
                ctx.briefPending = false
                if kind == .seeAlso { continue }
                var inside = ctx
                inside.admonition = kind
                inside.guidanceHeading = nil
                listItems += 1
                inside.passage = listItems
                var (title, inner) = (title, inner)
                // A box whose first paragraph is a bold line alone ("Warning" then "**Additional Caveats for
                // ORM-enabled updates and deletes**") has that line as its title: no statement of its own.
                if inner.count >= 2, let line = Self.boldTitle(inner[0]), title == nil || AdmonitionKind(label: title!) != nil {
                    title = line
                    inner.removeFirst()
                }
                if let title, AdmonitionKind(label: title) == nil, title.split(separator: " ").count >= 2 {
                    inside.guidanceHeading = title
                }
                if inner.isEmpty, let title { _ = consider(title, context: inside, following: nil) }
                // A short box of a few paragraphs is one call-out: read as one ("Always prefer `atomic()` …" /
                // "The low level APIs are only useful if you're implementing your own transaction management.").
                let paragraphs = inner.compactMap { block -> [Inline]? in if case .paragraph(let p) = block { return p } else { return nil } }
                // Only paragraphs that end as sentences: a title line ("Deprecated since version 2.0") would run
                // into the next.
                if paragraphs.count >= 2, paragraphs.count == inner.count,
                   paragraphs.dropLast().allSatisfy({ p in p.plainText.trimmingWhitespace().last.map { ".!?:".contains($0) } == true }),
                   paragraphs.reduce(0, { $0 + $1.plainText.utf8.count + 1 }) <= extractor.maxRuleTextBytes {
                    walk([.paragraph(Array(paragraphs.joined(separator: [.text(" ")])))], context: inside)
                } else {
                    walk(inner, context: inside)
                }
            case .quote(let inner):
                ctx.briefPending = false
                walk(inner, context: ctx)
            case .definitionList(let items):
                ctx.briefPending = false
                // Inside an API entry, a list of names and one-line summaries is the entry's own (a directive's flags).
                let index = ctx.subject == nil && Self.isIndex(items, section: ctx.crumbs.last)
                for item in items {
                    var inside = ctx
                    inside.inIndex = index
                    if let anchor = item.anchor { inside.anchor = anchor }
                    let label = Inlines.spacedText(item.term)
                    // "Specified by: close in interface AutoCloseable", "Overrides: …", "See Also: …" point elsewhere;
                    // a definition that is only a link is a table of contents (DocBook's FAQ: "3.1. [Programs run OK …]").
                    if ApiName.isReferenceLabel(label) || Self.isLinkOnly(item.definition) { continue }
                    if ApiName.isFieldLabel(label) {
                        // Sphinx / Javadoc field lists ("Parameters", "Returns", "Throws"): the
                        // entry stays about the enclosing API; what it throws is part of its contract.
                        if ApiName.isThrowsLabel(label) { inside.throwsLabel = label.trimming(": ") }
                        if ApiName.isReturnsLabel(label) { inside.returnsField = true }
                        if ["parameters", "params", "arguments", "args", "parameter"].contains(label.trimming(": ").lowercased()),
                           let owner = ctx.subject, ApiName.isCall(owner) { inside.parameterOwner = owner }
                    } else if item.term.count > 1, case .link(let text, _)? = item.term.first, !text.contains(" "),
                              Identifiers.looksLikeCode(text), item.term.dropFirst().allSatisfy({ Self.isBadge($0) || Self.isBlank($0) }) {
                        // A name that links to its own page with a badge after it (docs.rs's "`spin_loop_hint`
                        // Deprecated", "`UnhandledPanic` `tokio_unstable`", MDN's "`WebSocket.bufferedAmount` Read only"):
                        // the name, not the badge, read as a signature.
                        // (The name as written: an anchor's lower-cased id, "websocket.protocol", is the same name.)
                        let named = ApiName.fromSignature([.code(text)], anchor: item.anchor) ?? text
                        inside.subject = named.lowercased() == text.lowercased() ? text : named
                        inside.briefPending = true
                    } else if item.term.count > 1, case .code(let text)? = item.term.first, !text.contains(" "), !text.hasPrefix("-"),
                              Identifiers.looksLikeCode(text),
                              item.term.dropFirst().allSatisfy({ Self.isBlank($0) || Self.isWordBadge($0) }) {
                        // The same with the name as code and a badge in words ("`WebSocket.close()` Deprecated"): the
                        // name as written, not the anchor's lower-cased id.
                        inside.subject = ApiName.fromSignature([.code(text)], anchor: nil) ?? text
                        inside.briefPending = true
                    } else if case .strong(let name)? = item.term.first, item.term.count > 1, !name.contains(" "),
                              Identifiers.looksLikeCode(name) || name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                        // A parameter entry: the bold name, then its type ("**allow_pickle** : bool, optional").
                        inside.subject = name
                    } else if let api = ApiName.fromSignature(item.term, anchor: item.anchor) {
                        inside.subject = api
                        inside.briefPending = true
                        // A command-line option's description says what the option does ("`--quiet`: Do not print
                        // cargo log messages."), as in `--help` output.
                        inside.helpEntry = api.hasPrefix("-")
                    } else if let term = ApiName.fromTerm(item.term) {
                        inside.subject = term
                    }
                    inside.guidanceHeading = nil
                    // Each entry is about its own term: its first sentence does not continue the entry before, and
                    // its rules are a passage of their own (a FAQ's answers, a manual's options).
                    openRule = nil
                    listItems += 1
                    inside.listItem = listItems
                    inside.passage = listItems
                    // A "Deprecated" badge on the term says what the summary does not.
                    var definition = item.definition
                    // Javadoc's "Since: 1.8" field dates the method it closes: a version marker of that API. (The class's
                    // own, above its members, dates the page.)
                    if label.trimming(": ").lowercased() == "since", let owner = ctx.subject, ApiName.isCall(owner),
                       definition.count == 1, case .paragraph(let inlines) = definition[0] {
                        let version = inlines.plainText.trimmingWhitespace().trimming(".")
                        let words = version.split(separator: " ")
                        if GuidanceClassifier.isVersionToken(version) || (words.count == 2 && GuidanceClassifier.isVersionToken(String(words[1]))) {
                            definition = [.paragraph([.text("Since \(version).")])]
                            inside.admonition = .versionAdded
                        }
                    }
                    if item.term.dropFirst().contains(where: { if case .text(let t) = $0 { return t.trimming(" ()[]").lowercased() == "deprecated" } else { return false } }),
                       case .paragraph(let inlines)? = definition.first, !inlines.plainText.trimmingWhitespace().lowercased().hasPrefix("deprecated") {
                        definition[0] = .paragraph([.text("Deprecated: ")] + inlines)
                    }
                    walk(definition, context: inside)
                }
                openRule = nil
            case .table(let table) where Self.isFieldTable(table):
                ctx.briefPending = false
                // A box of labelled fields ("Syntax: `rewrite_log on | off;`", "Default: …", "Context: …",
                // as nginx and Apache document a directive) opens an entry: the syntax names it and
                // the prose after it is about it; its default is a statement, the rest is reference.
                var named = false
                if let anchor = table.anchor { ctx.anchor = anchor }
                for row in table.rows {
                    let label = row[0].plainText.trimmingWhitespace().lowercased()
                    if ["syntax:", "synopsis:", "signature:"].contains(label), let name = Self.entryName(row[1]) {
                        ctx.subject = name
                        ctx.headingSubject = true
                        named = true
                    }
                }
                let entry = ctx
                for row in table.rows where named && row[0].plainText.trimmingWhitespace().lowercased() == "default:" {
                    let value = Inlines.ruleText(row[1]).trimmingWhitespace()
                    if !value.isEmpty, value != "—", value != "-" { _ = consider("Default: " + value, context: entry, following: nil, isTableRow: true) }
                }
            case .table(let table):
                ctx.briefPending = false
                // A table of names linked to their own pages and a line on each (cppreference's "See also" and member
                // lists) indexes other pages: their statements are there.
                // (Not when a line says what to do: "Must not exceed 100." is the row's own rule.)
                if Self.isIndexTable(table, page: chunk.source.url),
                   !table.rows.contains(where: { row in row.dropFirst().contains { (extractor.classifier.analyze($0.plainText).match?.strength ?? 0) >= 0.6 } }) {
                    continue
                }
                for row in table.rows {
                    // A row of declarations and their marks ("`void wait( std::unique_lock<std::mutex>& lock );` | (1) |
                    // (since C++11)") states nothing. (A headed table's code-only rows are its data: "Deprecated | Use
                    // instead".)
                    if table.header == nil, Self.isDeclarationRow(row) { continue }
                    // A row of nothing but links to the page's own sections is its table of contents (nginx's module
                    // pages: "Directives break if return rewrite …").
                    if row.allSatisfy(Self.isLinkRun), row.contains(where: { $0.count >= 3 }) { continue }
                    // A cell that only marks "nothing here" ("—", "-", "N/A") says nothing: it is read as empty.
                    // (Not in the first column, where "--" may be what the row is about.)
                    let cells = row.enumerated().map { k, cell -> String in
                        let t = Inlines.ruleText(cell)
                        return k > 0 && Self.emptyCellMarks.contains(t.trimmingWhitespace().lowercased()) ? "" : t
                    }
                    var text: String
                    var rowCtx = ctx
                    // A row is a passage of its own: it joins neither the prose around the table nor another row.
                    listItems += 1
                    rowCtx.passage = listItems
                    if let first = cells.first, first.hasPrefix("`"), first.hasSuffix("`"), first.count > 2 {
                        rowCtx.subject = String(first.dropFirst().dropLast())
                    }
                    let memberSection = ctx.crumbs.last.map { Self.memberSections.contains(ContentBlock.plainHeading($0).lowercased()) } ?? false
                    if table.header == nil, row.count == 3, Self.emptyCellMarks.contains(row[1].plainText.trimmingWhitespace()),
                       let name = Self.parameterName(row[0]), Self.looksLikeParameter(name, cell: row[0]) || memberSection, !cells[2].isEmpty {
                        // A parameter and its description with a dash between them (cppreference's "lock | - | an object
                        // of type …"): "`lock`: an object of type …".
                        rowCtx.subject = name
                        text = "`\(name)`: " + cells[2]
                    } else if table.header == nil, memberSection, row.count >= 2,
                              let name = Self.parameterName(row[0]).flatMap({ Self.looksLikeParameter($0, cell: row[0]) ? $0 : nil })
                                ?? Self.declaredMember(row[0]),
                              let described = Self.describedRow(Array(cells.dropFirst())) {
                        // A "Parameters" or "Members" table of names and descriptions (gtk-doc's "func | a function to
                        // execute … | [nullable]", "GFunc `func`; | the function …"): each row is about its name, a
                        // parameter of the entry's call; its description first, a type or annotation after it.
                        rowCtx.subject = name
                        if let owner = ctx.subject, ApiName.isCall(owner) { rowCtx.parameterOwner = owner }
                        text = "`\(name)`: " + described
                    } else if let header = table.header, header.count == cells.count {
                        let names = header.map { $0.plainText.trimmingWhitespace() }
                        if cells.count > 1, let name = Self.rowName(cells[0], header: names[0]) {
                            // A table of an API's properties ("Property | Type | Description"): each row is about its
                            // name, its description first — "`rollbackFor`: Optional array of exception types that must
                            // cause rollback. Type: Array of `Class` objects …".
                            rowCtx.subject = name
                            let fields = zip(names, cells).dropFirst().filter { !$0.1.isEmpty }
                            let described = fields.filter { Self.descriptionHeaders.contains($0.0.lowercased()) }.map(\.1)
                            let others = fields.filter { !Self.descriptionHeaders.contains($0.0.lowercased()) }
                                .map { $0.0.isEmpty ? $0.1 : "\($0.0): \($0.1)" }
                            text = (described + others).map { part in
                                let t = Condense.closing(part)
                                return t.last.map { ".!?".contains($0) } == true ? t : t + "."
                            }.joined(separator: " ")
                            text = "`\(name)`: " + text
                        } else if let sentence = Self.headerSentence(names, cells) {
                            text = sentence
                        } else {
                            text = Self.joinCells(zip(names, cells).map { name, c in
                                name.isEmpty || c.isEmpty ? c : "\(name): \(c)"
                            })
                        }
                    } else {
                        text = Self.joinCells(cells)
                    }
                    _ = consider(text, context: rowCtx, following: nil, isTableRow: true)
                }
            case .code(let language, let code):
                if let level = signatureLevel, language == nil || ["c", "cpp"].contains(language!), let api = Self.declaredName(code) {
                    ctx.subject = api; ctx.headingSubject = true; ctx.subjectLevel = level; ctx.briefPending = true
                }
                let lines = code.split(separator: "\n", omittingEmptySubsequences: false).count
                if let c = continuing, bridged == nil, lines <= extractor.maxExampleLines, code.utf8.count <= extractor.maxExampleBytes {
                    openRule = c
                    bridgedExample = CodeExample(language: language, code: code)
                }
                // A command's `--help` output shown as code: each option is an entry, its description about it
                // ("`--workers`: Number of worker processes. … Not valid with --reload.").
                if let entries = CommandHelp.entries(code) {
                    for entry in entries {
                        var inside = ctx
                        inside.subject = entry.name
                        inside.headingSubject = false
                        inside.briefPending = true   // "Bind socket to this host." says what the option does,
                        inside.helpEntry = true      // and so does "Use the given config file."
                        _ = consider(entry.description, context: inside, following: nil)
                    }
                    openRule = nil
                    bridgedExample = nil
                }
            }
            // A list item's condition opens the rules of its first block only: its later paragraphs are under it too,
            // and one item saying it twice reads badly ("When … enabled: A. When … enabled: B.").
            if ctx.listCondition != nil, ctx.listCondition == context.listCondition { ctx.listCondition = nil }
        }
        // A list read inside this walk (an item's own list) gives no condition to the blocks after the walk.
        conditionList = nil
    }

    /// One sentence with its evidence.
    struct Scored {
        var text: String
        var match: GuidanceClassifier.Match?
        var analysis: GuidanceClassifier.Analysis
    }

    /// Extracts the statements of one prose block. Returns whether a rule was made.
    mutating func consider(_ text: String, context: Context, following: ContentBlock?, isTableRow: Bool = false, continuing: Int? = nil,
                           across bridged: CodeExample? = nil, afterCode: Bool = false) -> Bool {
        let text = Self.withoutRawBlockTag(Self.withoutLeadingPictograph(text))
        let sentences = isTableRow ? [text] : SentenceSplitter.split(text)
        guard !sentences.isEmpty else { return false }
        var scored: [Scored] = sentences.map { s in
            let a = extractor.classifier.analyze(s)
            // A bare "Default: `30`" line under an option or parameter states its default.
            if context.subject != nil, Self.isDefaultLine(s) {
                return Scored(text: s, match: GuidanceClassifier.Match(kind: .default, strength: 0.5), analysis: a)
            }
            return Scored(text: s, match: Self.contextual(a, admonition: context.admonition, words: s.split(separator: " ").count), analysis: a)
        }
        // A paragraph after code that opens with a modal verb ends the sentence the code interrupted ("… and thus commands
        // like: `git push --force-with-lease origin-push` Will fail unless you manually run …"): without its subject it
        // is no statement of its own. (Unless the rule before the code carries on into it, below.)
        // (Nor is it what the sentences after it lean back on: it goes, and they stand as they are.)
        if afterCode, bridged == nil, let first = scored[0].text.split(separator: " ").first, Self.subjectlessOpeners.contains(String(first)),
           !scored[0].text.hasSuffix("?") {
            if scored.count == 1 { return false }
            scored.removeFirst()
        }
        // An entry's brief in the imperative mood describes the API ("Close a UBreakIterator."); advice
        // verbs keep their force there ("Use `ubrk_clone()` instead.", "Never call this from a handler.").
        // (A weak constraint beside the verb does not change that: "`--prune`: Remove remote branches that don’t have a
        // local counterpart.")
        // (But a constraint on the entry itself, "Set this only when running inside a disposable container.", "Use only
        // with trusted input.", or a second clause, "Disable validation; only use this for local testing.", instructs.)
        // (Read only for an entry's brief: most paragraphs are none.)
        if context.briefPending, scored[0].match != nil, scored[0].analysis.signals.contains(where: { $0.detector == .imperative }),
           scored[0].analysis.signals.allSatisfy({ $0.detector == .imperative || $0.detector == .constraint }),
           case let briefWords = GuidanceClassifier.tokenize(scored[0].text),
           case let constrained = scored[0].analysis.signals.contains(where: { $0.detector == .constraint }),
           let verb = briefWords.first, context.helpEntry && !constrained || !Self.adviceImperatives.contains(verb),
           !constrained || !(briefWords.contains("this") || briefWords.contains("it") || briefWords.contains("only") || scored[0].text.contains(";")) {
            scored[0].match = nil
        } else if context.briefPending, context.helpEntry, scored[0].match != nil {
            // An option's "Do not print cargo log messages." says what the option does, as "Print …" would; what
            // the rest of the sentence says still counts ("Do not use this flag in production, it is unsafe").
            let first = scored[0].text
            let lower = first.lowercased()
            if let lead = ["do not ", "don't ", "don’t ", "never "].first(where: { lower.hasPrefix($0) }) {
                let rest = extractor.classifier.analyze(String(first.dropFirst(lead.count)))
                let insists: Set<GuidanceClassifier.Detector> = [.modal, .prohibition, .risk, .recommendation, .deprecation]
                if !rest.signals.contains(where: { insists.contains($0.detector) }) { scored[0].match = nil }
            }
        }
        // One of the events a lead-in waits for ("Some other thread invokes the `signalAll()` method", "A \"spurious wakeup\"
        // occurs.") is no rule alone, and no warning even when it names a risk: it is what may happen. (An item that says
        // what to do keeps its force.)
        if context.eventItems, scored.count == 1,
           scored[0].analysis.signals.allSatisfy({ $0.detector == .risk || $0.detector == .constraint }) {
            scored[0].match = nil
            scored[0].analysis = GuidanceClassifier.Analysis(signals: [], isDiscourse: true)
        }
        // List items after a lead-in that insists ("… you have to be careful:") inherit it.
        var needsLeadIn = false
        if let inherited = context.inherited, (scored[0].match?.strength ?? 0) < inherited.strength * 0.9 {
            needsLeadIn = (scored[0].match?.strength ?? 0) < extractor.minimumStrength && Self.isPhrase(scored[0].text)
            // A phrase whose lead-in came with its whole list ("… data races, which are defined as: …; one or more of
            // them is a write; …") is said there already: alone it is a third of a definition.
            if !(needsLeadIn && context.leadInCompleted) {
                scored[0].match = GuidanceClassifier.Match(kind: inherited.kind, strength: inherited.strength * 0.9)
            } else {
                needsLeadIn = false
                scored[0].match = nil
                scored[0].analysis = GuidanceClassifier.Analysis(signals: [], isDiscourse: true)
            }
        }
        // A sentence that introduces an example, in a section about one API or naming identifiers
        // itself, is a usage statement: weak, kept when the page has room for it.
        if case .code? = following, let last = scored.last, (last.match?.strength ?? 0) < extractor.minimumStrength, !last.analysis.isDiscourse,
           (context.headingSubject && Self.shortCode(following) != nil) || (last.text.hasSuffix(":") && !Identifiers.find(in: last.text).isEmpty) {
            scored[scored.count - 1].match = GuidanceClassifier.Match(kind: .should, strength: extractor.minimumStrength)
        }
        // A lead-in whose short list says what to expect ("If there is no value …, the method will:" then "return the default
        // …; or raise a `LookupError`") is as strong as its list: the list comes along with it (below) as one statement.
        if !isTableRow, let last = scored.last, last.text.hasSuffix(":"), (last.match?.strength ?? 0) < extractor.minimumStrength,
           !last.analysis.isDiscourse, let items = Self.shortListText(following),
           let m = extractor.classifier.analyze(items).match, m.strength >= extractor.minimumStrength,
           text.utf8.count + items.utf8.count + 1 <= extractor.maxRuleTextBytes {
            scored[scored.count - 1].match = GuidanceClassifier.Match(kind: m.kind, strength: m.strength * 0.9)
        }
        // A guidance heading lends its strength to the first sentences of its section.
        if let heading = context.guidanceHeading, let hm = extractor.classifier.analyze(heading).match {
            if scored[0].match == nil || scored[0].match!.strength < hm.strength {
                scored[0].match = GuidanceClassifier.Match(kind: hm.kind, strength: hm.strength * 0.9)
            }
        }
        // A description that is only a noun phrase ("key - the key that needs to be removed",
        // "initialCapacity - the initial capacity") names a parameter; it states nothing.
        for k in scored.indices where Self.isBareNounPhrase(scored[k].text) {
            scored[k].match = nil
            scored[k].analysis = GuidanceClassifier.Analysis(signals: [], isDiscourse: true)
        }
        // An index's one-line summary keeps only what insists ("Deprecated: …"), not a modal that describes ("How the
        // runtime should respond to unhandled panics.").
        let floor = context.inIndex ? max(extractor.minimumStrength, 0.85) : extractor.minimumStrength
        let keep = scored.map { ($0.match?.strength ?? 0) >= floor && Self.isSentenceLike($0.text, admonition: context.admonition) }
        // Descriptive facts about an API or a behaviour ("`invoke()` runs the command in isolation",
        // "a send happens before the receive completes"): weak, kept when the page has room.
        let fact = scored.indices.map { k in
            !keep[k] && Self.isFact(scored[k], context: context)
        }
        // A statement that leans on the sentences before it ("Lowering this value may help …" after
        // "… is not older than this value." after "… `PERMANENT_SESSION_LIFETIME` is used …") takes
        // them along, back to the one that names what it is about; facts it takes are not rules of
        // their own.
        var leadIn = Array(scored.indices)
        for k in scored.indices where keep[k] {
            var start = k
            var bytes = scored[k].text.utf8.count
            while start > 0, !keep[start - 1], k - start + 1 < extractor.maxSentencesPerRule,
                  start == k ? Condense.leansBack(scored[start].text, entry: context.subject != nil)
                             : Condense.refersBack(scored[start].text, entry: context.subject != nil),
                  Self.isSentenceLike(scored[start - 1].text, admonition: nil),
                  bytes + scored[start - 1].text.utf8.count <= extractor.maxRuleTextBytes {
                start -= 1
                bytes += scored[start].text.utf8.count
            }
            leadIn[k] = start
        }
        var absorbed = Array(repeating: false, count: scored.count)
        for k in scored.indices where leadIn[k] < k { for j in leadIn[k]..<k { absorbed[j] = true } }
        var made = false
        var i = 0
        var consumed = 0
        /// Where to go on when the statement at `kept` (grown to `start...end`) is left out: the sentences it
        /// took along are read again on their own (a fact among them is still a rule).
        func skipping(_ start: Int, _ kept: Int, _ end: Int) -> Int {
            guard start < kept else { return end + 1 }
            for j in start..<kept { absorbed[j] = false }
            leadIn[kept] = kept
            consumed = start
            return start
        }
        while i < scored.count {
            guard keep[i] || (fact[i] && !absorbed[i]) else { i += 1; continue }
            let isFact = !keep[i]
            // Grow a statement: the predecessors it leans on, kept neighbours, an anaphoric follower.
            var start = i, end = i
            // Never back over sentences an earlier rule of this block already took.
            if !isFact { start = max(leadIn[i], consumed) }
            var bytes = scored[start...end].reduce(0) { $0 + $1.text.utf8.count }
            // A fact takes along the anaphoric sentence that completes it ("It runs …", "This means …").
            if isFact, end + 1 < scored.count, !keep[end + 1], Condense.isAnaphoric(scored[end + 1].text) || Condense.isConsequence(scored[end + 1].text),
               scored[start].text.utf8.count + scored[end + 1].text.utf8.count <= extractor.maxRuleTextBytes {
                end += 1
            }
            while !isFact, end + 1 < scored.count, keep[end + 1] || Condense.leansBack(scored[end + 1].text) || Condense.isConsequence(scored[end + 1].text)
                    || ((scored[end + 1].match?.strength ?? 0) >= 0.3 && !scored[end + 1].analysis.isDiscourse && scored[end + 1].text.utf8.count <= 160),
                  end - start + 1 < extractor.maxSentencesPerRule,
                  bytes + scored[end + 1].text.utf8.count <= extractor.maxRuleTextBytes {
                end += 1
                bytes += scored[end].text.utf8.count
            }
            // The next sentences are the lead-in of the statement after them ("The setting is expressed as a length of
            // time …" before "It defaults to 90 days."), which leans back past them to this one (naming
            // `gc.reflogExpire`): one rule, when all of it fits — else that statement keeps its lead-in.
            while !isFact, end + 1 < scored.count, absorbed[end + 1],
                  let k = ((end + 2)..<scored.count).first(where: { keep[$0] && leadIn[$0] <= end + 1 }), leadIn[k] == end + 1,
                  k - start + 1 <= extractor.maxSentencesPerRule,
                  case let joined = scored[(end + 1)...k].reduce(0, { $0 + $1.text.utf8.count }),
                  bytes + joined <= extractor.maxRuleTextBytes {
                bytes += joined
                end = k
            }
            consumed = end + 1
            let group = Array(scored[start...end])
            var best = isFact ? GuidanceClassifier.Match(kind: .default, strength: extractor.factStrength)
                : group.compactMap(\.match).max { ($0.strength, $0.kind.strength) < ($1.strength, $1.kind.strength) }!
            if !isFact, let heading = context.guidanceHeading, start == 0, let hm = extractor.classifier.classify(heading), hm.strength > best.strength {
                best = hm
            }
            let entryName = context.subject.map { name -> Substring in
                let bare = Substring(ApiName.withoutArguments(name))
                return bare.split(whereSeparator: { ".:".contains($0) }).last ?? bare
            }
            var parts = group.map { Condense.sentence($0.text, entryName: entryName) }.filter { !$0.isEmpty }
            // An item whose guidance is its lead-in's says it under that lead-in ("There are a few places where you have
            // to be careful: Calling `Markup` on data submitted by users"): alone it says nothing, or the opposite. (A
            // heading or a list's condition, put before it below, opens the rule before the lead-in.)
            if start == 0, needsLeadIn, let leadIn = context.leadIn, leadIn.utf8.count <= Self.maxLeadInBytes {
                parts.insert(Condense.sentence(leadIn), at: 0)
            }
            if !isFact, start == 0, let heading = context.guidanceHeading, !Linker_key(parts.joined(separator: " ")).contains(Linker_key(heading)) {
                parts.insert(Condense.heading(heading), at: 0)
            } else if start == 0, context.guidanceHeading == nil, context.subject == nil, let heading = context.topicHeading,
                      Self.leansOnHeading(group.map(\.text)), !Self.names(parts.joined(separator: " "), heading) {
                // The section's opening statement leans on its heading ("This header should be used
                // whenever possible"): say what it is about.
                parts.insert(Condense.heading(heading), at: 0)
            }
            // A list item holds under its list's condition ("When the debug mode is enabled: …").
            if start == 0, let condition = context.listCondition, context.listItem != nil, !(parts.first ?? "").hasPrefix(condition) {
                parts.insert(condition, at: 0)
            }
            var ruleText = parts.joined(separator: " ")
            // The statement introduces a short list ("… until one of two things happens:"): the list completes it, in
            // its own words ("… happens: Some other thread invokes `release()`; or …").
            if end == scored.count - 1, !isTableRow, let items = Self.shortListText(following),
               ruleText.utf8.count + items.utf8.count + 1 <= extractor.maxRuleTextBytes {
                if ruleText.hasSuffix(":") {
                    ruleText += " " + items
                } else if ruleText.hasSuffix("."), let last = SentenceSplitter.split(ruleText).last, Condense.isTeaser(last) {
                    // "… can be wrong, for two reasons." then the reasons: "… for two reasons: A; B."
                    ruleText = String(ruleText.dropLast()) + ": " + items
                }
            }
            // A list too long to come along whose items each open with a name ("- `TYPE`: Specifies …", "- `LABEL`: …")
            // completes the lead-in with its names: "You must set the following arguments for every `resource` block:
            // `TYPE`, `LABEL`."
            if end == scored.count - 1, !isTableRow, ruleText.hasSuffix(":"), let names = Self.listNames(following),
               ruleText.utf8.count + names.utf8.count + 1 <= extractor.maxRuleTextBytes {
                ruleText += " " + names
            }
            // Example: the statement introduces the code that follows ("… like this:").
            var example: CodeExample? = nil
            if end == scored.count - 1, ruleText.hasSuffix(":"), case .code(let language, let code)? = following, !Self.holdsFence(code) {
                let lines = code.split(separator: "\n", omittingEmptySubsequences: false).count
                if lines <= extractor.maxExampleLines, code.utf8.count <= extractor.maxExampleBytes, best.strength >= 0.6 {
                    example = CodeExample(language: language, code: code)
                }
            }
            if example == nil, end == scored.count - 1, let code = Self.shortCode(following), !Self.holdsFence(code), best.strength >= 0.5 {
                if case .code(let language, _)? = following {
                    example = CodeExample(language: language, code: code)
                } else if ruleText.hasSuffix(":") {
                    // A paragraph that is one code span is an example only when the statement introduces it:
                    // on a reference page it is as often the next entry's name.
                    example = CodeExample(language: nil, code: code)
                }
            }
            let introducing = ruleText
            if example == nil {
                // In an examples section, a short lead-in to code that did not come along is the example's caption
                // ("Keep a global count of live threads:"): it says nothing without it — unless it insists ("This
                // means you must call `init()` first:").
                if end == scored.count - 1, ruleText.hasSuffix(":"), case .code? = following,
                   let last = parts.last, last.split(separator: " ").count <= 10,
                   !scored[end].analysis.signals.contains(where: { [.modal, .prohibition, .risk, .recommendation, .deprecation].contains($0.detector) }),
                   let section = context.crumbs.last, Self.isExamplesHeading(section) {
                    // Nothing else is left, or only sentences taken along for it: no rule.
                    guard group.count > 1, (start..<end).contains(where: { keep[$0] }) else { i = skipping(start, i, end); continue }
                    ruleText = parts.dropLast().joined(separator: " ")
                }
                guard let complete = Condense.withoutDanglingLeadIn(ruleText) else { i = skipping(start, i, end); continue }
                ruleText = Condense.closing(complete)
            }
            // A longer example right after the statement — or after the one sentence that introduces it ("For instance,
            // a correct program looks like this:") — waits with the rule for room in the page's budget, with the words
            // that introduced it when the text above left them out.
            var longExample: LongExample? = nil
            if example == nil, !isTableRow, case .code(let language, let code)? = following, Self.isLongExample(code, language: language, extractor) {
                let sample = CodeExample(language: language, code: Self.withoutBlankEdges(code))
                // A one-line example is written "e.g. `…`": a lead that only says "Example:" goes.
                func lead(_ words: String) -> String? {
                    let bare = words.lowercased().trimming(" :")
                    if words.isEmpty || !sample.code.contains("\n") && Self.exampleLabels.contains(bare) { return nil }
                    return Condense.plainWordSpans(words)
                }
                if end == scored.count - 1 {
                    let dropped = introducing.hasPrefix(ruleText) ? String(introducing.dropFirst(ruleText.count)).trimmingWhitespace() : ""
                    // Only the colon became a full stop ("… like this:" → "… like this."): it comes back with the example.
                    let colon = dropped.isEmpty && introducing.hasSuffix(":") && ruleText.hasSuffix(".")
                        && String(introducing.dropLast()).trimmingWhitespace() == String(ruleText.dropLast()).trimmingWhitespace()
                    longExample = LongExample(lead: lead(dropped), colon: colon, example: sample)
                } else if end == scored.count - 2, !keep[end + 1], !fact[end + 1], scored[end + 1].text.hasSuffix(":") {
                    let words = Condense.sentence(scored[end + 1].text, entryName: entryName)
                    if !words.isEmpty { longExample = LongExample(lead: lead(words), example: sample) }
                }
            }
            guard ruleText.split(separator: " ").count >= 3 || context.admonition != nil || Self.isDefaultLine(ruleText) else { i = skipping(start, i, end); continue }
            // (A list item without its full stop, "If the pool is full the caller must wait", is no caption.)
            guard !Self.isPointerOnly(ruleText), !Self.isExercise(ruleText), Self.hasProse(ruleText),
                  !(context.listItem == nil && Self.isConditionFragment(ruleText)) else {
                i = skipping(start, i, end); continue
            }
            guard ruleText.utf8.count <= extractor.maxStatementBytes else { i = skipping(start, i, end); continue }
            var subjects = Identifiers.find(in: ruleText)
            if let subject = context.subject {
                // A parameter entry's term ("ensure_ascii (bool) – If True, …", "`max_age` - Sets …") becomes its label.
                if let description = Self.withoutEntryTerm(ruleText, subject) {
                    ruleText = (subject.contains(" (") ? "\(subject): " : "`\(subject)`: ") + description
                }
                let bare = ApiName.withoutArguments(subject)
                let shortName = bare.split(separator: ".").last.map(String.init) ?? bare
                // A path to another item's member ("As with `MaybeUninit::assume_init`, it is up to the caller …" under
                // `Arc`'s `assume_init()`) does not name the entry's own.
                // An option's text names it only by opening with it: further on, `--threshold` or `--xml=yes` is a
                // setting, or another tool's option ("Same as Massif's `--threshold` option").
                // A Javadoc field's "Throws X - if … when await was called" names the call only in passing: it is labelled.
                let field = ApiName.isCall(subject) && context.throwsLabel != nil
                func named(_ text: String) -> Bool {
                    Identifiers.namesAPI(Identifiers.withoutOtherOwners(Identifiers.withoutPaths(text, to: shortName),
                                                                        owner: bare.split(separator: ".").dropLast().last.map(String.init),
                                                                        name: shortName), shortName)
                }
                // A first sentence that points at the entry ("Calling this when the content is not yet fully initialized
                // causes undefined behavior", "A boolean value indicating whether this thread is a daemon thread") is
                // about it from its first word, whatever the later sentences name.
                let opening = SentenceSplitter.split(ruleText).first ?? ruleText
                let names = subject.hasPrefix("-")
                    ? ruleText.hasPrefix(subject) || ruleText.hasPrefix("`" + subject)
                    : !field && named(ruleText) && (opening.utf8.count == ruleText.utf8.count || named(opening) || !Condense.refersBack(opening))
                // A name with an aside ("Total (bytes)") labels the rule as words, not code.
                if !names { ruleText = (subject.contains(" (") ? "\(subject): " : "`\(subject)`: ") + ruleText }
                subjects.removeAll { $0 == subject }
                subjects.insert(subject, at: 0)
            }
            // "New in version 1.4." alone tells an assistant nothing: say what is new — the section it
            // marks, in the documentation's own heading — or leave it out.
            if context.subject == nil, Self.isBareVersionMarker(ruleText) {
                guard let section = context.crumbs.last.map(ContentBlock.plainHeading), !section.isEmpty else { i = skipping(start, i, end); continue }
                ruleText = (Self.moduleName(section).map { "`\($0)`: " } ?? "\(section): ") + ruleText
            }
            // The rule's label stays code, also when its name is one word: a name with inner capitals
            // (`HTTPSRedirectMiddleware`, `UTextClone`) or one the page writes as code (`if`, `omit`) names the entry;
            // spans in the text that hold one plain word read as prose. (A capitalised word the page never sets as
            // code — a heading's "Queuing", a badge's "Experimental" — reads as a label.)
            if let subject = context.subject, ruleText.hasPrefix("`\(subject)`: "),
               subject.dropFirst().contains(where: \.isUppercase) || mentions.count(of: subject) > 0
                || subject.allSatisfy({ $0.isLowercase || !$0.isLetter }) {
                let label = "`\(subject)`: "
                ruleText = label + Condense.plainWordSpans(String(ruleText.dropFirst(label.count)))
            } else {
                ruleText = Condense.plainWordSpans(ruleText)
            }
            let evidence = RankFeatures(RankInput(
                match: best, isFact: isFact, text: ruleText, subjects: subjects, example: example, admonition: context.admonition,
                crumbs: context.crumbs, analyses: group.map(\.analysis), sentences: group.count,
                fromGuidanceHeading: !isFact && start == 0 && context.guidanceHeading != nil, isTableRow: isTableRow,
                apiEntry: context.subject != nil && !context.headingSubject, headingSubject: context.headingSubject,
                inherited: context.inherited != nil,
                emphasized: context.emphasized.contains { !$0.isEmpty && ruleText.contains($0) },
                salience: subjects.map { mentions.count(of: $0) }.max() ?? 0))
            // A fact told in the first person is the tutorial's narrative ("If we added move to the
            // closure, we would move v …"), not something the API does.
            if isFact, evidence["first_person"] == 1 { i = end + 1; continue }
            let score = extractor.rankModel.score(evidence)
            var candidate = RuleCandidate(text: ruleText, kind: best.kind, subjects: subjects, example: example,
                                          source: SourceRef(url: chunk.source.url, anchor: context.anchor, breadcrumb: context.crumbs),
                                          score: score, inCallout: context.admonition.map(Self.warns) ?? false, passage: context.passage)
            candidate.longExample = longExample
            if start == 0, let c = continuing, bridged == nil || Condense.leansBack(scored[0].text),
               Self.continues(rules[c], with: scored[0].text, candidate: candidate, limit: extractor.maxRuleTextBytes) {
                // The paragraph carries on the previous paragraph's statement: one rule (with the
                // example between them, when it leans on it across one).
                rules[c] = Self.joined(rules[c], candidate)
                if rules[c].example == nil, let bridged { rules[c].example = bridged }
                if score > rules[c].score { features[c] = evidence }
            } else {
                features.append(evidence)
                rules.append(candidate)
                if let owner = context.parameterOwner, let name = context.subject, name != owner, ruleText.hasPrefix("`\(name)`: ") {
                    parameterRules.append((rules.count - 1, name, owner))
                }
            }
            if end == scored.count - 1, example == nil, !isTableRow { openRule = rules.count - 1 }
            if !isFact { made = true }
            i = end + 1
        }
        return made
    }

    /// Whether a statement has words outside its code spans: a line of code spans alone
    /// ("`#include <brotli/port.h>` `#include <brotli/types.h>`") states nothing.
    static func hasProse(_ s: String) -> Bool {
        var inCode = false
        for c in s.unicodeScalars {
            if c == "`" { inCode.toggle(); continue }
            if !inCode, c.properties.isAlphabetic { return true }
        }
        return false
    }

    /// A table of labelled fields: two columns, no header, every label a short word or two ending
    /// with a colon ("Syntax:", "Default:", "Context:").
    static func isFieldTable(_ table: Table) -> Bool {
        guard table.header?.allSatisfy({ $0.plainText.trimmingWhitespace().isEmpty }) ?? true, !table.rows.isEmpty else { return false }
        return table.rows.allSatisfy { row in
            let label = row.first?.plainText.trimmingWhitespace() ?? ""
            return row.count == 2 && label.hasSuffix(":") && label.split(separator: " ").count <= 2
        } && table.rows.contains { ["syntax:", "synopsis:", "signature:"].contains($0[0].plainText.trimmingWhitespace().lowercased()) }
    }

    /// The name a syntax line gives its entry: its first word (`rewrite_log on | off;` → `rewrite_log`).
    static func entryName(_ cell: [Inline]) -> String? {
        let text = cell.plainText.trimmingWhitespace()
        guard let first = text.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "(" || $0 == "\n" }).first else { return nil }
        let name = String(first)
        guard (2...60).contains(name.count), name.contains(where: \.isLetter),
              name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.:$".contains($0) }) else { return nil }
        return name
    }

    /// Headings too general to say what a statement is about.
    static let genericHeadings: Set<String> = ["introduction", "overview", "summary", "usage", "examples", "example", "basics", "notes", "note",
                                               "details", "description", "getting started", "installation", "quickstart", "quick start",
                                               "tutorial", "background", "motivation", "conclusion", "faq", "discussion", "general", "other",
                                               "misc", "miscellaneous", "more", "next steps", "see also", "caveats", "warnings", "warning",
                                               "tips", "how it works", "explanation", "reference", "api", "api reference", "options", "setup",
                                               // Javadoc's and call-outs' titles for notes of any kind.
                                               "implementation notes", "implementation note", "implementation requirements",
                                               "api note", "api notes", "remarks", "important", "important note", "important notes"]

    /// A heading that names a topic: short, not generic, not a sentence.
    static func isTopicHeading(_ heading: String) -> Bool {
        let plain = ContentBlock.plainHeading(heading).trimmingWhitespace()
        let words = plain.split(separator: " ")
        guard (1...6).contains(words.count), !plain.hasSuffix("."), !plain.hasSuffix("?"), !plain.hasSuffix(":") else { return false }
        let lower = String(plain.lowercased().drop { !$0.isLetter }.reversed().drop { !$0.isLetter && $0 != ")" }.reversed())
        if genericHeadings.contains(lower) { return false }
        // Numbered section titles ("3.2 Options") are judged without their number.
        let unnumbered = words.drop { $0.allSatisfy { $0.isNumber || $0 == "." } }.joined(separator: " ").lowercased()
        return !unnumbered.isEmpty && !genericHeadings.contains(unnumbered)
    }

    /// Whether `text` already names the topic of `heading`: half or more of its longer words occur in it.
    static func names(_ text: String, _ heading: String) -> Bool {
        let lower = text.lowercased()
        let words = GuidanceClassifier.tokenize(ContentBlock.plainHeading(heading)).filter { $0.count >= 4 }
        guard !words.isEmpty else { return true }
        return words.filter { lower.contains($0) }.count * 2 >= words.count
    }

    /// A short list of single-paragraph items as one run of text ("a; b; or c."): up to five items of up to 160
    /// bytes, 400 in all; nil for any other block.
    static func shortListText(_ block: ContentBlock?) -> String? {
        guard case .list(_, let items)? = block, (1...5).contains(items.count) else { return nil }
        var joined = ""
        for (k, item) in items.enumerated() {
            guard item.count == 1, case .paragraph(let inlines) = item[0] else { return nil }
            var t = Inlines.ruleText(inlines).trimmingWhitespace()
            guard !t.isEmpty, t.utf8.count <= 160, !t.hasSuffix(":") else { return nil }
            while let last = t.last, ".;,".contains(last) { t.removeLast() }
            // Items after the first go on the sentence: "…; the header is required", not "…; The header is required".
            // (Only words that open any sentence: "Django 4.2 or later" keeps its name.)
            if k > 0, let word = t.split(separator: " ").first, Self.sentenceOpeners.contains(String(word)) {
                t = t.prefix(1).lowercased() + t.dropFirst()
            }
            joined += t
            // An item that ends with its connector ("…; or") is joined by it.
            if k < items.count - 1 { joined += t.hasSuffix(" or") || t.hasSuffix(" and") ? " " : "; " }
        }
        joined += "."
        return joined.utf8.count <= 400 ? joined : nil
    }

    /// Capitalised words that open a sentence and name nothing: an item after the first may go on in lower case.
    static let sentenceOpeners: Set<String> = ["The", "A", "An", "Some", "Another", "Other", "Each", "Every", "All", "Any", "No", "It",
                                               "Its", "They", "This", "That", "These", "Those", "If", "When", "Unless", "While",
                                               "In", "On", "For", "By", "With", "Without", "Otherwise", "There", "One", "Both",
                                               "Neither", "Use", "Call", "Pass", "Do", "Never", "Always", "Run", "Make", "Must", "Should",
                                               "May", "Can", "Cannot", "Only", "Not",
                                               "Keep", "Add", "Create", "Avoid", "Check", "Install", "Configure", "Additionally",
                                               "Also", "Then"]

    /// The names a list's items open with, when every item opens with one set as code ("`TYPE`: …", "`LABEL` - …"):
    /// "`TYPE`, `LABEL`." — at least two, at most eight; nil otherwise.
    static func listNames(_ block: ContentBlock?) -> String? {
        guard case .list(_, let items)? = block, (2...8).contains(items.count) else { return nil }
        var names: [String] = []
        for item in items {
            // A name, then its description after a colon or dash ("`TYPE`: Specifies …"): not a command ("`pip install
            // foo`") or code that opens a sentence.
            guard case .paragraph(let inlines)? = item.first, inlines.count >= 2, case .code(let name)? = inlines.first,
                  !name.isEmpty, name.count <= 40, !name.contains(" "), !name.contains("\n"),
                  case .text(let after) = inlines[1], let mark = after.trimmingWhitespace().first, ":-–—".contains(mark) else { return nil }
            names.append("`\(name)`")
        }
        let joined = names.joined(separator: ", ") + "."
        return joined.utf8.count <= 240 ? joined : nil
    }

    static let discoursePhrases = ["on the other hand", "on the whole", "on the contrary", "with that in mind", "with this in mind",
                                   "in any case", "in that case", "in this case", "in other words"]
    static let discourseNouns: Set<String> = ["short", "summary", "particular", "other", "practice", "general", "addition", "fact", "brief",
                                              "instance", "detail", "details", "conclusion", "total", "turn"]

    /// A condition that stops without saying what follows from it — no comma, no closing stop — as a paragraph ("If you
    /// need to skip both ssl related errors" above the code that shows it): a caption, not a statement. (Callers pass
    /// no list item: one without its full stop, "If the pool is full the caller must wait", says it all.)
    static func isConditionFragment(_ s: String) -> Bool {
        guard let last = s.last, !".!?:;)`".contains(last), !s.contains(",") else { return false }
        let words = s.split(separator: " ")
        guard (2...16).contains(words.count), let first = words.first?.lowercased() else { return false }
        return ["if", "when", "unless", "whenever", "once"].contains(first)
    }

    /// A lead-in that is only a condition or a scope, short and closed by a colon: "When the debug mode is
    /// enabled:", "If `strict` is set:", "In const contexts:", "On Windows:". Not one that says something itself
    /// ("If you are careful, the following works:").
    static func isBareCondition(_ s: String) -> Bool {
        guard s.hasSuffix(":") else { return false }
        let words = s.dropLast().split(separator: " ")
        guard (2...10).contains(words.count), let first = words.first?.lowercased() else { return false }
        guard ["when", "if", "unless", "while", "once", "in", "on", "for", "with", "without", "under", "during"].contains(first) else { return false }
        // A clause of its own after a comma ("If so, do this:") or a pointer ("In the following example:") is no bare condition.
        let lower = s.lowercased()
        // Nor is a discourse marker ("In short:", "In particular:", "For instance:").
        if words.count <= 3, discourseNouns.contains(words[1].lowercased().trimming(":")) { return false }
        if discoursePhrases.contains(where: { lower.hasPrefix($0) }) { return false }
        return !lower.contains(",") && !lower.contains("following") && !lower.contains("example") && !lower.contains("below")
    }

    /// Whether a paragraph's first statement continues the rule the previous paragraph ended
    /// with: it leans on it ("This …", "Otherwise …") or opens with a purpose or condition that
    /// repeats one of its words ("To serialize access, …" after "… must serialize such access").
    static func continues(_ previous: RuleCandidate, with first: String, candidate: RuleCandidate, limit: Int) -> Bool {
        guard previous.example == nil, previous.source.anchor == candidate.source.anchor,
              previous.text.utf8.count + candidate.text.utf8.count + 1 <= limit else { return false }
        // A version marker says when, not what: nothing goes on from it ("Added in: v13.6.0, v12.17.0" before "This symbol
        // shall be used …").
        if isBareVersionMarker(previous.subjects.first.map { withoutLabel(previous.text, $0) } ?? previous.text) { return false }
        if Condense.leansBack(first) { return true }
        let lower = first.lowercased()
        guard ["to ", "if ", "when ", "for this", "in order to "].contains(where: { lower.hasPrefix($0) }),
              let comma = lower.firstIndex(of: ",") else { return false }
        let clause = Set(GuidanceClassifier.tokenize(String(lower[..<comma])).filter { $0.count >= 5 })
        let lastSentence = SentenceSplitter.split(previous.text).last ?? previous.text
        return GuidanceClassifier.tokenize(lastSentence).contains { $0.count >= 5 && clause.contains($0) }
    }

    /// `text` without the label "`subject`: " it opens with: with backticks, or without them once a plain-word name lost
    /// its code span ("DrainSorted: …").
    static func withoutLabel(_ text: String, _ subject: String) -> String {
        for prefix in ["`\(subject)`: ", "\(subject): "] where text.hasPrefix(prefix) { return String(text.dropFirst(prefix.count)) }
        return text
    }

    /// One rule from a statement and the paragraph that continues it.
    static func joined(_ a: RuleCandidate, _ b: RuleCandidate) -> RuleCandidate {
        var text = b.text
        // A subject prefix the continuation got on its own ("`api`: …") is the first rule's too.
        if let subject = b.subjects.first, a.subjects.contains(subject) { text = withoutLabel(text, subject) }
        var out = a
        out.text = a.text + " " + text
        out.subjects = a.subjects + b.subjects.filter { !a.subjects.contains($0) }
        out.example = b.example
        out.longExample = b.longExample
        out.score = max(a.score, b.score)
        if b.kind.strength > a.kind.strength { out.kind = b.kind }
        if b.inCallout == true { out.inCallout = true }
        return out
    }

    /// Whether `code` may come along with a rule as its longer example (`maxLongExampleLines`, `maxLongExampleBytes`;
    /// one line, written inline, no longer than a short example): not a console transcript or its output, nor code
    /// holding a Markdown fence of its own (it would close the rule file's).
    static func isLongExample(_ code: String, language: String?, _ extractor: HeuristicExtractor) -> Bool {
        // Sizes first, by bytes: most code on a page is either short enough to come along anyway or too long.
        guard code.utf8.count <= extractor.maxLongExampleBytes + 64 else { return false }
        let trimmed = code.trimmingWhitespace()
        let lines = trimmed.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard !trimmed.isEmpty, trimmed.utf8.count <= extractor.maxLongExampleBytes, lines <= extractor.maxLongExampleLines,
              lines > 1 || trimmed.utf8.count <= extractor.maxExampleBytes else { return false }
        if let language, ["console", "shell-session", "sh-session", "pycon", "doscon", "output"].contains(language.lowercased()) { return false }
        if holdsFence(trimmed) { return false }
        return !(trimmed.hasPrefix(">>>") || trimmed.hasPrefix("$ "))
    }

    /// Whether a section's opening statement leans on the section's heading: its first sentence leans back ("This header
    /// should be used …"), or a later one names with "this"/"these" a thing the sentences before it in the statement
    /// do not ("Tell the browser where … . This header should be used …"). "These options are passed to …" after
    /// "`TestClient` takes arguments `backend` and `backend_options`" leans on its own statement, and so does "It …".
    static func leansOnHeading(_ sentences: [String]) -> Bool {
        guard let first = sentences.first else { return false }
        if Condense.leansBack(first) { return true }
        for k in sentences.indices.dropFirst() where Condense.leansBack(sentences[k]) {
            let words = sentences[k].lowercased().split(separator: " ").prefix(6).map { String($0).trimming(",.;:") }
            guard let d = words.firstIndex(where: { ["this", "these", "those"].contains($0) }), d + 1 < words.count else { continue }
            // "This means …", "These are …": a pronoun, standing for what was just said.
            guard !Self.pronounVerbs.contains(words[d + 1]) else { continue }
            let noun = words[d + 1].hasSuffix("s") && words[d + 1].count > 3 ? String(words[d + 1].dropLast()) : words[d + 1]
            guard noun.count >= 3, noun.allSatisfy(\.isLetter) else { continue }
            // Named before as a word of its own, or the end of a name (`backend_options`): not the heading's.
            let named = sentences[..<k].contains { sentence in
                GuidanceClassifier.tokenize(sentence.lowercased()).contains { $0 == noun || $0 == noun + "s" || $0.hasSuffix("_" + noun) || $0.hasSuffix("_" + noun + "s") }
            }
            if !named { return true }
        }
        return false
    }

    /// Verbs that follow "this"/"these" used as a pronoun.
    static let pronounVerbs: Set<String> = ["is", "are", "was", "were", "will", "would", "can", "could", "may", "might", "must", "should",
                                            "means", "mean", "has", "have", "makes", "make", "allows", "allow", "lets", "let", "ensures",
                                            "requires", "causes", "gives", "happens", "does", "do", "includes", "avoids", "prevents"]

    /// Whether a definition list is an index of items documented elsewhere (rustdoc's module tables of structs,
    /// traits and functions): at least three entries, each a name (as code, or a link to its own page) and a one-line
    /// summary, under a heading that names a kind of item or with every name a link. (Read outside
    /// an API entry: inside one, such a list is the entry's own — nginx's `rewrite` flags.)
    static func isIndex(_ items: [DefinitionItem], section: String?) -> Bool {
        guard items.count >= 3 else { return false }
        // Every name links to its own page, or the section is a kind of item ("Structs", "Traits", "Functions"): an
        // "Environment variables" list of names and one-liners is documentation of its own.
        // Every name links to its own page (but perhaps one in four: cppreference's deleted "operator= [deleted]"), or the
        // section is a kind of item ("Structs", "Traits", "Functions"): an "Environment variables" list of names and
        // one-liners is documentation of its own.
        let linkedCount = items.filter { if case .link? = $0.term.first { return true } else { return false } }.count
        let linked = linkedCount == items.count || (linkedCount >= 3 && linkedCount * 4 >= items.count * 3)
        let kindSection = section.map { Self.itemKindHeadings.contains(ContentBlock.plainHeading($0).lowercased()) } ?? false
        guard linked || kindSection else { return false }
        return items.allSatisfy { item in
            // The name, as code or as a link to its own page, and perhaps a badge after it (docs.rs's
            // `tokio_unstable`); among linked names, a name in words ("operator= [deleted]").
            guard let first = item.term.first, item.term.count <= 2, item.definition.count == 1,
                  case .paragraph(let inlines) = item.definition[0] else { return false }
            switch first {
            case .code: break
            case .link(let text, _) where !text.contains(" ") && !text.isEmpty: break
            case .text(let t) where linked && (t.hasPrefix("operator") || t.contains("[") || t.contains("(")) && (1...2).contains(t.trimmingWhitespace().split(separator: " ").count): break
            default: return false
            }
            if item.term.count == 2, !Self.isBadge(item.term[1]) { return false }
            let text = inlines.plainText
            return text.utf8.count <= 160 && SentenceSplitter.split(text).count <= 1
        }
    }

    /// A badge after an index entry's name: a feature flag as code (`tokio_unstable`) or a word or two ("Deprecated",
    /// "Experimental").
    static func isBlank(_ inline: Inline) -> Bool {
        if case .text(let t) = inline { return t.allSatisfy(\.isWhitespace) }
        return false
    }

    /// A badge in capitalised words: "Deprecated", "Read only", "Non-standard", "Experimental".
    static func isWordBadge(_ inline: Inline) -> Bool {
        guard case .text(let t) = inline else { return false }
        let words = t.trimmingWhitespace().split(separator: " ")
        // (Not an option's placeholder in capitals: "`-f` FILE", "`--jobs` N".)
        return (1...2).contains(words.count) && words[0].first?.isUppercase == true && words[0].contains(where: \.isLowercase)
            && words.allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "-" } }
    }

    static func isBadge(_ inline: Inline) -> Bool {
        switch inline {
        case .code(let c): return !c.contains(" ")
        case .text(let t): let w = t.trimmingWhitespace(); return !w.isEmpty && w.split(separator: " ").count <= 2
        default: return false
        }
    }

    /// Headings of the tables in which rustdoc (and other generators) index a module's items by kind.
    static let itemKindHeadings: Set<String> = ["modules", "structs", "enums", "traits", "functions", "macros", "types", "type aliases",
                                                "type definitions", "constants", "statics", "unions", "attribute macros", "derive macros",
                                                "re-exports", "keywords", "primitive types", "classes", "interfaces", "exceptions"]

    /// Whether the first sentences of a paragraph find fault with the code just before it.
    /// A sentence finds fault with the code when it says so ("problem", "does not work"; not "not a problem") and
    /// points at it ("our code", "this", "the above").
    static func findsFault(_ text: String) -> Bool {
        let plain = text.trimmingWhitespace()
        // A paragraph that introduces what follows it ("Don't do this:", "… the following") speaks of that.
        let lowerText = plain.lowercased()
        guard !plain.hasSuffix(":"), !lowerText.contains("below"), !lowerText.contains("following") else { return false }
        return SentenceSplitter.split(plain).prefix(2).contains { sentence in
            // Words only: punctuation read as a space ("… with our code.", "our code: it's …").
            let lower = " " + String(sentence.lowercased().map { $0 == "’" ? "'" : ".,:;!?()".contains($0) ? " " : $0 }) + " "
            guard codeReferences.contains(where: { lower.contains(" " + $0 + " ") }) else { return false }
            let words = GuidanceClassifier.tokenize(sentence)
            for (k, w) in words.enumerated() where faultWords.contains(w) {
                let before = words[max(0, k - 3)..<k]
                // "not a problem", "no problem", "nothing wrong", "avoids the problem", "solves the problems".
                if before.contains(where: { Self.faultDenials.contains($0) }) { continue }
                return true
            }
            return faultPhrases.contains { lower.contains(" " + $0) }
        }
    }

    /// What a sentence says of the code just shown when it finds fault with it: "our code", "this code", "the above".
    static let codeReferences = ["our code", "this code", "the code", "the above", "the code above", "this program", "the program",
                                 "this implementation", "this example", "the example", "this version", "this snippet"]
    static let faultDenials: Set<String> = ["no", "not", "isn", "aren", "isn't", "aren't", "wasn't", "nothing", "never", "without", "avoid", "avoids", "solve",
                                            "solves", "fix", "fixes", "prevent", "prevents"]

    /// Words and phrases that find fault with code (whole words: `BrokenBarrierException` is no fault).
    static let faultWords: Set<String> = ["problem", "problems", "wrong", "incorrect", "incorrectly", "buggy", "broken", "unsound", "oops"]
    static let faultPhrases = ["a bug", "doesn't work", "does not work", "won't work", "will not work", "doesn't compile", "does not compile",
                               "won't compile", "fails to compile", "not exception-safe", "not exception safe", "bad idea", "don't do this",
                               "do not do this"]

    /// Whether code holds a line that would close the Markdown fence the rule file puts around it (a Markdown sample).
    static func holdsFence(_ code: String) -> Bool {
        guard code.contains("```") || code.contains("~~~") else { return false }
        return code.split(separator: "\n").contains { line in
            let t = line.drop(while: { $0 == " " || $0 == "\t" })
            return t.hasPrefix("```") || t.hasPrefix("~~~")
        }
    }

    /// Words that only say an example follows.
    static let exampleLabels: Set<String> = ["example", "examples", "for example", "for instance", "e.g.", "eg.", "usage", "example usage"]

    /// `code` without the blank lines that open or close it.
    static func withoutBlankEdges(_ code: String) -> String {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace), lines.count > 1 { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace), lines.count > 1 { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// A one- or two-line code block small enough to ride along with its statement, or a paragraph that is
    /// one code span and nothing else (Sphinx writes "Disable the check entirely:" then
    /// ``await resp.json(content_type=None)`` as a paragraph of its own).
    static func shortCode(_ block: ContentBlock?) -> String? {
        if case .paragraph(let inlines)? = block {
            let spans = inlines.filter { if case .text(let t) = $0 { return !t.trimmingWhitespace().allSatisfy { ".;,".contains($0) } } else { return true } }
            guard spans.count == 1, case .code(let code) = spans[0] else { return nil }
            let trimmed = code.trimmingWhitespace()
            guard !trimmed.isEmpty, !trimmed.contains("\n"), trimmed.utf8.count <= 120 else { return nil }
            return trimmed
        }
        guard case .code(_, let code)? = block else { return nil }
        let trimmed = code.trimmingWhitespace()
        let lines = trimmed.split(separator: "\n")
        guard lines.count <= 2, trimmed.utf8.count <= 120, !trimmed.isEmpty else { return nil }
        // Console transcripts and outputs are not examples.
        if trimmed.hasPrefix(">>>") || trimmed.hasPrefix("$ ") && lines.count > 1 { return nil }
        return trimmed
    }

    /// Applies the admonition the sentence sits in to the detectors' reading.
    static func contextual(_ a: GuidanceClassifier.Analysis, admonition: AdmonitionKind?, words: Int) -> GuidanceClassifier.Match? {
        var m = a.match
        if m != nil, a.signals.allSatisfy({ $0.detector == .constraint }) {
            let s = a.signals.map(\.strength).max() ?? 0.3
            m = GuidanceClassifier.Match(kind: .warning, strength: s > 0.5 ? s : 0.3)
        }
        // Pointers ("See …") stay pointers inside a call-out.
        if a.isDiscourse { return m }
        guard let kind = admonition else { return m }
        switch kind {
        case .warning, .danger, .caution, .error, .attention:
            let k: RuleKind = (m.map { [.never, .must, .avoid, .deprecated].contains($0.kind) } ?? false) ? m!.kind : .warning
            return GuidanceClassifier.Match(kind: k, strength: max(m?.strength ?? 0, 0.85))
        case .important:
            let k: RuleKind = (m.map { [.never, .must, .avoid, .deprecated, .should].contains($0.kind) } ?? false) ? m!.kind : .warning
            return GuidanceClassifier.Match(kind: k, strength: max(m?.strength ?? 0, 0.8))
        case .deprecated:
            return GuidanceClassifier.Match(kind: .deprecated, strength: 0.95)
        case .versionAdded, .versionChanged:
            if let m, m.kind == .never || m.kind == .must || m.kind == .deprecated, m.strength >= 0.9 { return m }
            return GuidanceClassifier.Match(kind: .version, strength: 0.6)
        case .note:
            guard let m else { return GuidanceClassifier.Match(kind: .should, strength: 0.4) }
            return GuidanceClassifier.Match(kind: m.kind, strength: min(1, m.strength + 0.1))
        case .tip, .hint:
            guard let m else { return GuidanceClassifier.Match(kind: .should, strength: 0.35) }
            return GuidanceClassifier.Match(kind: m.kind, strength: min(1, m.strength + 0.05))
        case .seeAlso, .info, .example:
            return m
        }
    }

    /// A sentence without guidance that still states a fact worth a rule when the page has room:
    /// it names an API (an identifier, or the API entry it describes) or states a restriction or
    /// behaviour, and is neither a pointer nor narrative.
    static func isFact(_ s: Scored, context: Context) -> Bool {
        // An index of items documented elsewhere says what each is, in a line: nothing to do or avoid.
        if context.inIndex { return false }
        // What a call-out says about a name, also in the reader's terms ("You can override the project name
        // with either the --project-name flag or the COMPOSE_PROJECT_NAME environment variable." in a note):
        // the author set it apart. Not its pointers, nor a box that names nothing (a site's promotions).
        if let kind = context.admonition, kind != .seeAlso, kind != .versionAdded, kind != .versionChanged,
           isSentenceLike(s.text, admonition: nil), !s.text.hasSuffix(":"), !isPointerOnly(s.text),
           let first = s.text.split(separator: " ").first?.lowercased(),
           !["see", "refer", "learn", "read", "check", "for", "more"].contains(first), s.text.split(separator: " ").count <= 60,
           !Identifiers.find(in: s.text).isEmpty {
            return true
        }
        guard !s.analysis.isDiscourse, isSentenceLike(s.text, admonition: nil), !s.text.hasSuffix(":") else { return false }
        let words = s.text.split(separator: " ").count
        guard words >= 5, words <= 60 else { return false }
        if s.analysis.has(.constraint) || s.analysis.has(.default) || s.analysis.has(.version) { return true }
        if !Identifiers.find(in: s.text).isEmpty { return true }
        // What a feature is for ("The test wrapper can also be used to provide input data for stdin").
        let lower = Array(s.text.lowercased().utf8)
        if capabilityPhrases.contains(where: { ByteSearch.contains(lower, $0.utf8) }) { return true }
        return context.subject != nil && !context.headingSubject
    }

    /// Phrases that say what something is for or lets a developer do.
    static let capabilityPhrases = ["can be used to", "can also be used to", "can be used for", "can also be used for", "is useful for",
                                    "is very useful for", "allows you to", "lets you", "enables you to", "makes it possible to"]

    /// A list item that holds one link and nothing else (its nested list of links, in a table of contents).
    /// "3.1. ", "4 ", "12.": the number of a table of contents' entry.
    static func isEntryNumber(_ t: String) -> Bool {
        let s = t.trimmingWhitespace()
        guard let first = s.first, first.isNumber, s.count <= 12 else { return false }
        return s.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// Whether a run of inlines holds links and nothing else but white space or punctuation (an empty run too).
    static func isLinkRun(_ inlines: [Inline]) -> Bool {
        inlines.allSatisfy { inline in
            switch inline {
            case .link: return true
            case .text(let t): return t.allSatisfy { $0.isWhitespace || $0.isPunctuation }
            default: return false
            }
        }
    }

    /// " by Frank Wiles", " by Greg Smith, Robert Treat, and Christopher Browne": who wrote what a link points at.
    /// Each name is one to four capitalised words, a lone word not one that says how ("by Default", "by Value").
    static func isAttribution(_ t: String) -> Bool {
        let trimmed = t.trimmingWhitespace()
        guard trimmed.hasPrefix("by "), trimmed.count <= 120 else { return false }
        var names: [[Substring]] = [[]]
        for token in trimmed.dropFirst(3).split(separator: " ") {
            var word = token
            let comma = word.hasSuffix(",")
            if comma { word = word.dropLast() }
            if word == "and" || word == "&" { names.append([]); continue }
            if !word.isEmpty { names[names.count - 1].append(word) }
            if comma { names.append([]) }
        }
        names = names.filter { !$0.isEmpty }
        return !names.isEmpty && names.allSatisfy { name in
            (1...4).contains(name.count) && name.allSatisfy { w in w.first?.isUppercase == true && w.allSatisfy { $0.isLetter || ".'-’".contains($0) } }
                && !(name.count == 1 && Self.notAuthors.contains(String(name[0])))
        }
    }

    /// Capitalised words after "by" that name how, not who ("by Default", "by Value").
    static let notAuthors: Set<String> = ["Default", "Design", "Hand", "Value", "Reference", "Name", "Date", "Itself", "Example", "Convention",
                                          "Type", "Key", "Index", "Id", "ID", "Hash", "Size", "Time", "Category", "Tag"]

    static func isLinkOnly(_ item: [ContentBlock]) -> Bool {
        guard case .paragraph(let inlines)? = item.first else { return false }
        var links = 0
        for inline in inlines {
            switch inline {
            case .link: links += 1
            case .text(let t) where t.allSatisfy({ $0.isWhitespace || $0.isPunctuation }): continue
            // A table of contents numbers its entries ("3.1. [Programs run OK …]"): a number before the link.
            case .text(let t) where links == 0 && Self.isEntryNumber(t): continue
            // A reading list names each link's author ("[Performance Tuning PostgreSQL](…) by Frank Wiles").
            case .text(let t) where links == 1 && Self.isAttribution(t): continue
            default: return false
            }
        }
        guard links == 1 else { return false }
        return item.dropFirst().allSatisfy { block in
            if case .list(_, let nested) = block { return nested.allSatisfy(isLinkOnly) }
            return false
        }
    }

    /// "New in version 1.4.", "Added in version 0.3", "Changed in 3.0.", "Deprecated since 2.1": a version
    /// marker and nothing else.
    /// Node.js writes it "Added in: v13.6.0, v12.17.0", one version per release line.
    static func isBareVersionMarker(_ s: String) -> Bool {
        let words = s.trimming(". ").split(separator: " ").map { $0.lowercased().trimming(":,") }
        guard words.count >= 2, ["new", "added", "changed", "deprecated", "since"].contains(words[0]) else { return false }
        let marker = words.dropFirst().prefix(while: { ["in", "version", "since"].contains($0) })
        let versions = words.dropFirst(1 + marker.count)
        guard marker.count <= 2, (1...4).contains(versions.count) else { return false }
        return versions.allSatisfy(GuidanceClassifier.isVersionToken)
    }

    /// What an entry's text says after its term — `name`, in code or not, maybe its type in parentheses, then a dash
    /// or a spaced colon ("skipkeys (bool) – If True, …", "`https_only` - Indicate that …") — or nil when it does not
    /// open with the term.
    static func withoutEntryTerm(_ text: String, _ name: String) -> String? {
        var rest = Substring(text)
        if rest.hasPrefix("`" + name + "`") { rest = rest.dropFirst(name.count + 2) }
        else if rest.hasPrefix(name) { rest = rest.dropFirst(name.count) } else { return nil }
        if rest.hasPrefix(" ("), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...] }
        guard let separator = [" – ", " - ", " — ", " : "].first(where: { rest.hasPrefix($0) }) else { return nil }
        let description = String(rest.dropFirst(separator.count)).trimmingWhitespace()
        return description.split(separator: " ").count >= 2 ? description : nil
    }

    /// Column headers whose cells say what the row's name is or does.
    static let descriptionHeaders: Set<String> = ["description", "meaning", "purpose", "details", "notes", "note", "effect", "explanation",
                                                  "comment", "comments", "remarks", "usage"]
    /// Column headers whose cells name what the row is about.
    static let nameHeaders: Set<String> = ["property", "properties", "attribute", "option", "parameter", "argument", "setting", "field",
                                           "key", "flag", "name", "variable", "element", "directive", "method", "function", "constant",
                                           "member", "header", "annotation", "config", "configuration", "environment variable"]

    /// A table row's cells as one line, "; " between them: a cell's own closing full stop or colon goes before the
    /// separator ("What you don't want to collect: Information about where calls were made from; How to avoid collecting
    /// it: Set `logging._srcfile` to None."), not "from.; How".
    static let emptyCellMarks: Set<String> = ["—", "–", "―", "−", "-", "--", "n/a", "n/a.", "n.a.", "—.", "-."]

    /// Verbs that open a task in a table of scenarios ("Execute data clean-up code …", "Process message queues …").
    static let taskVerbs: Set<String> = ["execute", "process", "build", "respond", "capture", "pull", "send", "run", "store", "analyze",
                                         "analyse", "monitor", "deploy", "migrate", "stream", "transform", "schedule", "automate",
                                         "integrate", "connect", "trigger", "serve", "host", "manage", "handle", "read", "load", "save",
                                         "delete", "update", "fetch", "query", "sync", "implement", "start", "stop", "test", "debug",
                                         "collect", "receive", "upload", "download", "generate", "validate", "convert", "render"]

    /// Headers that open a sentence each row completes ("If you want to..." | "then..."): the row read as that sentence,
    /// "If you want to run scheduled task, then execute data clean-up code on predefined timed intervals." Nil unless
    /// every header trails off that way.
    static func headerSentence(_ names: [String], _ cells: [String]) -> String? {
        guard names.count >= 2, names.count == cells.count, cells.allSatisfy({ !$0.isEmpty }) else { return nil }
        var parts: [String] = []
        var end = "."
        for (n, (name, cell)) in zip(names, cells).enumerated() {
            var head = Substring(name)
            if head.hasSuffix("...") { head = head.dropLast(3) } else if head.hasSuffix("…") { head = head.dropLast() } else { return nil }
            guard !head.isEmpty else { return nil }
            var body = Condense.closing(cell)
            // One sentence a cell, no more: several would not read as one.
            guard SentenceSplitter.split(body).count == 1 else { return nil }
            while let last = body.last, ".;:!?".contains(last) {
                if n == names.count - 1, last == "?" || last == "!" { end = String(last) }
                body.removeLast()
            }
            guard !body.trimmingWhitespace().isEmpty else { return nil }
            // A capitalised verb goes on the sentence ("Create" → "create"); a name keeps its case ("Docker", "Python").
            let first = body.prefix(while: { $0 != " " })
            if first.count > 1, first.first?.isUppercase == true, first.dropFirst().allSatisfy({ $0.isLowercase }),
               GuidanceClassifier.imperativeVerbs.contains(first.lowercased()) || Self.stepVerbs.contains(first.lowercased())
                || Self.taskVerbs.contains(first.lowercased()) {
                body = body.prefix(1).lowercased() + body.dropFirst()
            }
            parts.append(String(head).trimmingWhitespace() + " " + body)
        }
        return parts.joined(separator: ", ") + end
    }

    /// A table without a header whose every row is a name linked to another page (or written as code) and one short
    /// line about it.
    static func isIndexTable(_ table: Table, page: String) -> Bool {
        guard table.header == nil else { return false }
        let pagePath = page.split(separator: "#", maxSplits: 1).first.map(String.init) ?? page
        // (A row of one link and nothing else points elsewhere too: "C documentation for cnd_wait".)
        let rows = table.rows.map { $0.filter { !$0.plainText.trimmingWhitespace().isEmpty } }
            .filter { !$0.isEmpty && !($0.count == 1 && { if case .link? = $0[0].first { return true } else { return false } }($0)) }
        guard rows.count >= 2, rows.allSatisfy({ $0.count == 2 }) else { return false }
        var linked = 0
        for row in rows {
            let name = row[0].filter { !isBlank($0) }
            guard let first = name.first, name.count <= 2, name.dropFirst().allSatisfy(isBadge) else { return false }
            switch first {
            // (A link to a section of the same page indexes nothing elsewhere.)
            case .link(let text, let url) where !text.contains(" "):
                guard !url.hasPrefix("#"), url.split(separator: "#", maxSplits: 1).first.map(String.init) != pagePath else { return false }
                linked += 1
            case .code(let c) where !c.contains(" "): break
            default: return false
            }
            let line = row[1].plainText
            guard line.utf8.count <= 200, SentenceSplitter.split(line).count <= 1 else { return false }
        }
        // (Two rows only when both link: "See also" with two entries.)
        return rows.count == 2 ? linked == 2 : linked * 2 >= rows.count
    }

    /// A row of declarations (cells of code alone) and their marks: an overload's number, "(since C++11)", "(until C++14)".
    static func isDeclarationRow(_ row: [[Inline]]) -> Bool {
        var code = false
        for cell in row {
            let parts = cell.filter { !isBlank($0) }
            if parts.isEmpty { continue }
            if parts.allSatisfy({ if case .code = $0 { return true } else { return false } }) { code = true; continue }
            let t = parts.plainText.trimmingWhitespace().lowercased()
            guard t.hasPrefix("("), t.hasSuffix(")") else { return false }
            let inside = t.dropFirst().dropLast()
            guard inside.allSatisfy(\.isNumber) || ["since ", "until ", "deprecated", "removed"].contains(where: { inside.hasPrefix($0) }) else { return false }
        }
        return code
    }

    /// Headings of tables whose rows each document one name of the entry: its parameters, fields or members.
    static let memberSections: Set<String> = ["parameters", "parameter", "params", "param", "arguments", "argument", "args", "members",
                                              "fields", "attributes", "properties"]

    /// Whether a table's first-cell name reads as a parameter's: set as code, or written in lower case or with an
    /// underscore (`max_threads`, `lock`), not a capitalised word ("Windows", "Required").
    static func looksLikeParameter(_ name: String, cell: [Inline]) -> Bool {
        if cell.contains(where: { if case .code = $0 { return true } else { return false } }) { return true }
        return name.contains("_") || name.first?.isLowercase == true
    }

    /// The rest of a parameter row read as one description: its longest cell first (the prose), then the others in
    /// parentheses (a type, gtk-doc's "[nullable]"); nil when no cell is prose.
    static func describedRow(_ cells: [String]) -> String? {
        let parts = cells.filter { !$0.isEmpty }
        guard let prose = parts.max(by: { $0.split(separator: " ").count < $1.split(separator: " ").count }),
              prose.split(separator: " ").count >= 3 else { return nil }
        let others = parts.filter { $0 != prose }
        return others.isEmpty ? prose : prose + " (" + others.joined(separator: ", ") + ")"
    }

    /// The member a C declaration in a table cell declares: "GFunc `func`;" → `func`, "gpointer user_data;" → `user_data`.
    static func declaredMember(_ cell: [Inline]) -> String? {
        let t = cell.plainText.trimmingWhitespace()
        guard t.hasSuffix(";"), t.count <= 80 else { return nil }
        let words = t.dropLast().split(whereSeparator: { $0 == " " || $0 == "*" }).map(String.init)
        guard words.count >= 2, let last = words.last else { return nil }
        return parameterName([.text(last)])
    }

    /// A parameter's name in a table's first cell: one identifier, as code or as a plain word.
    static func parameterName(_ cell: [Inline]) -> String? {
        let t = cell.plainText.trimmingWhitespace()
        guard !t.isEmpty, !t.contains(" "), t.count <= 40, t.allSatisfy({ $0.isLetter || $0.isNumber || "_.:*&".contains($0) }),
              t.first?.isLetter == true || t.first == "_" else { return nil }
        return t
    }

    /// The cells of a row joined as one statement. A cell that is a label ("`sec`:", gtk-doc's and Doxygen's parameter
    /// tables) leads into the next one: "`sec`: the security block to free", not "sec; the security block to free".
    static func joinCells(_ cells: [String]) -> String {
        let parts = cells.filter { !$0.isEmpty }
        var out = ""
        for (n, part) in parts.enumerated() {
            let lower = part.lowercased()
            guard n < parts.count - 1 else { out += part; break }
            // A declaration cell ends with its own ";" ("`GQuark domain;`"): no second one.
            if part.hasSuffix(";") || part.hasSuffix(";`") { out += part + " "; continue }
            // A revision mark in the next cell reads after the statement it marks ("… does not throw (since C++14)").
            if n == parts.count - 2, let next = parts.last, next.hasPrefix("("), next.hasSuffix(")"),
               ["(since ", "(until "].contains(where: { next.lowercased().hasPrefix($0) }) {
                out += part + " "; continue
            }
            if n == 0, part.hasSuffix(":"), !part.hasSuffix("::"), !part.contains(" "), part.count > 1 {
                out += part + " "
                continue
            }
            guard let last = part.last, last == "." || last == ":", !part.hasSuffix(".."),
                  part.trimmingWhitespace().count > 1, !part.hasSuffix(": ."), !part.hasSuffix(": :"),
                  !["etc.", "e.g.", "i.e."].contains(where: { lower.hasSuffix($0) }) else { out += part + "; "; continue }
            out += String(part.dropLast()) + "; "
        }
        return out
    }

    /// The name a table row is about: its first cell, one identifier (in code or a link's words), under a column
    /// that names ("Property", "Option", "Name").
    static func rowName(_ cell: String, header: String) -> String? {
        guard nameHeaders.contains(header.lowercased()) else { return nil }
        let name = cell.trimming("` ")
        guard (1...60).contains(name.count), !name.contains(" "), !name.contains("`"),
              name.contains(where: \.isLetter) else { return nil }
        return name
    }

    /// A paragraph that is a documentation comment's block tag and a few words: "@stable ICU 3.6", "@internal",
    /// "@since 2.1" — not "@deprecated Use …", nor a mention at the start of a sentence ("@Transactional works …").
    static func isRawBlockTag(_ text: String) -> Bool {
        let words = text.trimmingWhitespace().split(separator: " ", maxSplits: 4)
        guard let tag = words.first, words.count <= 4 else { return false }
        return rawBlockTags.contains(String(tag))
    }

    /// The text without the block tag it ends with, printed as it stands by a generator that did not know it ("… must
    /// also be closed. @stable ICU 3.6", or a paragraph of its own): the source's markup, not words. ("@deprecated …"
    /// says something: it stays.)
    static func withoutRawBlockTag(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        if isRawBlockTag(text) { return "" }
        // The first sentence end followed by a known tag, in page order.
        var search = text.startIndex
        while let r = text[search...].firstRange(of: " @") {
            let before = text[..<r.lowerBound].last
            if before == "." || before == "!" || before == "?", isRawBlockTag(String(text[text.index(after: r.lowerBound)...])) {
                return String(text[..<r.lowerBound])
            }
            search = r.upperBound
        }
        return text
    }

    /// Documentation-comment block tags that mark status or bookkeeping, not behaviour (a decorator such as `@property`
    /// opening a sentence is none of them).
    static let rawBlockTags: Set<String> = ["@stable", "@draft", "@internal", "@system", "@obsolete", "@provisional", "@since",
                                            "@version", "@author", "@hide", "@ingroup", "@addtogroup", "@defgroup", "@file"]

    /// The module a title names before its dash ("contextvars — Context Variables", "`subprocess` — Subprocess
    /// management"): one dotted name, set as code when it labels a rule.
    static func moduleName(_ heading: String) -> String? {
        guard let dash = heading.firstRange(of: " — ") ?? heading.firstRange(of: " – ") else { return nil }
        let name = String(heading[..<dash.lowerBound]).trimming("` ")
        // (A capitalised word is a topic: "Sessions — the basics".)
        guard let first = name.first, first.isLowercase || first == "_", !genericHeadings.contains(name),
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        return String(name)
    }

    /// The text without the pictograph it opens with ("⚠️ For as long as …", "💡 Tip: …"): decoration, not words.
    static func withoutLeadingPictograph(_ s: String) -> String {
        // (Not a letterlike symbol such as "™".)
        guard let first = s.unicodeScalars.first, first.value >= 0x2000, !(0x2100...0x214F).contains(first.value) || first.value == 0x2139,
              first.properties.isEmoji else { return s }
        var scalars = Substring(s).unicodeScalars
        // The pictograph, its variation selector (U+FE0F), skin tones and joined parts.
        while let u = scalars.first, u.value >= 0x2000,
              u.properties.isEmoji || u.properties.isEmojiModifier || u.value == 0xFE0F || u.value == 0x200D {
            scalars.removeFirst()
        }
        guard let next = scalars.first, next.properties.isWhitespace else { return s }
        let rest = String(Substring(scalars)).trimmingWhitespace()
        return rest.isEmpty ? s : rest
    }

    /// "Default: `30`", "Defaults: none", "Default value: 8" (MkDocs, Javadoc and config references).
    static func isDefaultLine(_ s: String) -> Bool {
        let lower = s.lowercased()
        guard lower.hasPrefix("default:") || lower.hasPrefix("defaults:") || lower.hasPrefix("default value:") else { return false }
        let words = s.split(separator: " ").count
        return words >= 2 && words <= 8
    }

    /// A short sentence that only points elsewhere: "See also Fixing broken Portage.", "For other tutorials,
    /// see Tutorials.", "Consider the following example.", "Use the following syntax." It states nothing.
    /// A return value's description ("true if …"), or a parameter entry whose description is a noun
    /// phrase and nothing more: it opens with an article and no verb comes before its first relative
    /// clause ("the key that needs to be removed", "a function returning the value", "the initial
    /// capacity").
    static func isBareNounPhrase(_ s: String) -> Bool {
        // Most sentences are neither: decide that from the first bytes (this runs for every sentence).
        let head = s.utf8.prefix(72)
        let opensTrueFalse = head.first.map { $0 | 0x20 == UInt8(ascii: "t") || $0 | 0x20 == UInt8(ascii: "f") } ?? false
        var hasDash = false
        var previous: UInt8 = 0
        for b in head {
            // " - ", and the first byte of "–"/"—" (E2) after a space.
            if previous == 0x20, b == UInt8(ascii: "-") || b == 0xE2 { hasDash = true; break }
            previous = b
        }
        guard hasDash || opensTrueFalse else { return false }
        var words = s.lowercased().split(separator: " ").map { String($0).trimming(".,;:()`") }
        let strong = nounPhraseStrongWords
        let isEntry = words.count > 2 && ["-", "–", "—"].contains(words[1])
        if isEntry { words.removeFirst(2) }
        // A return value's description ("true if current thread holds this lock and false otherwise", "true if
        // this lock should use a fair ordering policy"), unless a clause after it insists ("…; callers must release it").
        if words.count > 2, words[0] == "true" || words[0] == "false", words[1] == "if" || words[1] == "iff" {
            let after = s.split(separator: ";", maxSplits: 1).dropFirst().first.map { $0.lowercased().split(separator: " ").map(String.init) } ?? []
            return !after.contains(where: strong.contains)
        }
        // A constraint anywhere in it ("the value that must not be null") is a statement.
        if words.contains(where: strong.contains) { return false }
        // Otherwise only a parameter entry's description: "key - the key …", "initialCapacity – the initial capacity".
        guard isEntry else { return false }
        guard let first = words.first, ["the", "a", "an"].contains(first), words.count <= 20 else { return false }
        for w in words.dropFirst() {
            if nounPhraseClauseOpeners.contains(w) { return true }
            if nounPhraseVerbs.contains(w) { return false }
        }
        return true
    }

    /// Words that make a parameter's description a constraint, wherever they stand.
    static let nounPhraseStrongWords: Set<String> = ["must", "cannot", "can't", "never", "should", "shall", "not", "only", "required",
                                                     "mustn't", "shouldn't"]
    /// Verbs that make a description a sentence when they come before its first relative clause.
    static let nounPhraseVerbs: Set<String> = ["is", "are", "was", "were", "be", "been", "has", "have", "had", "must", "should", "shall", "can",
                                               "cannot", "could", "may", "might", "will", "would", "does", "do", "did", "returns", "throws",
                                               "raises", "means", "allows", "requires", "causes", "makes", "uses", "needs", "needn't", "isn't",
                                               "aren't", "won't", "doesn't", "don't", "never", "always"]
    /// Words that open a relative or subordinate clause inside a noun phrase ("the key that …").
    static let nounPhraseClauseOpeners: Set<String> = ["that", "which", "who", "whose", "whom", "where", "when", "if", "to", "for", "with",
                                                       "whether"]

    /// An exercise a tutorial sets its reader ("If you’re interested in deadlocks, try creating a
    /// program that has one; …", "As an exercise, …") is no rule about the API.
    static func isExercise(_ s: String) -> Bool {
        guard let first = s.utf8.first, first | 0x20 == UInt8(ascii: "i") || first | 0x20 == UInt8(ascii: "a") else { return false }
        let lower = String(s.lowercased().map { $0 == "\u{2019}" ? "'" : $0 })
        if lower.hasPrefix("as an exercise") { return true }
        guard lower.hasPrefix("if you're interested in") || lower.hasPrefix("if you are interested in"),
              let comma = lower.firstIndex(of: ",") else { return false }
        return lower[lower.index(after: comma)...].drop(while: { $0 == " " }).hasPrefix("try ")
    }

    static func isPointerOnly(_ s: String) -> Bool {
        guard !s.contains("`") else { return false }
        var lower = s.lowercased()
        // "If you have any comments … feel free to post a message on the mailing list or to file a bug report":
        // one sentence inviting the reader to write to the project, with nothing it insists on.
        if let r = lower.firstRange(of: "feel free to "), SentenceSplitter.split(s).count == 1 {
            let verb = lower[r.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            let writes = ["post", "file", "ask", "contact", "reach", "open", "send", "write", "drop", "report", "join", "submit", "email"]
            let channels = ["mailing list", "bug report", "issue tracker", "forum", "discussion", "chat", "email", "e-mail", "contact us"]
            let insists = ["must", "never", "should", "do not", "don't", "don’t", "avoid", "required"]
            if writes.contains(verb), channels.contains(where: { lower.contains($0) }), !insists.contains(where: { lower.contains($0) }) { return true }
        }
        // "To learn how to set up X, see Set up X.", "For more information, see …".
        if lower.hasPrefix("for ") || lower.hasPrefix("to "), lower.contains(", see "), lower.split(separator: " ").count <= 16 { return true }
        let insisting = ["must", "never", "should", "do not", "don't", "don’t", "avoid", "required", "always", "only"]
        let count = lower.split(separator: " ").count
        // "Read keeping components pure to learn more.": a pointer elsewhere, in one short sentence.
        if count <= 12, ["to learn more.", "to learn more about it.", "for more details.", "for more information.", "for details.",
                                       "for further details.", "for further information."].contains(where: { lower.hasSuffix($0) }),
           SentenceSplitter.split(s).count == 1, !insisting.contains(where: { lower.contains($0) }) { return true }
        // "This page lists common mistakes and traps and explains how to avoid them.": the document describing itself.
        let selves = ["this page", "this document", "this guide", "this section", "this chapter", "this tutorial", "this article", "the following sections"]
        let describes = ["lists", "describes", "explains", "covers", "shows", "introduces", "discusses", "outlines", "documents",
                         "presents", "walks"]
        // …unless it insists on something itself ("This section describes settings you must change before deploying.").
        let insistsItself = ["must", "never", "should", "do not", "don't", "don’t", "required", "cannot", "can't", "can’t"]
        if count <= 20, let self_ = selves.first(where: { lower.hasPrefix($0 + " ") }),
           let verb = lower.dropFirst(self_.count + 1).split(separator: " ").first, describes.contains(String(verb)),
           !insistsItself.contains(where: { lower.contains($0) }), SentenceSplitter.split(s).count == 1 { return true }
        // "To set up manually-managed vacuuming properly, it is essential to understand the issues discussed in the next
        // few subsections.": what to read next, however much it insists.
        let ahead = ["the next section", "the next few section", "the next subsection", "the next few subsection", "the following section",
                     "the following subsection", "the next chapter", "the following chapter"]
        if count <= 30, SentenceSplitter.split(s).count == 1, ahead.contains(where: { lower.contains($0) }),
           ["understand", "read ", "discussed", "described", "explained", "covered"].contains(where: { lower.contains($0) }),
           !["never", "do not", "don't", "don’t", "must not", "avoid"].contains(where: { lower.contains($0) }) { return true }
        for lead in ["for example, ", "for instance, "] where lower.hasPrefix(lead) { lower = String(lower.dropFirst(lead.count)) }
        let words = lower.split(whereSeparator: { $0 == " " || $0 == "," }).map { String($0).trimming(".:;!") }
        guard let first = words.first, words.count <= 9 else { return false }
        if first == "see" { return true }
        let pointing: Set<String> = ["following", "below", "above", "example", "examples"]
        let openers: Set<String> = ["consider", "use", "see", "here", "here's", "here’s", "let's", "let’s", "the", "this", "check", "look", "refer"]
        return words.count <= 6 && openers.contains(first) && words.contains(where: pointing.contains)
            && !words.contains(where: { ["must", "never", "should", "always", "not", "don't", "don’t", "avoid"].contains($0) })
    }

    /// Fragments too short to stand alone and pure pointers are not statements.
    static func isSentenceLike(_ s: String, admonition: AdmonitionKind?) -> Bool {
        let words = s.split(separator: " ").count
        // A short default is a statement: "Default: 30", and the sentence a parameter list ends an entry
        // with, "Defaults to `500`."
        let lower = s.lowercased()
        let shortDefault = isDefaultLine(s) || ((lower.hasPrefix("defaults to ") || lower.hasPrefix("default is ")) && words >= 3)
        if words < 4 && !(admonition != nil && words >= 2) && !shortDefault { return false }
        if s.hasSuffix("?") { return false }
        // A bar of links or section names ("NAME | SYNOPSIS | DESCRIPTION | OPTIONS | …") says nothing.
        if s.utf8.contains(UInt8(ascii: "|")), !s.utf8.contains(UInt8(ascii: "`")) {
            let cells = s.split(separator: "|")
            if cells.count >= 5, cells.allSatisfy({ $0.split(separator: " ").count <= 3 }) { return false }
        }
        return true
    }
}

/// Normalised comparison key used for "already contains" checks.
func Linker_key(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
        let v = scalar.value
        if v < 0x80 ? ((v >= 97 && v <= 122) || (v >= 48 && v <= 57)) : scalar.properties.isAlphabetic { out.append(scalar) }
    }
    return String(out)
}

