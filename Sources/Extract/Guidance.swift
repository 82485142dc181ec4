import RulesMakerCore

/// Recognises normative language: what a sentence insists on, and how strongly.
///
/// The classifier combines independent detectors, each a general linguistic signal rather than a
/// list of phrases from one site:
///
/// - **modal**: deontic modals and their negations (`must`, `must not`, `shall`, `should`,
///   `need to`, `is required`, `it is an error to`, …);
/// - **imperative**: a sentence addressed to the reader with a bare verb, either at the start
///   ("Use …", "Do not …") or after a leading condition or purpose clause ("If …, call …",
///   "To …, set …");
/// - **risk**: hazards and lack of guarantees (`not thread-safe`, `undefined behaviour`,
///   `deadlock`, `not guaranteed`, `dangerous`, …);
/// - **recommendation**: evaluative advice (`recommended`, `prefer`, `rather than`, `instead`, …);
/// - **default**: defaults and omitted values (`defaults to`, `by default`, `if omitted`, …);
/// - **version**: version and deprecation markers (`New in version 2.1`, `Changed in 3.0`,
///   `since 1.4`, `Deprecated since`, `will be removed`, …);
/// - **constraint**: restrictive facts that are easy to get wrong (`only`, `at most`, `cannot`,
///   `is ignored`, `takes precedence`, …), weak on their own.
///
/// Matching works on word tokens (lower-cased, hyphens and typographic apostrophes folded), so a
/// cue costs one dictionary look-up per word of the sentence.
public struct GuidanceClassifier: Sendable {
    public struct Match: Sendable, Equatable {
        public var kind: RuleKind
        /// Strength of the cue, 0…1.
        public var strength: Double
    }

    /// The detector that produced a signal.
    public enum Detector: String, Sendable, Hashable, CaseIterable {
        case modal, prohibition, imperative, risk, recommendation, `default`, version, deprecation, constraint
    }

    /// One piece of evidence found in a sentence.
    public struct Signal: Sendable, Equatable {
        public var detector: Detector
        public var kind: RuleKind
        public var strength: Double
        /// The words that triggered it, as matched (lower-case).
        public var cue: String
    }

    /// Everything the detectors found in one sentence.
    public struct Analysis: Sendable, Equatable {
        public var signals: [Signal]
        /// The sentence is a question, a narrative aside or a pointer elsewhere ("See …").
        public var isDiscourse: Bool

        /// The strongest reading, with a small bonus when independent detectors agree.
        public var match: Match? {
            guard var best = signals.first else { return nil }
            for s in signals.dropFirst() where s.strength > best.strength
                || (s.strength == best.strength && s.kind.strength > best.kind.strength) { best = s }
            var kind = best.kind
            // A prohibition outranks the positive modal it contains ("must not" vs "must").
            if kind == .must, signals.contains(where: { $0.detector == .prohibition }) { kind = .never }
            let detectors = Set(signals.map(\.detector)).count
            let strength = min(1.0, best.strength + 0.05 * Double(min(detectors - 1, 3)))
            return Match(kind: kind, strength: isDiscourse ? strength * 0.6 : strength)
        }

        public func has(_ d: Detector) -> Bool { signals.contains { $0.detector == d } }
    }

    // MARK: - Cue tables

    /// Cue phrases per detector: (detector, kind, strength, phrases). Phrases are word sequences;
    /// a trailing `*` on a word matches any word starting with it.
    static let cueTable: [(Detector, RuleKind, Double, [String])] = [
        (.prohibition, .never, 1.0, [
            "must not", "must never", "mustn't", "shall not", "shall never", "should never", "never", "do not", "don't",
            "may not be", "cannot be used", "can not be used", "can't be used", "is not allowed", "are not allowed", "not permitted", "it is an error",
            "is an error to", "is an error if", "undefined behavior", "undefined behaviour", "forbidden", "prohibited", "under no circumstances",
            "is illegal", "it is illegal", "not be used", "not be called", "not be passed", "not be shared", "not be modified",
        ]),
        // Addressed to the reader: "You can’t call it inside loops or conditions."
        (.prohibition, .never, 0.9, ["you cannot", "you can't", "you can not", "you may not", "you must not"]),
        // What may not be touched after a call ends its life: "Once closed, a UBreakIterator may no longer be used."
        (.prohibition, .never, 0.9, ["no longer be used", "no longer be called", "no longer be accessed", "no longer be referenced"]),
        // An option that may not be combined: "Not valid with --reload.", "is not valid with `count`".
        (.prohibition, .never, 0.8, ["not valid with", "not valid together with", "not allowed with", "cannot be combined with",
                                     "can't be combined with", "cannot be used with", "can't be used with", "mutually exclusive"]),
        // What an API or service refuses: "this class does not allow null to be used as a key".
        (.prohibition, .never, 0.8, ["does not allow", "do not allow", "doesn't allow", "don't allow", "does not permit", "do not permit",
                                     "does not accept", "do not accept", "doesn't accept", "not allowed to", "is not permitted"]),
        // A duty put as what is not to happen ("The function is not to have any side effects", "… are not to be modified").
        (.prohibition, .never, 0.85, ["is not to have", "are not to have", "is not to be", "are not to be"]),
        (.modal, .must, 1.0, [
            "must", "shall", "is required", "are required", "required to", "is mandatory", "are mandatory", "it is essential",
            "it is critical", "it's critical", "it is crucial", "it is vital", "make sure", "be sure to", "ensure that", "ensure you",
            "you need to", "you'll need to", "you will need to", "need to be", "needs to be", "has to be", "have to be", "you have to",
            "only be used", "only be called", "only works", "only valid", "only supported", "it is a requirement", "is also a requirement",
        ]),
        // "… so you can only call it at the top level", "can only be set once".
        (.modal, .must, 0.85, ["you can only", "can only be", "may only be", "you may only"]),
        (.modal, .must, 0.9, ["need to", "needs to", "have to", "has to"]),
        // A necessity ("Therefore it may be necessary, not just desirable, to drop and re-apply foreign keys", "The `while`
        // loop … is necessary because `wait()` can return after an arbitrary long time").
        (.modal, .must, 0.85, ["is necessary", "are necessary", "be necessary", "it's necessary", "is also necessary", "is always necessary",
                               "is therefore necessary", "is often necessary", "is sometimes necessary", "is usually necessary"]),
        (.modal, .must, 0.6, ["requires", "require", "always"]),
        (.risk, .avoid, 0.85, [
            "avoid", "unwise", "inadvisable", "not advisable", "ill advised", "should not", "shouldn't", "ought not", "not recommended", "is discouraged", "are discouraged", "strongly discouraged",
            "highly discouraged", "be careful", "careful", "with care", "beware", "caution", "out of memory", "not thread safe", "not threadsafe", "not safe", "unsafe",
            "not reentrant", "not re entrant", "reentrant safe", "dangerous", "danger", "insecure", "vulnerable", "vulnerability",
            "security risk", "security hole", "race condition", "race conditions", "data race", "data races", "deadlock*", "leak*",
            "pitfall*", "gotcha*", "drawback*", "caveat*", "do not rely", "not rely", "not guaranteed", "no guarantee*",
            "is not guaranteed", "there is no guarantee", "corrupt*", "crash*", "hang", "hangs", "indefinitely", "forever",
            "will be lost", "be lost", "is lost", "are lost", "lose", "loses", "inconsistent", "unpredictable", "non deterministic",
            "nondeterministic", "subtle bug*", "a bug", "surprising", "unexpected", "unexpectedly", "side effect*", "inefficient",
            "expensive", "performance penalty", "performance hit", "overhead", "bad idea", "not a good idea", "bad practice", "poor practice", "mistake", "incorrect", "wrong", "broken",
            "into wrongly", "wrongly report*", "is useless", "are useless", "be useless", "nearly useless", "becomes useless", "go awry",
            "goes awry", "go badly awry", "goes badly awry", "bogus error*", "spurious error*", "spurious wakeup*", "spurious failure*",
            "man in the middle", "injection", "xss", "attack*", "exploit*", "malicious", "untrusted", "sensitive",
            "panics if", "panics when", "panic if", "will panic", "may panic", "can panic", "might panic", "aborts if", "will abort",
            "panic will occur", "cause a panic", "causes a panic", "result in a panic", "results in a panic", "trigger a panic",
            "triggers a panic", "lead to a panic", "leads to a panic",
        ]),
        // A cost the reader pays in time or memory ("Your program will run much slower (eg. 20 to 30 times)", "it slows
        // Massif greatly", "resizing … may be a relatively slow operation").
        (.risk, .warning, 0.7, costCuePhrases),
        // Which of two settings wins ("For all other parameters, the request-level value takes priority").
        (.constraint, .warning, 0.55, ["takes precedence", "take precedence", "takes priority", "take priority", "has precedence",
                                       "have precedence", "has priority", "have priority"]),
        // What a step alone does not achieve ("The mere presence of the annotation is not enough to activate …").
        (.constraint, .warning, 0.55, ["is not enough to", "are not enough to", "is not sufficient to", "are not sufficient to",
                                       "is not enough on its own", "alone is not enough", "by itself is not enough"]),
        // An obligation put on a party ("It is a container's responsibility to … reconnect").
        (.modal, .must, 0.8, ["responsibility to", "responsibility of the", "responsible for ensuring", "you are responsible for",
                              "caller is responsible for", "application is responsible for", "user is responsible for",
                              "responsible for deleting", "responsible for freeing", "responsible for closing", "responsible for releasing",
                              "responsible for calling"]),
        // Behaviour the documentation does not promise to keep ("This behavior may change in future versions").
        (.risk, .warning, 0.7, ["may change in future", "may change in a future", "might change in future", "might change in a future",
                                "could change in future", "could change in a future", "subject to change", "may change without notice",
                                "can change at any time", "may change at any time"]),
        // What is lost or clobbered: "… will create a file if it does not exist, and will truncate it if it
        // does".
        (.risk, .warning, 0.7, ["will truncate", "truncates an existing", "truncate an existing", "will overwrite", "overwrites any",
                                "overwrites an existing", "will be overwritten"]),
        // A result that is broken: "… repeated calls to `dump()` using the same fp will result in an invalid JSON file".
        (.risk, .warning, 0.7, ["result in an invalid", "results in an invalid", "result in invalid", "results in invalid",
                                "produce an invalid", "produces an invalid", "result in an error", "results in an error",
                                "result in errors", "results in errors"]),
        // What a tool or the library will not do: "`remove` refuses to remove an unclean worktree unless --force is used".
        (.risk, .warning, 0.7, ["refuses to", "will refuse to", "would refuse to", "refused to"]),
        // What is not allowed at all: "Other consecutive asterisks are considered invalid."
        (.risk, .warning, 0.7, ["is invalid", "are invalid", "considered invalid", "is not valid", "are not valid", "isn't valid",
                                "aren't valid", "becomes invalid", "become invalid", "is no longer valid", "are no longer valid"]),
        // What goes unseen: "… invalid integrity check values won't be detected".
        (.risk, .warning, 0.7, ["won't be detected", "will not be detected", "not be detected", "go undetected", "goes undetected",
                                "abruptly terminate", "abruptly stopped", "abruptly killed", "abruptly terminated"]),
        // What is not there yet ("`UREGEX_CANON_EQ`: Not implemented yet, just a placeholder"), and what may never end
        // ("Some patterns … can run in exponential time. … the match operation may appear to be in an infinite loop").
        (.risk, .warning, 0.7, ["not implemented", "not yet implemented", "not been implemented", "infinite loop",
                                "infinite loops", "endless loop", "exponential time"]),
        // Who owns what (C APIs): "Context pointers are always owned by the caller."
        (.risk, .warning, 0.7, ["owned by the caller", "the caller owns", "caller retains ownership"]),
        // What cannot be done at all: "However, upgrading from a read lock to the write lock is not possible."
        (.risk, .warning, 0.7, ["is not possible", "are not possible", "isn't possible", "aren't possible", "is impossible", "are impossible",
                                "not possible to", "impossible to"]),
        // What the reader probably did not mean: "… will also enable package-name. Often this is not what you want."
        (.risk, .warning, 0.75, ["not what you want", "not what you expect", "not what you intended", "not what you meant"]),
        // Who frees what (C APIs): "The filters array itself is not freed.", "… the storage … will also be freed".
        (.risk, .warning, 0.7, ["not freed", "not be released", "never released", "never be released", "is freed", "are freed", "also be freed", "will be freed", "always freed", "not deallocated",
                                "is deallocated", "are deallocated", "double free", "use after free"]),
        // What a call throws when it is misused: "… then IllegalMonitorStateException is thrown".
        (.risk, .warning, 0.6, ["is thrown", "are thrown", "will be thrown", "will throw", "is raised", "are raised", "will be raised",
                                "will raise"]),
        (.deprecation, .deprecated, 0.95, [
            "deprecated", "deprecation", "will be removed", "was removed", "were removed", "has been removed", "is removed",
            "removed in", "no longer supported", "no longer", "superseded", "obsolete", "pending removal", "scheduled for removal",
            "legacy", "do not use this", "use instead",
        ]),
        (.recommendation, .should, 0.8, [
            "should", "ought to", "recommended", "recommend", "recommends", "recommendation", "we recommend", "strongly suggested",
            "strongly encouraged", "suggested", "prefer", "preferred", "preferable", "best practice*", "it is best", "it's best",
            "is best to", "is best done", "are best done", "good practice", "good idea", "it is a good idea", "encouraged", "advisable", "advised", "ideally",
            "rather than", "instead of", "instead", "better to", "is better", "it's better", "you probably want", "you'll want",
            "you will want", "you may want", "you might want", "consider", "important", "keep in mind", "bear in mind", "note that",
            "note, however, that", "note, though, that",
            "be aware", "take care", "remember to", "do not forget", "don't forget", "the solution is", "the simplest way",
            "the recommended", "the preferred", "a common idiom", "idiomatic", "generally", "better approach", "better way", "best approach",
            "best way", "safer approach", "safer way", "urged to", "are urged", "is urged", "we urge", "strongly urge",
            "the cure is", "the fix is", "the remedy is", "the workaround is", "a workaround is",
        ]),
        (.default, .default, 0.75, [
            "defaults to", "default to", "by default", "per default", "the default", "default value", "default is", "is the default",
            "default behavior", "default behaviour", "defaulting to", "if omitted", "when omitted", "if not specified", "if not given",
            "if not provided", "if not set", "if unset", "if neither", "if none", "is omitted", "are omitted", "unless specified", "unless otherwise", "unless explicitly",
            "otherwise defaults", "implicitly", "automatically", "out of the box",
            // What happens when the usual input is missing: "Unauthenticated requests will fall back to using the IP address".
            "fall back to", "falls back to", "fall back on", "falls back on",
        ]),
        (.constraint, .warning, 0.5, [
            "only", "at most", "at least", "exactly once", "more than once", "multiple times", "unless", "except", "regardless",
            "cannot", "can't", "can not", "won't", "will not", "does not", "doesn't", "do not support", "does not support",
            "not supported", "unsupported", "is not", "are not", "isn't", "aren't", "no effect", "has no", "is ignored", "are ignored",
            "ignores", "ignored", "takes precedence", "precedence", "override*", "overwritten", "overwrites", "limit*", "maximum",
            "minimum", "guarantee*", "synchronized", "guarantees", "bypass*", "even if", "even when", "raises", "raise", "throws",
            "fails", "fail", "error", "errors", "exception", "exceptions", "block*", "timeout*", "thread*", "concurrent*", "process*",
            "security", "secure", "escape*", "validate*", "sign*", "encrypt*",
        ]),
    ]

