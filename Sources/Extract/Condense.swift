import Foundation

/// Extractive condensation: drops discourse fillers and pointers, never adds words.
///
/// Identifiers, values and the documentation's wording are kept exactly; only leading fillers
/// ("Note, however, that …"), pointers ("(see …)", "as shown below") and trailing colons that
/// introduced a dropped example go.
enum Condense {
    static let fillers = [
        "note, however, that ", "note however that ", "please note that ", "note that ", "keep in mind that ", "it is important to note that ",
        "it should be noted that ", "it is worth noting that ", "remember that ", "be aware that ", "also, ", "however, ", "in addition, ",
        "additionally, ", "as mentioned above, ", "as noted above, ", "as mentioned earlier, ", "as mentioned before, ", "of course, ",
        "in general, ", "generally, ", "basically, ", "so, ", "thus, ", "therefore, ", "again, ", "to reiterate: ", "in other words, ",
        "in practice, ", "in fact, ", "indeed, ", "now, ", "finally, ", "first, ", "second, ", "secondly, ", "lastly, ",
        "note: ", "warning: ", "important: ", "tip: ", "caution: ", "attention: ", "danger: ", "hint: ",
        "actually, ", "that said, ", "that being said, ", "in short, ", "in summary, ", "to summarize, ", "simply put, ", "put simply, ",
        "or: ", "or, ", "and ", "but ", "so ",
        // Connectives to a sentence the rule does not carry.
        "similarly, ", "likewise, ", "on the other hand, ", "furthermore, ", "moreover, ", "more specifically, ", "specifically, ",
        "first and foremost, ", "first off, ",
        // …and pointers to an example the rule does not carry.
        "as shown in the above example, ", "as shown in the example above, ", "as shown above, ", "as seen above, ",
    ]
    static let anaphora = ["this ", "it ", "it's ", "that ", "these ", "those ", "doing so", "in this case", "otherwise", "in that case",
                           "such ", "then ", "they ", "its ", "their ", "thus", "therefore", "hence", "as a result", "because of this",
                           "for this reason", "which ", "here ", "the above", "the following", "this,", "that,",
                           // A sentence without a subject ("Can be set to `'Lax'` …") continues the one before.
                           "can be ", "must be ", "should be ", "may be ", "cannot be ", "can only be ", "must not be ", "should not be ",
                           // … and so does a parameter's default ("`max_age` - Session expiry time in seconds. Defaults to 2 weeks.").
                           "defaults to ", "default is ", "default: ", "the default is ", "the default value is "]
    static let consequences = ["otherwise", "as a result", "this means", "this will", "this can", "this may", "this would", "this could",
                               "that means", "which means", "in that case", "in this case", "failure to", "failing to", "doing so",
                               "the result", "errors may", "an error", "this causes", "this results", "it will", "it may", "it can"]
    /// Pointers to elsewhere that carry no guidance of their own.
    static let pointerPhrases = [", as shown below", " as shown below", ", as follows", " as follows", ", like this", " like this",
                                 ", as explained above", " as explained above", " as initially explained above", ", see below", ", for example", ", for instance",
                                 " (see below)", " (see above)", " for instance"]