    /// Imperative openers: bare verbs a documentation page addresses to its reader.
    static let imperativeVerbs: Set<String> = [
        "use", "call", "set", "pass", "add", "run", "install", "configure", "enable", "disable", "keep", "close", "create", "define",
        "register", "check", "remember", "wrap", "specify", "provide", "put", "store", "import", "declare", "mark", "apply",
        "prefer", "avoid", "ensure", "make", "never", "always", "do", "don't", "consider", "escape", "quote", "validate", "handle",
        "catch", "release", "acquire", "lock", "unlock", "commit", "rollback", "flush", "dispose", "invoke", "override", "implement",
        "replace", "switch", "upgrade", "migrate", "pin", "include", "exclude", "limit", "restrict", "sanitize", "sanitise", "verify",
        "decorate", "subclass", "inherit", "initialize", "initialise", "instantiate", "load", "open", "read", "write", "send", "sign",
        "encrypt", "serialize", "serialise", "protect", "reserve", "choose", "pick", "select", "write", "raise", "throw", "log",
        "test", "assert", "mock", "patch", "update", "remove", "delete", "drop", "clear", "reset", "free", "allocate", "copy", "clone",
        "move", "convert", "cast", "encode", "decode", "compare", "measure", "profile", "lower", "raise", "increase", "decrease",
        "reduce", "tune", "adjust", "leave", "treat", "think", "be", "stick", "rely", "reuse", "recreate", "refresh", "reload",
        "retry", "wait", "await", "join", "spawn", "start", "stop", "terminate", "cancel", "schedule", "defer", "guard", "bind",
        "attach", "detach", "inject", "expose", "hide", "document", "annotate", "type", "depend", "list", "name", "prefix", "append",
        "pair", "combine", "split", "merge", "group", "sort", "filter", "map", "reserve", "feed", "emit",
        "note", "beware", "mind",
    ]

    /// Words that open a leading condition or purpose clause ("If …, use …", "To …, call …").
    static let clauseOpeners: Set<String> = ["if", "when", "whenever", "to", "for", "before", "after", "once", "unless", "while", "in", "with", "where", "since"]

    /// Openers of sentences that only point elsewhere or narrate.
    static let discourseOpeners: [[String]] = [
        ["see"], ["for", "example"], ["for", "instance"], ["here", "is"], ["here", "are"], ["here's"], ["this", "document"],
        ["this", "page"], ["this", "section"], ["this", "chapter"], ["this", "tutorial"], ["this", "guide"], ["the", "following"],
        ["let's"], ["let", "us"], ["we'll"], ["we", "will"], ["as", "you", "can", "see"], ["i"], ["in", "this", "section"],
        ["in", "this", "chapter"], ["in", "this", "tutorial"], ["more", "information"], ["read", "more"], ["learn", "more"],
        ["refer", "to"], ["check", "out"], ["turns", "out"], ["it", "turns", "out"], ["we", "don't"], ["we", "do"], ["we", "can"],
        ["we", "have"], ["we"], ["you", "can"], ["you", "could"], ["here", "come"], ["imagine"], ["say", "you"], ["suppose"], ["now", "we"],
        ["do", "not", "worry"], ["don't", "worry"], ["do", "not", "fret"], ["don't", "fret"], ["do", "not", "hesitate"], ["don't", "hesitate"],
        ["do", "not", "panic"], ["don't", "panic"],
        // Narrating an example ("In the following example, Terraform runs the echo command …").
        ["in", "the", "following", "example"], ["in", "the", "following", "code"], ["in", "the", "above", "example"],
        ["in", "the", "example", "above"], ["in", "the", "example", "below"], ["in", "this", "example"],
    ]
    /// Advice that a first-person or narrative opener does not weaken ("We recommend …").
    static let adviceVerbs: Set<String> = ["recommend", "recommends", "suggest", "strongly", "advise", "encourage", "require"]

    struct Cue: Sendable {
        let words: [String]
        let detector: Detector
        let kind: RuleKind
        let strength: Double
    }

    /// Cues indexed by their first word (or first-word prefix for `*` words).
    static let index: [String: [Cue]] = {
        var out: [String: [Cue]] = [:]
        for (detector, kind, strength, phrases) in cueTable {
            for p in phrases {
                let words = tokenize(p)
                guard let first = words.first else { continue }
                out[first, default: []].append(Cue(words: words, detector: detector, kind: kind, strength: strength))
            }
        }
        // Longer phrases first, so "must not" is seen before "must".
        return out.mapValues { $0.sorted { ($0.words.count, $0.strength) > ($1.words.count, $1.strength) } }
    }()

    public init() {}

    /// Classifies `sentence`; nil when it carries no guidance.
    public func classify(_ sentence: String) -> Match? {
        let a = analyze(sentence)
        guard let m = a.match else { return nil }
        // Constraint words alone are not guidance.
        if a.signals.allSatisfy({ $0.detector == .constraint }) { return nil }
        return m
    }

    /// Runs every detector over `sentence`.
    public func analyze(_ sentence: String) -> Analysis {
        analyze(words: Self.tokenize(Self.maskingCode(sentence)), raw: sentence)
    }

    /// The sentence with each inline code span replaced by one neutral word: the words of an identifier
    /// (`default-members`, `join()`, `[profile]`) are no cues.
    static func maskingCode(_ sentence: String) -> String {
        guard sentence.utf8.contains(UInt8(ascii: "`")) else { return sentence }
        var out = String.UnicodeScalarView()
        var inCode = false
        for c in sentence.unicodeScalars {
            if c == "`" {
                if !inCode { out.append(contentsOf: " _code_ ".unicodeScalars) }
                inCode.toggle()
            } else if !inCode {
                out.append(c)
            }
        }
        // An unbalanced backtick leaves the sentence as it was.
        return inCode ? sentence : String(out)
    }

    func analyze(words: [String], raw: String) -> Analysis {
        var signals: [Signal] = []
        var seenDetectors = Set<Detector>()
        // A one-word term before a colon ("set: The value can contain text …", a directive, option or
        // subcommand) names something: the instruction, if any, is what follows the colon.
        var imperative: Signal?
        if words.count > 2, words[1] == ",", Self.imperativeVerbs.contains(words[0]), !Self.calloutLabels.contains(words[0]), Self.labelIsOneWord(raw) {
            imperative = Self.imperativeSignal(Array(words.dropFirst(2)))
        } else {
            imperative = Self.imperativeSignal(words)
        }
        var i = 0
        while i < words.count {
            let w = words[i]
            var candidates = Self.index[w] ?? []
            if let prefixed = Self.prefixCues(for: w) { candidates = (candidates + prefixed).sorted { $0.words.count > $1.words.count } }
            for found in candidates where Self.matches(found.words, words, at: i) {
                let cue = Self.inContext(found, words, at: i, mainClauseInstructs: imperative != nil)
                if !seenDetectors.contains(cue.detector) || signals.contains(where: { $0.detector == cue.detector && $0.strength < cue.strength }) {
                    signals.removeAll { $0.detector == cue.detector }
                    signals.append(Signal(detector: cue.detector, kind: cue.kind, strength: cue.strength, cue: cue.words.joined(separator: " ")))
                    seenDetectors.insert(cue.detector)
                }
                // Matches may overlap ("is not" and "not thread safe"): move on by one word.
                break
            }
            i += 1
        }
        if let v = Self.versionSignal(words) { signals.removeAll { $0.detector == v.detector }; signals.append(v) }
        // A capability denied ("Session information is readable but not modifiable", "… are not picklable"): what the
        // reader cannot do with it.
        if !seenDetectors.contains(.risk), let k = words.indices.dropLast().first(where: { k in
            words[k] == "not" && k > 0 && ["is", "are", "be", "but", "and", "or", "always", "necessarily"].contains(words[k - 1])
                && Self.isCapability(words[k + 1])
                // (Not in a relative clause that describes: "proxies of objects which are not callable".)
                && !(k > 1 && ["which", "that", "who"].contains(words[k - 2]))
        }) {
            signals.append(Signal(detector: .risk, kind: .warning, strength: 0.7, cue: "not \(words[k + 1])"))
        }
        // Trouble a choice causes ("This can cause problems if you are using environment variables …", "smaller interval size can
        // lead to accuracy issues due to warm-up effects"): a causing verb, then within three words the trouble; not negated
        // ("will not cause problems") and not a fix's or a report's ("fixes several performance issues").
        if !signals.contains(where: { $0.detector == .risk }), let k = Self.troubleCaused(words) {
            signals.append(Signal(detector: .risk, kind: .warning, strength: 0.7, cue: "\(words[k]) … trouble"))
        }
        // What an API is for when that is not the program's logic ("This method is designed for use in monitoring system
        // state, not for synchronization control", "… is primarily useful for debugging and assertions"): use it for
        // that alone.
        // (Said of the API — "is designed for", "is typically used for" — not "… to be used for diagnostic purposes".)
        if !signals.contains(where: { $0.detector == .recommendation }), words.indices.contains(where: { k in
            k > 0 && Self.purposeVerbs.contains(words[k]) && Self.purposeLeads.contains(words[k - 1]) && Self.forDiagnostics(words, after: k)
        }) {
            signals.append(Signal(detector: .recommendation, kind: .should, strength: 0.75, cue: "meant for diagnostics"))
        }
        // A man page's error list ("EINVAL  The value specified in flags is invalid.") names errors, it warns of none.
        if raw.first == "E", case let first = raw.prefix(while: { $0 != " " }), first.count >= 4,
           first.allSatisfy({ ($0.isUppercase && $0.isASCII) || $0.isNumber }) {
            signals.removeAll { $0.detector == .risk && $0.cue.contains("valid") }
        }
        // What cannot be done, said of a subject in the main clause ("Overrides cannot specify the panic, lto, or rpath
        // settings", "The main worktree cannot be moved with this command") — not inside a condition or a relative
        // clause ("If the file cannot be opened, …", "values which cannot be represented").
        if !signals.contains(where: { $0.detector == .risk }), let first = words.first, !Self.clauseOpeners.contains(first),
           let k = words.indices.first(where: { ["cannot", "can't"].contains(words[$0]) }), k > 0,
           !["which", "that", "who", "what", "it", "you", "we", "i", "they", "he", "she", "rust", "compiler"].contains(words[k - 1]),
           !Words.machinery.contains(words[k - 1]),
           // (A promise, not a limit: "This function cannot fail.")
           !(k + 1 < words.count && ["fail", "panic", "error", "overflow", "happen", "occur"].contains(words[k + 1])),
           !words[..<k].contains(where: { ["if", "when", "whenever", "unless", "whether", "which", "that", "who", ","].contains($0) }),
           // (Not a compound: "this-can't-possibly-happen events".)
           !raw.lowercased().contains("-\(words[k])-") {
            signals.append(Signal(detector: .risk, kind: .warning, strength: 0.7, cue: words[k]))
        }
        if let imp = imperative ?? Self.labelledImperative(raw) { signals.append(imp) }
        // A warning labelled inline in running text ("If set, uses the Unicode TR 29 definition of word boundaries.
        // Warning: Unicode word boundaries are quite different from …"), as a call-out box's would be.
        // (Not a label over advice, "Important: Use a virtual environment …", nor a tool's message quoted in lower case,
        // "warning: unused variable `x`".)
        if words.count > 3, words[1] == ",", Self.warningLabels.contains(words[0]), Self.labelIsOneWord(raw), raw.first?.isUppercase == true,
           !signals.contains(where: { [.risk, .imperative, .modal, .recommendation, .prohibition].contains($0.detector) }) {
            signals.append(Signal(detector: .risk, kind: .warning, strength: 0.8, cue: words[0]))
        }
        // After a leading conjunction too ("But let's see what happens …").
        let opening = words.first.map { ["but", "and", "so", "now", "then", "okay", "ok"].contains($0) } == true ? 1 : 0
        var discourse = raw.hasSuffix("?") || Self.discourseOpeners.contains { Self.matches($0, words, at: 0) || (opening == 1 && Self.matches($0, words, at: 1)) }
        if discourse, words.count > 1, words.prefix(3 + opening).contains(where: { Self.adviceVerbs.contains($0) }) { discourse = false }
        // A sentence wholly in parentheses is an aside ("(Moving `*p` ahead would be safe if …)").
        let trimmed = raw.trimmingWhitespace()
        if trimmed.hasPrefix("("), trimmed.hasSuffix(")") || trimmed.hasSuffix(".)") || trimmed.hasSuffix(").") { discourse = true }
        // What an API does not do, said of it as its subject ("`process.exit()` does not stop the whole program, just the single
        // thread"): a behaviour to know, like what it never does.
        if !signals.isEmpty, signals.allSatisfy({ $0.detector == .constraint }), let subject = words.firstIndex(of: "_code_"),
           subject <= 1, subject == 0 || words[0] == "the",
           let neg = words.indices.first(where: { ["not", "cannot", "doesn't", "isn't", "aren't", "won't", "can't"].contains(words[$0]) }),
           neg > subject, neg <= subject + 3,
           words[(subject + 1)..<neg].allSatisfy({ ["does", "do", "is", "are", "will", "can", "_code_", "also", "still", "function", "method",
                                                    "class", "option", "parameter", "flag", "attribute", "property", "module", "type",
                                                    "macro", "command", "setting", "field", "call", "constructor"].contains($0) }) {
            signals[0].strength = max(signals[0].strength, 0.55)
        }
        // Several restrictive words together ("cannot … unless …") make a constraint worth keeping.
        let constraints = Self.countConstraintCues(words)
        if constraints >= 2, let i = signals.firstIndex(where: { $0.detector == .constraint }) {
            signals[i].strength = min(0.6, 0.45 + 0.05 * Double(constraints))
        }
        return Analysis(signals: signals, isDiscourse: discourse)
    }

    static let causingVerbs: Set<String> = ["cause", "causes", "caused", "causing", "lead", "leads", "leading", "create", "creates", "result",
                                            "results", "resulting"]
    /// (And a poor result: "… might make poor decisions during query planning, leading to poor performance".)
    static let troubleNouns: Set<String> = ["problems", "problem", "issues", "trouble", "troubles", "poor"]
    /// What "obsolete" describes when it names data, not an API.
    static let obsoleteData: Set<String> = ["tuple", "tuples", "row", "rows", "entry", "entries", "record", "records",
                                            "data", "objects", "files", "blocks", "pages", "snapshots", "cache", "statistics", "stats",
                                            "information", "values", "state"]

    /// What a call's data is made of: what supersedes one of them overrides it, it deprecates nothing.
    static let dataNouns: Set<String> = ["value", "values", "entry", "entries", "key", "keys", "element", "elements", "setting", "settings"]