    /// `entryName`: the name of the API entry the sentence is under; as the sentence's subject it keeps its case
    /// ("gzread does not return -1 …", not "Gzread does not return -1 …").
    static func sentence(_ s: String, entryName: Substring? = nil) -> String {
        var t = s.trimmingWhitespace()
        var changed = true
        while changed {
            changed = false
            let lower = t.lowercased()
            for f in fillers where lower.hasPrefix(f) && t.utf8.count > f.utf8.count + 12 {
                t = String(t.dropFirst(f.count))
                changed = true
                break
            }
        }
        // Most sentences hold no pointer: one lower-cased byte scan decides which phrases to look for.
        let lowerBytes = Array(t.lowercased().utf8)
        for p in pointerPhrases where ByteSearch.contains(lowerBytes, p.utf8) {
            while let r = t.range(of: p, options: .caseInsensitive) {
                let after = t[r.upperBound...].first
                guard after == nil || after == ":" || after == "." || after == "," || after == ";" else { break }
                // "… look like this:" needs its "like this": without it the verb dangles ("… look:"), and so does what
                // it shows ("… then you should write code like this:" is no "… write code").
                let before = (t[..<r.lowerBound].split(separator: " ").last?.lowercased() ?? "").trimming(",;")
                if p.hasSuffix("like this"), ["look", "looks", "looked", "seem", "seems", "something", "is", "are", "code", "snippet",
                                              "program", "file", "configuration", "config", "command", "commands", "one"].contains(before) { break }
                // An aside set off by commas stays whole: what follows it may be the example it names ("… a literal
                // "!", for example, "\!important!.txt"", "Some keys are reserved, for example, id and type."), and
                // half of it would leave a stray comma.
                if p.hasPrefix(","), after == "," { break }
                t.removeSubrange(r)
            }
        }
        if ByteSearch.contains(lowerBytes, "(see ".utf8) { t = dropSeeParentheticals(t) }
        // A list item written as part of one sentence ("… as conn`;", "…; or") ends its rule with a full stop.
        for tail in ["; or", "; and", ", or", ", and", ";"] where t.hasSuffix(tail) && t.utf8.count > tail.utf8.count + 12 {
            t = String(t.dropLast(tail.count)).trimmingWhitespace()
            if let end = t.last, !".!?…:".contains(end) { t += "." }
            break
        }
        if let first = t.first, first.isLowercase {
            // Capitalise only plain words, never identifiers.
            let word = t.prefix(while: { $0 != " " })
            // …and not a parameter entry's name ("size – the maximum number of connections").
            var rest = t.dropFirst(word.count)
            // …also with its type between ("skipkeys (bool) – If True, …").
            if rest.hasPrefix(" ("), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...] }
            let namesEntry = ["  –", " – ", " - ", " — ", " : "].contains { rest.hasPrefix($0) }
            // Contractions count as plain words ("there's", "let's"); a possessive may be an identifier ("malloc's").
            let contraction = ["there's", "there’s", "it's", "it’s", "let's", "let’s", "that's", "that’s", "here's", "here’s", "don't",
                               "don’t", "doesn't", "doesn’t", "isn't", "isn’t", "you're", "you’re", "we're", "we’re", "can't", "can’t"]
                .contains(word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            // A name is no plain word: a single letter other than "a" ("w happens before r"), a camel-case name
            // ("deflateEnd"), or the entry's own name as the subject of a verb.
            let bareWord = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
            let isName = (bareWord.count == 1 && bareWord != "a") || bareWord.dropFirst().contains(where: \.isUppercase)
                || (Substring(bareWord) == entryName && rest.split(separator: " ").first.map { Identifiers.subjectVerbs.contains($0.lowercased()) } == true)
            if word.allSatisfy({ $0.isLetter || $0 == "," }) || contraction, !namesEntry, !isName { t = first.uppercased() + t.dropFirst() }
        }
        return t
    }

    /// "(see Foo)", "(see the X docs)" asides go; other parentheses (values, identifiers) stay.
    static func dropSeeParentheticals(_ s: String) -> String {
        var t = s
        var search = t.startIndex
        while let open = t.range(of: "(see ", options: .caseInsensitive, range: search..<t.endIndex) {
            guard let close = closingParenthesis(in: t, after: open.upperBound) else { break }
            var lower = open.lowerBound
            if lower > t.startIndex, t[t.index(before: lower)] == " " { lower = t.index(before: lower) }
            let upper = t.index(after: close)
            t.removeSubrange(lower..<upper)
            search = lower
        }
        return t
    }

    /// The `)` that closes a parenthesis opened before `start`: nested pairs and code spans
    /// ("(see `getPoolSize()`)") are stepped over. Nil when it is not closed.
    static func closingParenthesis(in t: String, after start: String.Index) -> String.Index? {
        var depth = 0
        var inCode = false
        var i = start
        while i < t.endIndex {
            let c = t[i]
            if c == "`" { inCode.toggle() } else if !inCode {
                if c == "(" { depth += 1 } else if c == ")" {
                    if depth == 0 { return i }
                    depth -= 1
                }
            }
            i = t.index(after: i)
        }
        return nil
    }

    /// Code spans that hold one plain word (`Parse`, `None`, `Session`) lose their backticks: the
    /// word reads the same in prose ("the Parse trait"), and phrases around it stay searchable.
    /// Spans with any other character (`pool_size`, `Session.begin()`, `--force`) are kept.
    static func plainWordSpans(_ s: String) -> String {
        guard s.contains("`") else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "`") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "`") else { out += rest[open...]; return out }
            let body = after[..<close]
            // (A keyword stays code: "use the `in` keyword" does not read as prose; so does a span written right against
            // a word, "sebagai`componentDidMount`", "`componentDidMount`dan", which would run into it. A suffix after it
            // makes one word: "`RefMut`s" → "RefMuts".)
            let tail = after[after.index(after: close)...].prefix { $0.isLetter || $0.isNumber }
            let touches = out.last.map { $0.isLetter || $0.isNumber } == true || !(tail.isEmpty || spanSuffixes.contains(String(tail)))
            if !body.isEmpty, !touches, body.allSatisfy({ $0.isASCII && $0.isLetter }), !keywordSpans.contains(String(body)) {
                out += body
            } else {
                out += rest[open...close]
            }
            rest = after[after.index(after: close)...]
        }
        out += rest
        return out
    }

    /// What may follow a code span as part of its word ("`RefMut`s", "`free`d"): anything else is a word of its own.
    static let spanSuffixes: Set<String> = ["s", "es", "d", "ed", "ing"]

    /// One-word code spans that are a language's keywords or literals: without backticks they read as English words.
    static let keywordSpans: Set<String> = ["in", "is", "not", "and", "or", "if", "else", "for", "while", "with", "as", "from", "import",
                                            "return", "yield", "let", "var", "const", "new", "true", "false", "none", "null", "nil",
                                            "self", "this", "async", "await", "def", "fn", "pub", "mut", "match", "use", "mod",
                                            "impl", "struct", "enum", "class", "static", "final", "break", "continue", "do", "try",
                                            "catch", "throw", "raise", "del", "pass", "lambda", "global", "nonlocal", "where", "loop"]

    /// A guidance heading as the opening of a rule.
    static func heading(_ h: String) -> String {
        // A section number ("8.2.11. DRD Versus Memcheck") says nothing in a rule.
        let t = withoutSectionNumber(h.trimmingWhitespace())
        guard let last = t.last else { return t }
        return ".!?:".contains(last) ? t : t + ":"
    }

    /// A heading without its leading section number ("4.1. Overview", "2.3 Options" in DocBook, Texinfo,
    /// numbered Sphinx → "Overview", "Options").
    static func withoutSectionNumber(_ t: String) -> String {
        guard let space = t.firstIndex(of: " "), t.first?.isNumber == true, t[..<space].allSatisfy({ $0.isNumber || $0 == "." }) else { return t }
        return String(t[space...]).trimmingWhitespace()
    }

    /// A statement that no longer introduces an example ends with a full stop, not a colon.
    static func closing(_ s: String) -> String {
        var t = s.trimmingWhitespace()
        if t.hasSuffix(":") { t = String(t.dropLast()).trimmingWhitespace() + "." }
        // One case of an enumeration ("Some other thread interrupts the current thread; or") ends as a sentence.
        for connector in ["; or", "; and", ", or", ", and"] where t.hasSuffix(connector) {
            t = String(t.dropLast(connector.count)).trimmingWhitespace() + "."
            break
        }
        if t.hasSuffix(".."), !t.hasSuffix("...") { t.removeLast() }
        return t
    }

    /// Words that leave a statement open once the example it gave in passing is gone ("… using, for example:").
    static let exampleTailDangles: Set<String> = ["to", "like", "as", "of", "for", "in", "into", "with", "by", "from", "on", "at", "via",
                                                  "using", "including", "such", "the", "a", "an", "and", "or", "is", "are", "be",
                                                  "look", "looks", "looked", "appear", "appears", "something"]

    /// Words a lead-in ends with when it only makes sense with what follows it ("… is equivalent to:",
    /// "… the message changes to:", "`printer.py` contains:").
    static let danglingEnds: Set<String> = ["to", "like", "as", "contains", "contain", "following", "follows", "below", "this", "these",
                                            "with", "by", "of", "for", "in", "into", "is", "are", "was", "were", "be", "becomes", "become",
                                            "changes", "looks", "look", "gives", "give", "produces", "produce", "outputs", "prints", "shows",
                                            "show", "returns", "yields", "says", "read", "reads", "using", "including", "via", "from",
                                            "on", "at", "through", "if", "when", "unless", "whether", "because", "where",
                                            // An instruction whose object is the example ("On Linux or macOS, run:").
                                            "run", "execute", "type", "enter", "do", "add", "install", "paste", "executing", "running",
                                            "invoking", "typing", "entering", "so", "form",
                                            // A lead-in whose list holds the rest of it ("… you should either:", "This means that:",
                                            // "… consider also:").
                                            "either", "that", "also", "or", "and", "both", "namely", "the", "a", "an"]

    /// A statement that introduced an example (or a list) which did not come with it: its last
    /// sentence is dropped when it cannot stand alone ("The generated items are equivalent to:");
    /// nil when nothing is left.
    static func withoutDanglingLeadIn(_ s: String) -> String? {
        let t = s.trimmingWhitespace()
        guard t.hasSuffix(":") else { return withoutForwardPointer(t) }
        let body = t.dropLast()
        // "… might block concurrent calls to read, e.g.:" — the sentence stands without the example it gave.
        let lowerBody = body.lowercased()
        // ("… by using an inner `class Meta`, like so:" stands without it too.)
        for tail in [", e.g.", " e.g.", ", e.g", ", for example", ", for instance", " for example", " for instance", ", like so",
                     ", like this"] where lowerBody.hasSuffix(tail) {
            let rest = String(body.dropLast(tail.count)).trimmingWhitespace()
            // What is left may dangle itself on a function word ("… performance using, for example:").
            let words = rest.split(separator: " ")
            if words.count >= 3 {
                let last = words.last!.lowercased().trimming(".,;()`")
                guard exampleTailDangles.contains(last) else { return rest + "." }
                // The sentence goes, as a dangling lead-in's does; what came before it stays.
                let sentences = SentenceSplitter.split(t)
                return sentences.count > 1 ? sentences.dropLast().joined(separator: " ") : nil
            }
        }
        // An example's caption ("Reads the contents of a file into a String (you can also use read):") says what the
        // example does; without it there is nothing to say.
        let sentencesOfLeadIn = SentenceSplitter.split(t)
        if sentencesOfLeadIn.count == 1, let first = body.split(separator: " ").first, first.first?.isUppercase == true,
           GuidanceClassifier.Words.describingVerbs.contains(first.lowercased()) || ["reads", "writes", "prints", "shows", "spawns",
                                                                                    "opens", "creates", "builds", "starts"].contains(first.lowercased()),
           !GuidanceClassifier().analyze(String(body)).signals.contains(where: { $0.strength >= 0.7 }) {
            return nil
        }
        let lastWord = body.split(whereSeparator: { $0 == " " || $0 == "`" }).last.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,;()")) } ?? ""
        guard danglingEnds.contains(lastWord) else { return withoutForwardPointer(t) }
        let sentences = SentenceSplitter.split(t)
        guard sentences.count > 1 else { return nil }
        return sentences.dropLast().joined(separator: " ")
    }

    /// A statement whose last sentence points at what follows it ("… both of the following hold.",
    /// "The following types are allowed for `view_rv`.", "The following example defines …") when
    /// what follows did not come with it: that sentence is dropped; nil when nothing is left.
    static func withoutForwardPointer(_ t: String) -> String? {
        let sentences = SentenceSplitter.split(t)
        guard let last = sentences.last else { return t }
        var words = last.lowercased().split(separator: " ").map { String($0).trimming(".,;:!") }
        // A sentence that insists stays, list or not ("The following methods must not be called from a signal
        // handler.", "… do not disable root login with any of the following commands!").
        let insists: Set<String> = ["must", "never", "should", "not", "cannot", "can't", "can’t", "avoid", "required", "don't", "don’t"]
        if words.contains(where: { insists.contains($0) }) { return t }
        // "… both of the following hold.", "… is as follows.", "… paste in the following code."
        let tail = words.suffix(3).joined(separator: " ")
        let pointsAtEnd = words.last == "following" || tail.hasSuffix("as follows") || tail.hasSuffix("shown below")
            || (words.count >= 2 && words[words.count - 2] == "following"
                && (["hold", "holds", "apply", "applies"].contains(words.last!) || shownThings.contains(words.last!)))
        // After the heading a rule may open with ("Define an instance: The following example …").
        if let colon = last.firstIndex(of: ":"), last[..<colon].split(separator: " ").count <= 8,
           last[last.index(after: colon)...].split(separator: " ").count >= 2 {
            words = last[last.index(after: colon)...].lowercased().split(separator: " ").map { String($0).trimming(".,;:!") }
        }
        // "Here is how sessions work.", "This is how it looks." — what they point at did not come.
        // "As in the example above, the output would go into `target/release-lto`." — about an example that did not come.
        let aboutExample = words.starts(with: ["as", "in", "the", "example", "above"]) || words.starts(with: ["as", "in", "the", "above", "example"])
            || words.starts(with: ["in", "the", "example", "above"]) || words.starts(with: ["in", "the", "above", "example"])
        // (The first words only, with a typographic apostrophe read as "'": "Here’s how …".)
        let folded = words.prefix(5).map { w in w.contains("\u{2019}") ? String(w.map { $0 == "\u{2019}" ? "'" : $0 }) : w }
        // "Here's an example C program, in a file called a.c, with a memory error and a memory leak." says what the
        // example holds, also when it is long (up to 25 words).
        let captionsExample = words.count <= 25 && (folded.starts(with: ["here", "is", "an", "example"]) || folded.starts(with: ["here's", "an", "example"]))
        let showsHow = aboutExample || captionsExample || words.count <= 10 && (folded.starts(with: ["here", "is", "how"])
            || folded.starts(with: ["here's", "how"]) || (words.count <= 6 && folded.starts(with: ["this", "is", "how"])))
        let narrates = showsHow || (words.starts(with: ["the", "following"]) && words.count > 2 && shownThings.contains(words[2]))
            || (words.count <= 12 && (words.starts(with: ["the", "following"]) || words.starts(with: ["in", "the", "following"])))
            // "Supports the following objects and types by default.": what it names is the table that did not come.
            || (words.count <= 10 && words.firstIndex(of: "following").map { $0 > 0 && words[$0 - 1] == "the" && $0 + 1 < words.count } == true)
        guard pointsAtEnd || narrates || isTeaser(last) else { return t }
        guard sentences.count > 1 else { return nil }
        return sentences.dropLast().joined(separator: " ")
    }

    /// A sentence that announces what comes next without saying it: "… can be wrong, for two reasons.", "If you do need
    /// to mutate through an Arc, you have several options.", "There are a few things going wrong here, let's see how
    /// they can be improved.", "… there are some extra things you may want/need to do."
    static func isTeaser(_ sentence: String) -> Bool {
        // What is announced and then told after a colon ("… for two reasons: safety and speed.") is told.
        if let colon = sentence.firstIndex(of: ":"), sentence[sentence.index(after: colon)...].contains(where: \.isLetter) { return false }
        // Most sentences name no quantity: one byte scan per word decides (this runs for every rule made).
        let lower = sentence.lowercased()
        let bytes = Array(lower.utf8)
        guard teaserQuantities.contains(where: { ByteSearch.contains(bytes, " \($0) ".utf8) }) else { return false }
        // A deprecation says what it says, whatever it announces ("This function is deprecated for several reasons.").
        guard !ByteSearch.contains(bytes, "deprecat".utf8) else { return false }
        let words = lower.split(separator: " ").map { String($0).trimming(".,;:!()") }
        guard words.count <= 30 else { return false }
        for k in words.indices.dropLast() where teaserQuantities.contains(words[k]) {
            // "a few things", "several options", "two reasons", "a couple of things", "some extra things"
            var n = k + 1
            if words[n] == "of", n + 1 < words.count { n += 1 }
            if n + 1 < words.count, ["extra", "more", "other", "different", "important"].contains(words[n]) { n += 1 }
            guard teaserNouns.contains(words[n]) else { continue }
            // Announced, not told: "there are a few things …" anywhere; "… you have several options." and "… for two
            // reasons." only where they end the sentence ("Prefer `bar()` for many cases." and "Timeouts are ignored in
            // some cases." say something).
            var q = k
            while q > 0, ["a", "the"].contains(words[q - 1]) { q -= 1 }
            let head = q > 0 ? words[q - 1] : ""
            if head == "are" || head == "is", q > 1, words[q - 2] == "there" { return true }
            let ends = n == words.count - 1
            if ends, head == "have" || head == "has" { return true }
            if ends, head == "for", words[n] == "reasons" { return true }
        }
        return false
    }

    static let teaserQuantities: Set<String> = ["two", "three", "four", "several", "few", "couple", "some", "various", "many"]
    static let teaserNouns: Set<String> = ["options", "ways", "things", "reasons", "caveats", "steps", "approaches", "choices",
                                           "alternatives", "possibilities", "cases", "rules", "pieces", "problems", "issues"]

    /// What a sentence shows the reader next ("the following command").
    static let shownThings: Set<String> = ["example", "examples", "code", "snippet", "command", "commands", "arguments", "lines", "line",
                                           "output", "results", "configuration", "steps"]

    static func isAnaphoric(_ s: String) -> Bool {
        var l = s.lowercased()
        // "But it doesn't …", "And they …": a conjunction before the pronoun still leans back.
        for conjunction in ["but ", "and ", "yet ", "so "] where l.hasPrefix(conjunction) {
            l = String(l.dropFirst(conjunction.count))
            break
        }
        return anaphora.contains(where: { l.hasPrefix($0) }) || pointingClauses.contains(where: { l.hasPrefix($0) })
    }

    /// Clauses that open a sentence by pointing at what the one before it said ("If that happens, …").
    static let pointingClauses = ["if that ", "if so,", "if not,", "when that ", "once that ", "after that,", "before that,",
                                  "because of that", "for that reason", "to do that", "to do so", "without that", "apart from that",
                                  "besides that", "despite this", "despite that", "even so,", "as such", "accordingly", "consequently",
                                  "instead,", "in this way", "in such a case", "in such cases", "in such situations", "in such a situation",
                                  "in these cases", "in those cases"]

    /// Whether a paragraph's first sentence leans on what came before it: it opens anaphorically,
    /// or a demonstrative sits among its first words ("To prevent this, …", "Lowering this value …").
    /// `entry`: the prose belongs to an API entry, so "this method" is the entry's API; outside one (a
    /// class description: "Method `getQueue()` allows … Use of this method for any other purpose is
    /// strongly discouraged.") it is the API the sentence before named.
    static func leansBack(_ s: String, entry: Bool = true) -> Bool {
        if isAnaphoric(s) { return true }
        // The first five words are in the first 80 characters of any sentence worth reading.
        let words = s.prefix(80).lowercased().split(separator: " ", maxSplits: 6).prefix(6).map { String($0).trimming(",.;:") }
        guard words.count > 1 else { return false }
        for k in 1..<min(5, words.count) where ["this", "these", "those"].contains(words[k]) {
            // "Call this method …", "Use this flag …" point at the API being described, not back.
            if entry, k + 1 < words.count, apiNouns.contains(words[k + 1]) { continue }
            return true
        }
        // A short statement whose object is a bare "this" ("The standard does not allow this.", "Never do this.") says
        // nothing without what it points at.
        let all = s.split(separator: " ")
        // (Not "… look like this:", which points at what follows.)
        if all.count <= 10, let last = all.last, last.hasSuffix(".") || last.hasSuffix("!"),
           ["this", "that"].contains(last.lowercased().trimming(".!")) { return true }
        return false
    }

    /// Whether a sentence refers to something named before it: it leans back, or a demonstrative
    /// anywhere in it names a thing, not the API or the page ("… is not older than this value.").
    static func refersBack(_ s: String, entry: Bool = true) -> Bool {
        if leansBack(s, entry: entry) { return true }
        let words = s.lowercased().split(separator: " ").map { String($0).trimming(",.;:()") }
        for k in words.indices.dropLast() where ["this", "these", "those"].contains(words[k]) {
            let noun = words[k + 1]
            if noun.count >= 3, noun.allSatisfy(\.isLetter), !apiNouns.contains(noun), !documentNouns.contains(noun) { return true }
        }
        return false
    }

    /// What "this …" names when it points at the documentation itself.
    static let documentNouns: Set<String> = ["example", "examples", "page", "pages", "section", "sections", "document", "documentation",
                                             "guide", "tutorial", "chapter", "article", "post", "way", "case", "point", "time", "book",
                                             "step", "steps", "code", "snippet", "listing", "file", "version", "release"]

    /// What "this …" names when it points at the API an entry describes.
    static let apiNouns: Set<String> = ["method", "methods", "function", "functions", "class", "classes", "type", "types", "trait", "struct",
                                        "enum", "constructor", "macro", "module", "package", "crate", "command", "option", "options", "flag",
                                        "flags", "setting", "settings", "parameter", "parameters", "argument", "arguments", "field", "property",
                                        "attribute", "variable", "directive", "hook", "component", "interface", "api", "endpoint", "call",
                                        "operation", "object", "instance", "decorator", "callback", "library", "extension", "plugin", "feature"]

    static func isConsequence(_ s: String) -> Bool {
        let l = s.lowercased()
        return consequences.contains(where: { l.hasPrefix($0) })
    }
}

/// Substring search on UTF-8 bytes (no Foundation, no Unicode comparison): for the hot paths that
/// look for ASCII phrases in lower-cased text.
enum ByteSearch {
    static func contains<C: Collection>(_ hay: [UInt8], _ needle: C) -> Bool where C.Element == UInt8 {
        let n = Array(needle)
        guard let first = n.first else { return true }
        guard n.count <= hay.count else { return false }
        var i = 0
        let last = hay.count - n.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n.count && hay[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }
}