    /// The cues of a cost in time or memory (`cueTable`), read in their place by `inContext`.
    static let costCuePhrases = ["slower", "slows", "slow down", "slowdown", "slowdowns", "more slowly", "very slowly", "run slowly",
                                 "runs slowly", "execute slowly", "executes slowly", "relatively slow", "very slow", "quite slow",
                                 "too slow", "is slow", "are slow", "be slow", "more memory", "slow operation"]
    static let costCues = Set(costCuePhrases)
    static let negations: Set<String> = ["not", "no", "never", "doesn't", "don't", "won't", "cannot", "can't", "didn't", "isn't", "wouldn't",
                                         "shouldn't", "without"]

    /// Where a sentence says something causes trouble: the causing verb's index.
    static func troubleCaused(_ words: [String]) -> Int? {
        for (k, w) in words.enumerated() where causingVerbs.contains(w) {
            guard words[min(k + 1, words.count)..<min(k + 4, words.count)].contains(where: { troubleNouns.contains($0) }) else { continue }
            if words[max(0, k - 3)..<k].contains(where: { negations.contains($0) }) { continue }
            return k
        }
        return nil
    }

    /// An adjective of what can be done with a thing ("modifiable", "picklable", "reusable", "accessible").
    static func isCapability(_ word: String) -> Bool {
        guard word.count >= 7, word.hasSuffix("able") || word.hasSuffix("ible") else { return false }
        return !notCapabilities.contains(word)
    }

    /// Words that say what an API is meant for ("designed for use in monitoring …", "useful for debugging").
    static let purposeVerbs: Set<String> = ["designed", "intended", "meant", "useful", "used"]
    /// What comes before a purpose said of the API: "is designed for", "are only useful for", "is typically used for".
    static let purposeLeads: Set<String> = ["is", "are", "typically", "primarily", "only", "mainly", "mostly", "solely", "generally"]
    /// "for monitoring", "for use in monitoring", "for purposes of debugging", "for debugging and testing purposes".
    static func forDiagnostics(_ words: [String], after k: Int) -> Bool {
        guard k + 1 < words.count, words[k + 1] == "for" else { return false }
        var j = k + 2
        let fillers: Set<String> = ["use", "in", "with", "by", "the", "purpose", "purposes", "of"]
        while j < words.count, j < k + 6, fillers.contains(words[j]) { j += 1 }
        guard j < words.count, diagnosticPurposes.contains(words[j]) else { return false }
        // What it was made for ("designed for use in monitoring system state"); what it is used for only as the purpose
        // itself, not an activity with an object ("is used for testing whether a value is NaN").
        if ["designed", "intended", "meant"].contains(words[k]) { return true }
        let after = j + 1 < words.count ? words[j + 1] : ""
        return after.isEmpty || ["purposes", "purpose", "only", "and", "or", ",", "not"].contains(after)
    }
    /// Purposes outside a program's own logic: an API meant for them is not for that logic.
    static let diagnosticPurposes: Set<String> = ["monitoring", "debugging", "testing", "diagnostics", "diagnostic", "instrumentation",
                                                  "assertions", "troubleshooting"]

    /// "-able" words that judge or describe rather than say what can be done with a thing.
    static let notCapabilities: Set<String> = ["applicable", "responsible", "comparable", "suitable", "reasonable", "possible", "available",
                                               "visible", "capable", "acceptable", "desirable", "preferable", "notable", "probable",
                                               "considerable", "reachable", "noticeable", "negligible", "remarkable", "measurable",
                                               "predictable", "sensible", "reliable", "valuable", "comfortable", "advisable"]

    /// Reads a strong cue in its place in the sentence: wording that is normative at the head of a
    /// clause is often descriptive elsewhere ("Never share …" vs "… would never access …",
    /// "Do not …" vs "If you don't care …", "may not be used" vs "may not be sufficient",
    /// "no longer supported" vs "no longer reachable"). Such cues become restrictive facts.
    static func inContext(_ cue: Cue, _ words: [String], at i: Int, mainClauseInstructs: Bool = false) -> Cue {
        let restrictive = Cue(words: cue.words, detector: .constraint, kind: .warning, strength: 0.5)
        let prev = i > 0 ? words[i - 1] : ","
        let next = i + cue.words.count < words.count ? words[i + cue.words.count] : ""
        // "need to" / "have to" are necessity only when asserted: negated ("isn't something you need to
        // know", "you don't have to") they grant a permission; hedged ("you might need to") they are advice.
        if cue.kind == .must, cue.words.contains(where: { $0 == "need" || $0 == "needs" || $0 == "have" || $0 == "has" }) {
            let before = words[max(0, i - 4)..<i]
            let negations: Set<String> = ["not", "no", "never", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "won't", "needn't", "nor"]
            if before.contains(where: { negations.contains($0) || $0.hasSuffix("n't") }) { return restrictive }
            // In a relative clause the words describe the noun ("the tasks that need to be scheduled", "any
            // processing that needs to be done"): the sentence's own verb says what it asks, if anything.
            if i > 0, ["that", "which"].contains(words[i - 1]), ["need", "needs", "have", "has"].contains(cue.words[0]) { return restrictive }
            // "need" as a noun names a need, it asks nothing ("This avoids the need to import `OpenOptions`").
            if cue.words.first == "need", i > 0, ["the", "a", "any", "every", "remaining", "without", "this", "that", "their", "its"].contains(words[i - 1]) {
                return restrictive
            }
            let hedges: Set<String> = ["might", "may", "could", "sometimes", "occasionally", "perhaps", "possibly"]
            if before.contains(where: { hedges.contains($0) }) {
                return Cue(words: cue.words, detector: cue.detector, kind: .should, strength: min(cue.strength, 0.5))
            }
            // Inside a leading condition that a comma closes ("When you have to retry, the pool grows") the
            // words set the scene and the main clause says what is asked; one that instructs ("If you need to
            // add headers, pass them …") keeps the necessity, and without a comma the clauses are not told apart.
            let conditions: Set<String> = ["if", "when", "whenever", "unless", "once"]
            // (A lead-in's closing colon reads as a comma too: a main clause has words after it.)
            if let first = words.first, conditions.contains(first), i > 0, !words[..<i].contains(","), !mainClauseInstructs,
               let comma = words[(i + cue.words.count)...].firstIndex(of: ","), words.count - comma > 2 { return restrictive }
        }
        // A leak named as a tool's subject ("leak check", "a leak summary", "leak kinds") is no hazard.
        if cue.detector == .risk, cue.words.count == 1, cue.words[0].hasPrefix("leak") {
            if Words.toolNouns.contains(next) { return restrictive }
        }
        // "… headers that should be supported", "exception types that must not cause rollback": a modal in a
        // relative clause says what belongs to a set (a setting's description), weaker than an instruction.
        // Not when a verb comes first ("Returns a newly allocated string that must be freed with `g_free()`" asks the
        // caller to free it).
        if cue.words.first == "should" || cue.words.first == "must", i >= 2, prev == "that", !Words.takesClause.contains(words[i - 2]),
           words[i - 2] != ",", !words[..<(i - 1)].contains(where: { Words.finite.contains($0) || Words.describingVerbs.contains($0) }),
           !imperativeVerbs.contains(words[0]) {
            return Cue(words: cue.words, detector: .recommendation, kind: .should, strength: 0.5)
        }
        // An obligation on the toolchain or on the library's own machinery ("a compiler must not move the accesses …",
        // "the runtime must also manage IO resources") says how they work, not what the reader must do.
        // (An active verb after a modal: "Implementations must be consistent …" asks the reader, who writes them; "A C11
        // compiler is required" asks for one.)
        if ["must", "should", "shall", "never", "needs", "has"].contains(cue.words[0]), Words.machinery.contains(prev), next != "be",
           !words[..<i].contains("you") { return restrictive }
        // What is invalid, said in a condition or a relative clause ("Returns FALSE if the value is invalid", "a
        // certificate that the client thinks is invalid"), names a case rather than forbidding one.
        if cue.detector == .risk, cue.words.contains(where: { $0 == "invalid" || $0 == "valid" }) {
            if words[..<i].contains(where: { ["if", "when", "whenever", "unless", "whether"].contains($0) }) { return restrictive }
            // (A relative clause the cue sits in, not one in the subject: "Iterators that point into the vector become
            // invalid …" warns; nor "Note that …".)
            for j in max(0, i - 4)..<i where ["that", "which", "who", "thinks", "think"].contains(words[j]) {
                if j > 0, ["note", "aware", "sure", "ensure", "remember"].contains(words[j - 1]) { continue }
                return restrictive
            }
        }
        // A cost said not to be one ("does not make queries any slower", "uses no more memory", "not bad practice"),
        // compared as a value or in the past ("the slower of the two", "version 2 was slower") or asked for ("Allocate
        // more memory to the JVM", "Set `backoff` to slow down retries") is no warning.
        let joined = cue.words.joined(separator: " ")
        if Self.costCues.contains(joined) || joined == "bad practice" || joined == "poor practice" {
            // Negated where it governs the cue ("does not make queries any slower", "uses no more memory", "not bad
            // practice"); not a determiner of another noun ("No index means slower lookups").
            let governing = words[max(0, i - 3)..<i]
            if governing.contains(where: { $0 == "not" || $0 == "never" || $0.hasSuffix("n't") }) { return restrictive }
            if ["no", "any"].contains(prev) { return restrictive }
            // (Not "the higher the quality, the slower the compression", which is the cost.)
            if joined == "slower", (prev == "the" && next == "of") || ["was", "were"].contains(prev) { return restrictive }
            // An instruction to slow something down ("Set `backoff` to slow down retries"), not what tends to ("is known to
            // slow down the server").
            if joined == "slow down", i == 0 || (prev == "to" && i >= 2 && !["known", "likely", "tend", "tends", "able", "going", "seem", "seems"].contains(words[i - 2])) {
                return restrictive
            }
            if joined == "more memory", ["allocate", "allocates", "allocating", "give", "assign", "reserve", "add"].contains(prev) { return restrictive }
        }
        // Running out of memory named as a case ("Z_MEM_ERROR if out of memory") is a return code's meaning, no warning.
        if joined == "out of memory", ["if", "when", "whenever"].contains(prev) { return restrictive }
        // Data superseded by other data ("the value in Map1 is superseded by the value in Map2") deprecates nothing.
        // (Both sides data: "This key is superseded by the tls section" still deprecates the key.)
        if joined == "superseded", words[max(0, i - 4)..<i].contains(where: { Self.dataNouns.contains($0) }),
           words[(i + 1)..<min(words.count, i + 5)].contains(where: { Self.dataNouns.contains($0) }) { return restrictive }
        // Obsolete data ("The number of obsolete tuples …", "obsolete row versions") is what a process cleans up, not a
        // deprecated API.
        if joined == "obsolete", next.isEmpty == false, Self.obsoleteData.contains(next) { return restrictive }
        switch joined {
        case "consider":
            // "consider X as Y" / "it's useful to consider …" regards; "Consider this part of …" shows.
            let after = words[(i + 1)..<min(words.count, i + 7)]
            if after.contains("as") || (prev == "to" && !(i >= 2 && ["want", "like", "wish", "may", "might", "should"].contains(words[i - 2]))) {
                return restrictive
            }
            if i == 0, ["this", "these", "following"].contains(next) || (next == "the" && i + 2 < words.count && words[i + 2] == "following") {
                return restrictive
            }
            return cue
        case "recommended", "preferred", "suggested", "the recommended", "the preferred":
            // Naming a value ("Recommended number of postfix bits.", "the preferred screen number") recommends nothing,
            // unless the sentence goes on to say what it is ("The recommended configuration … is to use …").
            if cue.words.first == "the" || i == 0 || Words.attributiveDeterminers.contains(prev), !Words.attributiveExempt.contains(next) {
                let after = words[(i + 1)..<min(words.count, i + 9)]
                return after.contains(where: { ["is", "are", "was", "were"].contains($0) }) ? cue : restrictive
            }
            return cue
        case "the default", "default value":
            // A default stated ("the default is 3", "… than the default", "If not given, the default …") — not
            // "the default pre-commit hook, when enabled", "Return the default value for the context variable".
            let after = words[(i + cue.words.count)..<min(words.count, i + cue.words.count + 3)]
            if Words.defaultStating.contains(prev) || next.isEmpty || Words.defaultCopula.contains(next) || after.contains(where: { ["is", "are", "was"].contains($0) }) {
                return cue
            }
            if words.contains(where: { ["omitted", "otherwise", "unset", "unspecified"].contains($0) })
                || (words.contains("if") && words.contains(where: { ["provided", "given", "set", "specified", "passed", "supplied"].contains($0) })) {
                return cue
            }
            return restrictive
        case "is omitted", "are omitted":
            // What happens when it is left out ("If <commit-ish> is omitted, it defaults to HEAD"), not a statement
            // that it is ("… then stream header is omitted").
            let clause = words[..<i].reversed().prefix { $0 != "," && $0 != "then" }
            return clause.contains(where: { ["if", "when", "whenever"].contains($0) }) ? cue : restrictive
        case "is necessary", "are necessary", "be necessary", "it's necessary", "is also necessary", "is always necessary", "is therefore necessary",
             "is often necessary", "is sometimes necessary", "is usually necessary":
            // Not what is unneeded ("No locking is necessary", "This should not be necessary"), nor an embedded question
            // ("… decides whether a flush is necessary"), nor what a thing measures ("whatever padding is necessary",
            // "the memory that is necessary for …"), nor a hypothetical ("It would be necessary to rewrite …").
            let clause = words[..<i].reversed().prefix { $0 != "," }
            if clause.prefix(4).contains(where: { ["no", "not", "never", "nothing", "none", "whether", "than", "as", "whatever", "that", "which", "would", "could"].contains($0) }) {
                return restrictive
            }
            // Nor a condition the comma has not closed yet ("If a three-way merge of the two branches is necessary, git
            // creates …"; "If not, a restart is necessary." asks).
            if clause.contains(where: { ["if", "when", "whenever", "where", "unless", "once"].contains($0) }) { return restrictive }
            // Hedged, it advises ("It may be necessary to increase the stack size", "is often necessary").
            if ["may", "might", "can"].contains(prev) || ["is often necessary", "is sometimes necessary", "is usually necessary"].contains(joined) {
                return Cue(words: cue.words, detector: .modal, kind: .must, strength: 0.7)
            }
            return cue
        case "not implemented", "not yet implemented", "not been implemented":
            // A case a condition names ("Raises `NotImplementedError` if the method is not implemented by a subclass").
            let clause = words[..<i].reversed().prefix { $0 != "," }
            return clause.contains(where: { ["if", "when", "whenever", "unless", "whether"].contains($0) }) ? restrictive : cue
        case "infinite loop", "infinite loops", "endless loop":
            // What something falls into ("may appear to be in an infinite loop", "can cause an infinite loop"), not a loop
            // written on purpose ("The `loop` keyword is used for infinite loops").
            let lead = words[max(0, i - 4)..<i]
            return lead.contains(where: { ["cause", "causes", "causing", "result", "results", "lead", "leads", "appear", "appears", "stuck",
                                          "end", "ends", "enter", "enters", "into", "be"].contains($0) }) ? cue : restrictive
        case "exponential time":
            // What a call may take ("can run in exponential time"), not what a method avoids.
            let lead = words[max(0, i - 4)..<i]
            if lead.contains(where: { $0.hasPrefix("avoid") || $0 == "without" || $0 == "instead" }) { return restrictive }
            return lead.contains(where: { ["in", "take", "takes", "require", "requires"].contains($0) }) ? cue : restrictive
        case "not be released", "never released", "never be released":
            // A resource kept ("Their resources … may not be released properly"), not a release of software ("The 1.x
            // branch will not be released again").
            return words[max(0, i - 10)..<i].contains(where: { Self.heldResources.contains($0) }) ? cue : restrictive
        case "cannot be used", "can not be used", "can't be used":
            // A case a condition names ("If the socket can't be used, an exception is raised", "Returns an error if the
            // handle can't be used for writing") or a relative clause describes ("A value that can't be used as a key").
            // ("This means that signals can't be used as a means of inter-thread communication" is no relative clause.)
            let clause = Array(words[..<i].reversed().prefix { $0 != "," })
            for (k, w) in clause.enumerated() where ["if", "when", "whenever", "unless", "whether", "that", "which", "who"].contains(w) {
                if w == "that", k + 1 < clause.count, Words.takesClause.contains(clause[k + 1]) { continue }
                return restrictive
            }
            return cue
        case "make sure":
            // What a mechanism achieves ("… `git push --prune remote refs/heads/*:refs/tmp/*` would make sure that remote
            // `refs/tmp/foo` will be removed", "This is done in order to make sure …"), not what the reader is to do.
            // ("This will make sure the session is closed …" says what the reader gets, and stays.)
            if ["would", "could", "might"].contains(prev) { return restrictive }
            if prev == "to", i >= 2, ["order", "designed", "meant", "intended"].contains(words[i - 2]) {
                return restrictive
            }
            return cue
        case "is required", "are required":
            // An embedded question ("Whether client certificate is required.") names what a setting decides, and a
            // condition ("Override … when no submodule recursion is required.") says when, not what.
            let clause = words[max(0, i - 4)..<i]
            if clause.contains(where: { ["whether", "which", "what", "when", "whenever", "if", "unless", "where"].contains($0) }), !clause.contains(",") {
                return restrictive
            }
            return cue
        case "you can only", "you may only":
            // Inside a condition ("… is often necessary when you can only make connection in one way") it says when.
            let clause = words[max(0, i - 3)..<i]
            if clause.contains(where: { ["when", "if", "unless", "whenever", "where"].contains($0) }), !clause.contains(",") { return restrictive }
            return cue
        case "avoid":
            // What a mechanism achieves ("… will avoid cloning", "in order to avoid …", "easy to avoid allocating").
            if ["will", "would"].contains(prev), !words[..<i].contains("you") { return restrictive }
            if i >= 2, words[i - 1] == "to", ["order", "easy", "hard", "difficult", "way", "helps", "help"].contains(words[i - 2]) { return restrictive }
            return cue
        case "never", "do not", "don't":
            // Inside a leading condition ("If you don't …,") the words only set the scene.
            if let first = words.first, clauseOpeners.contains(first), i > 0, !words[..<i].contains(",") { return restrictive }
            // …and inside a condition later in the sentence ("Set this to no if you don't want to see …").
            if i >= 2, ["you", "we"].contains(prev), ["if", "when", "whenever", "unless"].contains(words[i - 2]) { return restrictive }
            if cue.words != ["never"] {
                // A permission ("You don't need to recompile"), or the reader's state of mind ("if you don't mind",
                // "something you don't expect"), forbids nothing.
                let permission = ["need", "needs", "necessarily"].contains(next)
                    || (next == "have" && i + cue.words.count + 1 < words.count && words[i + cue.words.count + 1] == "to")
                // What the reader lacks ("… and you do not have the program in a directory on the default `$PATH`").
                let lacks = next == "have" && ["you", "we", "they", "i"].contains(prev)
                // ("Do not think of a `Mutex` as protecting code" still forbids: the reader's thinking only after a subject.)
                let mind = Words.stateOfMind.contains(next)
                    && (!["think", "believe"].contains(next) || words[..<i].contains(where: { ["you", "we", "i", "they"].contains($0) }))
                if permission || lacks || mind { return restrictive }
            } else {
                // What a thing never undergoes ("allocated with malloc and never freed") describes it; a summary opening
                // "Never returns …" / "Never blocks." describes the API.
                if ["and", "or", "but"].contains(prev), Self.isParticiple(next) { return restrictive }
                if i == 0, Self.isThirdPersonVerb(next) { return restrictive }
            }
            // What the writers do ("Positive refs … are distinguished: we don't let them be excluded by such limiters") says
            // how the tool behaves, not what the reader may do; what they advise against still forbids ("We don't recommend …").
            if cue.words != ["never"], prev == "we", !["recommend", "advise", "suggest", "encourage", "want"].contains(next) { return restrictive }
            // Descriptive or hypothetical uses: "… would never access", "… never moving …".
            let heads: Set<String> = [",", "you", "we", "should", "must", "please", "and", "but", "so", "then", "therefore", "thus", "also",
                                      "simply", "just", "ever", "i.e", "e.g", "one", "users", "developers", "programmers", "callers", "i"]
            if !heads.contains(prev) {
                // What an API never does ("Operations performed using a stateless session never cascade to
                // associated instances") is a behaviour to know; a hypothetical ("… would never access") is not.
                let hedged: Set<String> = ["would", "could", "might", "may", "can", "shall", "should", "ever", "almost", "nearly",
                                           "had", "have", "has", "if", "that", "which", "who"]
                let narrator: Set<String> = ["i", "we", "our", "us", "my", "me"]
                // Rust's "never type" (`!`): "the never type", "functions that return never".
                let naming: Set<String> = ["the", "a", "an", "this", "that", "its", "return", "returns", "returning", "type"]
                // (What the reader will never need to do is a reassurance: "You will never need to call this directly.")
                let reassurance = prev == "will" && ((i >= 2 && ["you", "we"].contains(words[i - 2])) || ["need", "needs", "have", "has"].contains(next))
                if cue.words == ["never"], !next.isEmpty, !hedged.contains(prev), !naming.contains(prev), !["type", "types"].contains(next), !reassurance,
                   !words[..<i].contains(where: { $0 == "if" || $0 == "when" }), !words.contains(where: { narrator.contains($0) }) {
                    return Cue(words: cue.words, detector: .constraint, kind: .warning, strength: 0.55)
                }
                return restrictive
            }
            return cue
        case "may not be":
            let usage: Set<String> = ["used", "called", "passed", "shared", "modified", "changed", "combined", "mixed", "nested", "accessed",
                                      "reused", "closed", "opened", "set", "specified", "given", "invoked", "sent", "stored", "held", "moved",
                                      "copied", "mutated", "awaited", "run", "started", "registered", "overridden", "subclassed", "empty", "null", "none"]
            return usage.contains(next) ? cue : restrictive
        case "no longer":
            let change: Set<String> = ["supported", "recommended", "maintained", "available", "needed", "required", "necessary", "works",
                                       "work", "used", "accepted", "allowed", "documented", "provided", "included", "has", "have"]
            // A condition ("If the referent no longer exists, …") describes a state, not a change of the API.
            if words[max(0, i - 4)..<i].contains(where: { ["if", "when", "once", "whether", "until", "after"].contains($0) }) { return restrictive }
            // What is no longer needed is a change to know, not a deprecation ("With default parameters, a manual check
            // in the function body is no longer necessary").
            if ["needed", "required", "necessary"].contains(next) {
                // (Not in a relative clause: "Close connections that are no longer needed.")
                if words[max(0, i - 3)..<i].contains(where: { ["that", "which", "who"].contains($0) }) { return restrictive }
                return Cue(words: cue.words, detector: .version, kind: .version, strength: 0.7)
            }
            // What no longer exists is a removed API when the clause names one ("The `grid()` function no longer
            // exists"), not things a command works on ("Destroys resources that exist in the state but no longer exist
            // in the configuration").
            if next == "exist" || next == "exists" {
                // (Not in a relative clause: "The `prune` command removes branches that no longer exist.")
                var subject = words[max(0, i - 6)..<i]
                if let comma = subject.lastIndex(of: ",") { subject = subject[subject.index(after: comma)...] }
                if subject.contains(where: { ["that", "which", "who", "whose", "where"].contains($0) }) { return restrictive }
                // An API noun, or a name with "_" or an inner dot between letters (not a version: "In 3.0 …").
                let namesAPI = subject.contains { word in
                    if Condense.apiNouns.contains(word) || word.contains("_") { return true }
                    let parts = word.split(separator: ".")
                    return parts.count >= 2 && parts.allSatisfy { $0.first?.isLetter == true }
                }
                return namesAPI ? cue : restrictive
            }
            return change.contains(next) ? cue : restrictive
        case "legacy":
            // Said of the API ("… is legacy", "the legacy API"), not a kind of data ("a legacy encoding") or an old
            // syntax named ("The legacy `inline-flex` display value …").
            let saidOfAPI = ["is", "are", "considered", "now"].contains(prev) || ["api", "apis", "interface", "feature", "features", "mode", "style"].contains(next)
            return saidOfAPI ? Cue(words: cue.words, detector: cue.detector, kind: .deprecated, strength: 0.6) : restrictive
        case "is removed":
            // "… and if so the poison is removed." describes an effect; a removal from the API names when.
            return next == "in" || next == "since" || isVersion(next) ? cue : restrictive
        case "will be removed":
            // "… will be removed in 3.0" / "… from the API" announces a removal; "the cookie will be
            // removed when the browser is closed" describes an effect.
            let when: Set<String> = ["in", "since", "after", "soon", "eventually", "at", "by"]
            if when.contains(next) || isVersion(next) { return cue }
            // "… from the API" removes an API; "deleted refs will be removed from the remote end" is an effect.
            if next == "from" {
                let from = words[min(words.count, i + cue.words.count + 1)..<min(words.count, i + cue.words.count + 4)]
                return from.contains(where: { ["api", "apis", "library", "module", "package", "crate", "standard", "language", "future", "next",
                                              "release", "version", "python", "core", "public", "interface"].contains($0) || isVersion($0) })
                    ? cue : restrictive
            }
            // At the end of its clause it announces a removal when what is removed is part of the API ("This option
            // will be removed."); "… all untracked files matching the paths will be removed." is an effect.
            guard next.isEmpty || next == "," else { return restrictive }
            let subject = words[max(0, i - 8)..<i].map { $0.trimming(",;:()`") }
            // ("it" and "this" may be anything: "Once the container stops, it will be removed.")
            return subject.contains(where: { Condense.apiNouns.contains($0) || ["support", "deprecated", "alias"].contains($0) })
                ? cue : restrictive
        case "result in an invalid", "results in an invalid", "result in invalid", "results in invalid", "produce an invalid",
             "produces an invalid", "result in an error", "results in an error", "result in errors", "results in errors":
            // Not when denied or supposed: "The encoder never produces an invalid sequence", "… does not result in an
            // invalid URL", "Returns true if applying the patch would result in an invalid tree".
            let before = words[max(0, i - 4)..<i]
            let hedges: Set<String> = ["not", "never", "no", "cannot", "won't", "doesn't", "don't", "would", "if", "whether"]
            return before.contains(where: { hedges.contains($0) || $0.hasSuffix("n't") }) ? restrictive : cue
        case "responsible for deleting", "responsible for freeing", "responsible for closing", "responsible for releasing",
             "responsible for calling":
            // The reader's duty ("The user of `mkdtemp()` is responsible for deleting …"), not a component's ("the
            // garbage collector / the destructor is responsible for freeing …").
            let parties: Set<String> = ["caller", "callers", "user", "users", "you", "application", "applications", "client", "clients",
                                        "programmer", "programmers", "developer", "developers"]
            return words[max(0, i - 5)..<i].contains(where: { parties.contains($0) }) ? cue : restrictive
        case "do not use this":
            // "Do not use this method." and "… in new code" / "… anymore" retire it; "… so do not use this method if the data
            // size is large", "… in production", "… from multiple threads" forbid it under a condition: a prohibition.
            let rest = Array(words.dropFirst(i + cue.words.count).prefix(4))
            let retiring = rest.contains("anymore") || rest.contains("longer") || zip(rest, rest.dropFirst()).contains { a, b in
                ["in", "for"].contains(a) && ["new", "future"].contains(b)
            }
            if !retiring, rest.contains(where: { ["if", "when", "unless", "while", "with", "in", "on", "for", "from", "to", "as",
                                                  "during", "inside", "within", "outside"].contains($0) }) {
                return Cue(words: cue.words, detector: .prohibition, kind: .never, strength: 1.0)
            }
            return cue
        case "use instead":
            // "Scheme to use instead of `PREFERRED_URL_SCHEME`" names an alternative, not a deprecation.
            return next == "of" ? Cue(words: cue.words, detector: .recommendation, kind: .should, strength: 0.5) : cue
        case "was removed", "were removed", "has been removed":
            // Says when: a removal ("When `distutils` was removed in Python 3.12, …").
            if next == "in" || next == "since" || isVersion(next) { return cue }
            // "true if the value was removed" (a return value) is a condition, not a removal from the API.
            if words[max(0, i - 5)..<i].contains(where: { $0 == "if" || $0 == "whether" || $0 == "when" || $0 == "once" }) { return restrictive }
            return next.isEmpty || next == "," ? cue : restrictive
        case "only be used", "only be called":
            // A restriction when imposed ("can only be called from …", "should only be used with …");
            // a description of behaviour after "will" ("the constructor will only be called once").
            let imposing: Set<String> = ["can", "may", "must", "should", "shall", "could", "to", "it", "they", "this", "these", "that"]
            return imposing.contains(prev) ? cue : restrictive
        case "required to":
            // An obligation when something "is/be required to"; after a noun it only measures ("Reads the
            // exact number of bytes required to fill buf").
            return Words.beForms.contains(prev) ? cue : restrictive
        case "if none":
            // What happens when nothing is given ("… if none is specified") is a default; a return value's
            // alternative ("… or null if none.") and "if none of …" are not.
            return Words.givenVerbs.contains(next) ? cue : restrictive
        case "sensitive":
            // "case-sensitive matching" describes a comparison; "sensitive data" is a risk.
            return Words.sensitivityKinds.contains(prev) ? restrictive : cue
        case "generally":
            // Advice when it qualifies one ("It is generally best to …", "generally recommended"); a frequency
            // otherwise ("Retrieval operations generally do not block").
            return Words.generallyAdvice.contains(next) ? cue : restrictive
        case "instead", "instead of", "rather than":
            // An alternative offered to the reader ("Use `ucnv_clone()` instead.", "You should call … instead of …") is
            // advice; one an API takes by itself ("… this call will return an error … instead") describes it.
            if mainClauseInstructs || words.contains(where: { Words.insteadAdvisory.contains($0) }) { return cue }
            // A comparison that judges the alternative ("It will usually be more efficient to … rather than …").
            if words[..<i].contains(where: { Words.comparativeAdvice.contains($0) }) { return cue }
            return words[..<i].contains(where: { $0 == "will" || $0 == "would" }) ? restrictive : cue
        case "should":
            // Reassurance ("… this should be fine", "should be rare") is no advice.
            if next == "be", i + 2 < words.count, Words.reassuring.contains(words[i + 2]) { return restrictive }
            // A prediction ("this should allow …", "which should guarantee …").
            if ["this", "that", "which", "it"].contains(prev), Words.predicted.contains(next) { return restrictive }
            return cue
        case "should not", "shouldn't":
            // "This shouldn't break your code" reassures; "Plugins should not break the public API" advises.
            let reassured = ["this", "that", "it", "which"].contains(prev) || (prev == "and" && ["this", "that", "it"].contains(words[0]))
            return Words.harmless.contains(next) && reassured ? restrictive : cue
        case "a bug":
            return ["report", "reports", "tracker"].contains(next) ? restrictive : cue
        case "data race", "data races", "race condition", "race conditions":
            // A tool's findings ("DRD may report data races") are no hazard of the reader's code.
            return Words.findingVerbs.contains(prev) ? restrictive : cue
        case "always":
            // "Always returns 0 when …" summarises what an API does.
            if i == 0, isThirdPersonVerb(next) { return restrictive }
            return i == 0 || ["should", "must", "you", "please", ","].contains(prev) ? Cue(words: cue.words, detector: cue.detector, kind: cue.kind, strength: 0.8) : restrictive
        default:
            return cue
        }
    }

    /// "freed", "called", "taken": a past participle after "and never" — not a base form that ends alike
    /// ("… and never exceed 100 items", "… and never open it again").
    static func isParticiple(_ w: String) -> Bool {
        let irregular: Set<String> = ["taken", "given", "written", "broken", "hidden", "chosen", "forgotten", "driven", "seen", "done",
                                      "known", "shown", "thrown", "drawn", "gotten", "held", "kept", "left", "lost", "sent", "spent",
                                      "built", "found", "made", "told", "sold"]
        if irregular.contains(w) { return true }
        let baseForms: Set<String> = ["exceed", "proceed", "succeed", "need", "embed", "feed", "seed", "bleed", "speed", "shed", "wed"]
        return w.count >= 5 && w.hasSuffix("ed") && !baseForms.contains(w) && !imperativeVerbs.contains(w)
    }

    /// "returns", "blocks", "sends": a verb in the third person, as an API summary opens ("Always returns 0").
    static func isThirdPersonVerb(_ w: String) -> Bool {
        w.count > 3 && w.hasSuffix("s") && !w.hasSuffix("ss") && !w.hasSuffix("us") && !w.hasSuffix("is")
    }

    /// Word lists of the context rules, built once.
    enum Words {
        static let finite: Set<String> = ["is", "was", "can", "could", "will", "would", "must", "should", "may", "might", "are", "were", "has", "have", "do",
                                   "does", "shall", "cannot"]
        /// Verbs an API description opens its main clause with ("Returns a string that must be freed").
        static let describingVerbs: Set<String> = ["returns", "return", "creates", "gives", "yields", "provides", "produces", "allocates",
                                                   "opens", "takes", "accepts", "uses", "sets", "gets", "holds", "contains", "passes"]
        static let takesClause: Set<String> = ["ensure", "note", "means", "mean", "specifies", "states", "requires", "guarantee", "so", "such",
                                               "assume", "check", "verify", "sure", "indicates", "implies", "and", "is", "are", "knows", "know",
                                               "recommend", "recommends", "important", "essential", "careful", "remember", "say", "says"]
        static let toolNouns: Set<String> = ["check", "checks", "checking", "checker", "summary", "search", "detection", "detector", "kind",
                                             "kinds", "entries", "report", "reports", "suppression", "suppressions", "error", "errors", "heuristics"]
        static let stateOfMind: Set<String> = ["mind", "understand", "know", "care", "see", "feel", "expect", "wish", "like", "notice", "remember",
                                               "think", "believe"]
        static let harmless: Set<String> = ["affect", "break", "matter", "impact", "hurt", "harm"]
        static let sensitivityKinds: Set<String> = ["case", "locale", "context", "time", "whitespace", "order", "latency"]
        /// Verbs that take a clause: "Ensure callbacks do not block", "Verify signatures are valid".
        static let clauseVerbs: Set<String> = ["ensure", "verify", "check", "make", "remember", "assume", "note", "confirm"]
        static let attributiveDeterminers: Set<String> = ["a", "an", "the", "this", "its", "their", ","]
        static let attributiveExempt: Set<String> = ["to", "that", "for", "over", "way", "approach", "method", "practice", "practices", "if", "when",
                                       "because", "as", "and", "or", ",", ""]
        static let defaultStating: Set<String> = ["from", "than", "to", "not", "be", "is", "are", "becomes", "become", "over", "override",
                                        "overrides", "change", "changes", "reset", "restore", "revert", "reverts", "replace", "replaces", "as",
                                        "use", "uses", "using", "of", "keep", "keeps", "with"]
        static let defaultCopula: Set<String> = ["is", "are", "was", "of", "if", "when", "unless", ","]
        static let beForms: Set<String> = ["is", "are", "be", "been", "being", "was", "were", "also", "you're", "they're", "it's"]
        static let givenVerbs: Set<String> = ["is", "are", "was", "were", "specified", "given", "provided", "set", "passed", "supplied"]
        static let generallyAdvice: Set<String> = ["should", "recommended", "advisable", "best", "better", "preferred", "prefer", "preferable", "a",
                                       "wise", "want", "use", "safer", "avoid", "good", "not"]
        static let insteadAdvisory: Set<String> = ["you", "we", "should", "must", "better", "prefer", "preferred", "recommended", "recommend",
                                         "consider", "please", "best", "use"]
        /// Judgements that make "… rather than …" after them advice.
        static let comparativeAdvice: Set<String> = ["efficient", "faster", "safer", "easier", "simpler", "cheaper"]
        static let reassuring: Set<String> = ["fine", "rare", "ok", "okay", "enough", "sufficient", "negligible", "unlikely", "uncommon",
                                           "harmless", "noticeable", "minimal", "safe"]
        /// Parts of a toolchain or runtime that documentation describes but its reader does not write.
        static let machinery: Set<String> = ["compiler", "compilers", "runtime", "interpreter", "optimizer", "optimiser", "scheduler"]
        static let predicted: Set<String> = ["allow", "allows", "guarantee", "ensure", "help", "suffice", "work", "fix", "solve", "prevent",
                                          "mean", "result", "improve", "reduce", "speed", "eliminate"]
        static let findingVerbs: Set<String> = ["report", "reports", "reported", "detect", "detects", "detected", "detecting", "find", "finds"]
        static let objectStarts: Set<String> = ["a", "an", "the", "this", "that", "these", "those", "it", "them", "your", "all", "any", "each",
                                         "what", "whatever", "which", "how", "sure", "out", "up", "down", "off", "on", "in", "to", "not",
                                         "no", "one", "some", "every", "its", "their", "our", "my", "his", "her", "both", "either", "only"]
    }

    /// Restrictive words of the constraint detector that are not merely topical.
    static let restrictive: Set<String> = ["only", "unless", "except", "regardless", "cannot", "can't", "won't", "not", "never", "until",
                                           "guaranteed", "guarantee", "ignored", "ignores", "overwritten", "precedence", "even", "must",
                                           "without", "instead", "bypass", "bypasses", "no"]

    static func countConstraintCues(_ words: [String]) -> Int {
        var seen = Set<String>()
        for w in words where restrictive.contains(w) { seen.insert(w) }
        return seen.count
    }

    static func matches(_ phrase: [String], _ words: [String], at i: Int) -> Bool {
        guard i + phrase.count <= words.count else { return false }
        for (k, p) in phrase.enumerated() {
            let w = words[i + k]
            if p.hasSuffix("*") {
                if !w.hasPrefix(p.dropLast()) { return false }
            } else if w != p {
                return false
            }
        }
        return true
    }

    /// Cues whose first word is a prefix pattern (`deadlock*`), keyed by the stem.
    static let prefixIndex: [(String, [Cue])] = {
        var out: [String: [Cue]] = [:]
        for (stem, cues) in index where stem.hasSuffix("*") { out[String(stem.dropLast()), default: []] += cues }
        return out.sorted { $0.key < $1.key }
    }()

    /// `prefixIndex` grouped by the stem's first character, so a word only meets stems that can match.
    static let prefixByFirst: [Character: [(String, [Cue])]] = Dictionary(grouping: prefixIndex, by: { $0.0.first! })

    static func prefixCues(for word: String) -> [Cue]? {
        guard let f = word.first, let stems = prefixByFirst[f] else { return nil }
        var found: [Cue] = []
        for (stem, cues) in stems where word.hasPrefix(stem) { found += cues }
        return found.isEmpty ? nil : found
    }

    // MARK: - Version markers

    /// "New in version 2.1", "Changed in 3.0", "Added in 1.4", "since 2.16", "Deprecated since 1.4.24",
    /// "as of 1.2", "in 0.10 and lower", "version 2.0".
    static func versionSignal(_ words: [String]) -> Signal? {
        for (i, w) in words.enumerated() {
            let next = i + 1 < words.count ? words[i + 1] : ""
            let after = i + 2 < words.count ? words[i + 2] : ""
            let versionNext = isVersion(next) || (next == "version" && isVersion(after)) || (next == "v" && isVersion(after))
            switch w {
            case "deprecated" where next == "since" || next == "in" || versionNext:
                return Signal(detector: .deprecation, kind: .deprecated, strength: 1.0, cue: "deprecated \(next)")
            case "removed" where (next == "in" && (isVersion(after) || after == "version")):
                return Signal(detector: .deprecation, kind: .deprecated, strength: 1.0, cue: "removed in")
            case "new", "added", "changed", "introduced", "available":
                // ("where" on a multi-pattern case guards only its last pattern: test the next word here.)
                // ("… is only available starting with Rust 1.60", "… available from version 2.0".)
                let opener = next == "starting" && after == "with" ? 2 : (next == "from" && w == "available" ? 1 : 0)
                guard next == "in" || next == "since" || opener > 0 else { break }
                let rest = Array(words.dropFirst(i + 1 + max(1, opener)))
                if let f = rest.first, isVersion(f) || f == "version" || (rest.count > 1 && isVersion(rest[1])) {
                    // A marker that says nothing but when ("Added in: v15.1.0, v14.17.0", a history row's "Version:
                    // v10.5.0; Changes: Added in: v10.5.0") weighs what Sphinx's bare `versionadded` weighs.
                    let bare = words.allSatisfy { isVersionToken($0) || Self.bareMarkerWords.contains($0) }
                    return Signal(detector: .version, kind: .version, strength: bare ? 0.6 : 0.8, cue: "\(w) \(next)")
                }
            case "since", "as", "until", "before", "after", "from", "starting", "prior":
                if versionNext || (w == "as" && next == "of" && (isVersion(after) || after == "version")) {
                    return Signal(detector: .version, kind: .version, strength: 0.65, cue: "\(w) \(next)")
                }
            case "version", "versions":
                if isVersion(next) { return Signal(detector: .version, kind: .version, strength: 0.6, cue: "version \(next)") }
            case "nightly" where next == "only":
                // rustdoc's stability note: "This is a nightly-only experimental API." — not on a stable toolchain.
                return Signal(detector: .version, kind: .version, strength: 0.8, cue: "nightly-only")
            case "experimental" where (stabilityNouns.contains(next) || (i > 0 && stabilityCopulas.contains(words[i - 1])))
                && !(words.first.map { imperativeVerbs.contains($0) } ?? false):
                // (Not an instruction that names them: "Enable experimental features by setting …".)
                // "… is still experimental", "an experimental API": what may change or go without notice.
                return Signal(detector: .version, kind: .version, strength: 0.7, cue: "experimental")
            default:
                if isVersion(w), next == "and" || next == "or", ["lower", "earlier", "older", "higher", "later", "newer", "above", "below"].contains(after) {
                    return Signal(detector: .version, kind: .version, strength: 0.7, cue: "\(w) \(next) \(after)")
                }
            }
        }
        return nil
    }

    /// The words of a version marker that names no change: "New in version", "Added in", a history row's labels.
    static let bareMarkerWords: Set<String> = ["new", "added", "changed", "introduced", "available", "in", "since", "version", "versions",
                                               "changes", "and", ",", "alpha", "beta", "rc", "preview"]

    /// What "experimental" marks as not yet stable when it comes before it ("experimental API") …
    static let stabilityNouns: Set<String> = ["api", "apis", "feature", "features", "option", "options", "flag", "support"]
    /// … or when it is said of a subject ("is still experimental", "currently experimental").
    static let stabilityCopulas: Set<String> = ["is", "are", "still", "currently", "considered", "remains", "highly"]

    /// A version as a marker writes it, with or without a dot or a pre-release part: `3`, `2.0b1`, `v18.0.0-beta`, `1.4rc2`.
    static func isVersionToken(_ w: String) -> Bool {
        var s = Substring(w)
        if s.first == "v" || s.first == "V" { s = s.dropFirst() }
        let number = s.prefix(while: { $0.isNumber || $0 == "." })
        guard let f = number.first, f.isNumber, number.last != "." else { return false }
        var rest = s.dropFirst(number.count)
        if rest.first == "-" { rest = rest.dropFirst() }
        let tag = rest.prefix(while: { $0.isLetter })
        return (tag.isEmpty || ["a", "b", "rc", "alpha", "beta", "pre", "dev"].contains(tag.lowercased()))
            && rest.dropFirst(tag.count).allSatisfy { $0.isNumber || $0 == "." }
    }

    /// A version number: digits with at least one dot (`1.4`, `2.0.1`, `v3.2`).
    static func isVersion(_ w: String) -> Bool {
        var s = Substring(w)
        if s.first == "v" { s = s.dropFirst() }
        guard let f = s.first, f.isNumber, s.contains(".") else { return false }
        return s.allSatisfy { $0.isNumber || $0 == "." } && s.last != "."
    }

    // MARK: - Imperatives

    /// After a short label and a colon, a bare verb: "Workaround for 1.1.X and later versions of Valgrind: use the
    /// `--run-libc-freeres=no` option."
    static func labelledImperative(_ raw: String) -> Signal? {
        guard let colon = raw.firstIndex(of: ":") else { return nil }
        let label = raw[..<colon]
        // Only a label that announces advice ("Workaround for …", "Tip", "Solution"): after "Error:", "Returns:" or
        // "Example:" a verb-like word is usually a noun ("Returns: set of keys", "Error: open failed").
        guard !label.isEmpty, label.split(separator: " ").count <= 12, !label.contains("`"),
              let head = tokenize(String(label)).first, Self.adviceLabels.contains(head) else { return nil }
        let after = tokenize(String(raw[raw.index(after: colon)...]))
        guard let verb = after.first, imperativeVerbs.contains(verb), !["be", "do", "type", "name", "list"].contains(verb),
              !(after.count > 1 && ["is", "are", "was", "of", "and", "s", "'s"].contains(after[1])) else { return nil }
        return Signal(detector: .imperative, kind: .should, strength: 0.6, cue: verb)
    }

    /// Words that open a label announcing advice.
    static let adviceLabels: Set<String> = ["workaround", "workarounds", "solution", "fix", "tip", "tips", "hint", "recommendation",
                                            "advice", "remedy", "cure", "caution", "important", "best"]

    /// What is held and must be given back: "resources … may not be released", "the lock is never released".
    static let heldResources: Set<String> = ["resource", "resources", "memory", "lock", "locks", "handle", "handles", "file", "files",
                                             "connection", "connections", "buffer", "buffers", "descriptor", "descriptors", "semaphore",
                                             "mutex", "socket", "sockets", "transaction", "transactions", "permit", "permits"]

    /// Labels of an inline call-out that warns ("Warning: …").
    static let warningLabels: Set<String> = ["warning", "danger", "caution"]

    /// Labels of a call-out written inline ("Note: …"): what they announce is the reader's.
    static let calloutLabels: Set<String> = ["note", "warning", "danger", "attention", "caution", "important", "tip", "hint"]

    /// "set: …", "lock: …": the sentence opens with one word and a colon.
    static func labelIsOneWord(_ raw: String) -> Bool {
        guard let colon = raw.firstIndex(of: ":") else { return false }
        let label = String(raw[..<colon]).trimmingWhitespace()
        return !label.isEmpty && !label.contains(" ")
    }

    /// A first word that modifies the subject rather than instructs ("Profile settings can be changed …",
    /// "Test classes must be prefixed …", "Call sites will …"): the next word is no object, a finite verb follows it.
    static func opensWithNounPhrase(_ words: [String]) -> Bool {
        guard words.count > 2, !Words.clauseVerbs.contains(words[0]), !Words.objectStarts.contains(words[1]) else { return false }
        if Words.finite.contains(words[2]) { return true }
        // "Use types that are Sendable", "Call methods that can throw …": the verb after a relative pronoun is the clause's.
        let joins: Set<String> = ["to", ",", "that", "which", "who", "whose", "if", "when", "so", "as", "because", "where", "and", "or"]
        return words.count > 3 && !joins.contains(words[2]) && Words.finite.contains(words[3])
    }

    static func imperativeSignal(_ words: [String]) -> Signal? {
        guard let first = words.first else { return nil }
        // "Always returns 0 …", "Never blocks." summarise an API; "Consider this part of …" shows an example.
        if words.count > 1, first == "always" || first == "never", isThirdPersonVerb(words[1]) { return nil }
        if first == "consider", words.count > 1, ["this", "these", "following"].contains(words[1])
            || (words.count > 2 && words[1] == "the" && words[2] == "following") { return nil }
        if imperativeVerbs.contains(first), !(words.count > 1 && ["is", "are", "was", "of", "and", "s", "'s"].contains(words[1])),
           !opensWithNounPhrase(words) {
            let strength = ["never", "don't", "avoid"].contains(first) ? 0.9 : (["always", "ensure", "make", "remember"].contains(first) ? 0.8 : 0.6)
            return Signal(detector: .imperative, kind: first == "never" || first == "don't" ? .never : (first == "avoid" ? .avoid : .should),
                          strength: strength, cue: first)
        }
        // "If …, use …" / "To …, call …": a bare verb right after the leading clause's comma.
        if clauseOpeners.contains(first) {
            for (c, w) in words.enumerated().prefix(24) where w == "," {
                // "…, either create an inner scope or drop the guard", "…, simply call …".
                var i = c
                while i + 2 < words.count, ["either", "simply", "just", "first", "instead", "then"].contains(words[i + 1]) { i += 1 }
                if i + 1 < words.count, imperativeVerbs.contains(words[i + 1]),
                   !(i + 2 < words.count && ["is", "are", "was", "of"].contains(words[i + 2])) {
                    return Signal(detector: .imperative, kind: .should, strength: 0.65, cue: words[i + 1])
                }
                break
            }
        }
        // "… you must/should …" forms are modal; "Please …" is imperative.
        if first == "please", words.count > 1, imperativeVerbs.contains(words[1]) {
            return Signal(detector: .imperative, kind: .should, strength: 0.6, cue: "please \(words[1])")
        }
        return nil
    }

    // MARK: - Tokens

    /// Lower-case word tokens. Letters, digits, `_` and apostrophes form words; a `.` joins
    /// alphanumerics (`sys.path`, `1.4.33`, `e.g`); hyphens and other punctuation separate words,
    /// and a comma is kept as its own token for clause detection.
    static func tokenize(_ s: String) -> [String] {
        var out: [String] = []
        out.reserveCapacity(24)
        var cur = String.UnicodeScalarView()
        let scalars = Array(s.lowercased().unicodeScalars)
        func isWordScalar(_ c: Unicode.Scalar) -> Bool {
            if c.isASCII {
                let v = c.value
                return (v >= 97 && v <= 122) || (v >= 48 && v <= 57) || v == 95 || v == 42 || (v >= 65 && v <= 90)
            }
            return c.properties.isAlphabetic
        }
        func flush() { if !cur.isEmpty { out.append(String(cur)); cur = String.UnicodeScalarView() } }
        for i in scalars.indices {
            var c = scalars[i]
            if c == "\u{2019}" || c == "\u{2018}" { c = "'" }
            if isWordScalar(c) {
                cur.append(c)
            } else if (c == "." || c == "'") && !cur.isEmpty && i + 1 < scalars.count && isWordScalar(scalars[i + 1]) && scalars[i + 1] != "*" {
                cur.append(c)
            } else {
                flush()
                if c == "," || c == ";" || c == ":" { out.append(",") }
            }
        }
        flush()
        return out
    }
}
