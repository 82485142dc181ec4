import Testing
@testable import Link
import RulesMakerCore

func rule(_ text: String, score: Double, url: String = "https://d.example/a.html", anchor: String? = "x") -> RuleCandidate {
    RuleCandidate(text: text, kind: .must, source: SourceRef(url: url, anchor: anchor, breadcrumb: ["A"]), score: score)
}

@Suite("Linker")
struct LinkerTests {
    @Test("a rule file's description names its APIs, not one- or two-letter variables")
    func descriptionSubjects() {
        var a = rule("`*p` must not be read before the write to `f` happens", score: 9)
        a.subjects = ["*p", "f", "sync.Once"]
        var b = rule("`go` statements start goroutines", score: 8)
        b.subjects = ["go", "sync.Mutex"]
        #expect(Linker.describe(title: "The Go Memory Model", siteName: "Go", rules: [a, b]) == "Go: The Go Memory Model (sync.Once, sync.Mutex)")
        // A title that opens with the site's name is not prefixed with it again; one that only starts with its letters is.
        #expect(Linker.describe(title: "PostgreSQL: Documentation: 18: SELECT", siteName: "PostgreSQL Documentation", rules: [])
                == "PostgreSQL: Documentation: 18: SELECT")
        #expect(Linker.describe(title: "Gotchas", siteName: "Go", rules: []) == "Go: Gotchas")
        // An example's host and port, page file or "example" name is no topic.
        #expect(!Linker.describesTopic("localhost:9000") && !Linker.describesTopic("index.html") && !Linker.describesTopic("example.com")
                && !Linker.describesTopic("example"))
        #expect(Linker.describesTopic("go.mod") && Linker.describesTopic("std::fs") && Linker.describesTopic("Session.commit"))
        // Long names: as many as fit in about 80 characters.
        var c = rule("`BrotliEncoderMaxCompressedSize()` is only valid if quality is at least 2", score: 9)
        c.subjects = ["BrotliEncoderMaxCompressedSize()", "BrotliEncoderCompressStream", "BROTLI_OPERATION_FLUSH", "BrotliEncoderTakeOutput()"]
        let d = Linker.describe(title: "encode.h File Reference", siteName: "brotli", rules: [c])
        #expect(d == "brotli: encode.h File Reference (BrotliEncoderMaxCompressedSize(), BrotliEncoderCompressStream)", "\(d)")
        // Most named first (a rule's own API twice); one name in several forms once; no literals, keywords, statements,
        // paths or quoted values.
        var e = rule("`isTerminated()`: Returns true if all tasks have completed.", score: 9)
        e.subjects = ["isTerminated()", "true", "with", "var = 20;", "/download/", "\"hello, world\"", "g != nil", "web"]
        var f = rule("Call `shutdown()` before `isTerminated` can return true.", score: 8)
        f.subjects = ["shutdown()", "isTerminated", "None"]
        var g = rule("`shutdown()` must be called once.", score: 7)
        g.subjects = ["shutdown()", "ExecutorService.shutdown()"]
        #expect(Linker.describe(title: "ExecutorService", siteName: "Java", rules: [e, f, g]) == "Java: ExecutorService (shutdown(), isTerminated())")
        // An overload named with several parameter types is named as a call in the list.
        var h = rule("`tryAcquire(long, TimeUnit)`: InterruptedException must be handled.", score: 9)
        h.subjects = ["tryAcquire(long, TimeUnit)", "validate(long)"]
        #expect(Linker.describe(title: "Semaphore", siteName: "Java", rules: [h]) == "Java: Semaphore (tryAcquire(), validate(long))")
        // A call with values is an example's call; no setting with its value, URL scheme or plural abbreviation.
        var k = rule("`HashMap`: Iterators are fail-fast.", score: 9)
        k.subjects = ["HashMap", "malloc(100)", "setPrevCount(count)", "stdout=PIPE", "APIs", "http://", "VG_(details_*)"]
        #expect(Linker.describe(title: "Maps", siteName: "Java", rules: [k])
                == "Java: Maps (HashMap, malloc(), setPrevCount(), VG_(details_*))", "\(Linker.describe(title: "Maps", siteName: "Java", rules: [k]))")
        // No example's placeholder or picture, expression fragment or command with a quoted value.
        var m = rule("`Client`: Use a client as a context manager.", score: 9)
        m.subjects = ["Client", "foo.png", "foobar/", ".stdout.read", "--features \"foo bar\"", "logo.svg", "tests.foo.test_view", ".gitignore"]
        #expect(Linker.describe(title: "Clients", siteName: "HTTPX", rules: [m]) == "HTTPX: Clients (Client, .gitignore)")
        // Real names that look like them stay: a lifetime, a word of a name, Python's zip.
        #expect(Linker.describesTopic("Cow<'a, B>") && Linker.describesTopic("progress_bar") && Linker.describesTopic("builtins.zip"))
        #expect(!Linker.describesTopic("open('data.csv')") && !Linker.describesTopic("os.environ['HOME']") && !Linker.describesTopic("spam.eggs"))
    }

    @Test("the page budget drops the weakest rules first and reports them")
    func budgetDropsWeakest() throws {
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
        let texts = words.map { "\($0) \($0)2 \($0)3 \($0)4 \($0)5 must be followed " + String(repeating: "x", count: 40) }
        let candidates = texts.enumerated().map { rule($0.element, score: Double($0.offset)) }
        var options = LinkOptions()
        options.maxStatementsPerItem = 1   // one rule an item: the budget alone decides
        let one = candidates[0].itemBytes
        options.maxRuleBytesPerPage = one * 4 + candidates[0].linkDefinitionBytes
        let set = Linker(options: options).link(candidates, name: "demo", pages: [PageInfo(url: "https://d.example/a.html", title: "A")], globs: [])
        let kept = set.topics.flatMap(\.rules)
        #expect(kept.map(\.score) == [9, 8, 7, 6])
        let dropped = try #require(set.dropped.first)
        #expect(dropped.count == 6)
        #expect(dropped.budget == "page")
        #expect(dropped.rules.map(\.score) == [0, 1, 2, 3, 4, 5])
        #expect(dropped.bytes == dropped.rules.reduce(0) { $0 + $1.itemBytes })
        // Whole rules only: nothing is truncated.
        #expect(kept.allSatisfy { texts.contains($0.text) })
    }

    @Test("the budget is spread over sections: a long section does not take it all")
    func sectionDiversity() {
        func r(_ text: String, _ score: Double, _ section: String) -> RuleCandidate {
            RuleCandidate(text: text, kind: .must, source: SourceRef(url: "https://d.example/a.html", anchor: section,
                                                                     breadcrumb: ["Page", section]), score: score)
        }
        let rules = [r("alpha one must hold here", 10, "A"), r("bravo two must hold here", 9.8, "A"), r("charlie three must hold", 9.6, "A"),
                     r("delta four must hold here", 9.5, "B")]
        var options = LinkOptions()
        options.maxStatementsPerItem = 1   // one rule an item: the budget alone decides
        options.maxRuleBytesPerPage = rules[0].itemBytes + rules[3].itemBytes + 2 * rules[0].linkDefinitionBytes
        options.redundancyPenalty = 0   // the rules share "hold here": weigh sections alone
        options.sectionPenalty = 1
        let spread = Linker(options: options).link(rules, name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.score)
        #expect(Set(spread) == [10, 9.5])
        options.sectionPenalty = 0
        let byScore = Linker(options: options).link(rules, name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.score)
        #expect(Set(byScore) == [10, 9.8])
    }

    @Test("a second telling of a kept rule yields its place to a statement not yet made")
    func redundancyYields() {
        let kept = rule("Call `Pool.dispose()` after fork so that the child process never shares pooled connections", score: 10)
        let retold = rule("After a fork the child process must call `Pool.dispose()`: pooled connections are never shared", score: 9.5)
        let other = rule("Set `pool_recycle` so that connections idle past the server timeout are replaced", score: 9)
        var options = LinkOptions()
        options.maxStatementsPerItem = 1   // one rule an item: the budget alone decides
        options.sectionPenalty = 0
        options.maxRuleBytesPerPage = kept.itemBytes + max(retold.itemBytes, other.itemBytes) + kept.linkDefinitionBytes
        let set = Linker(options: options).link([kept, retold, other], name: "d", pages: [], globs: [])
        #expect(set.topics.flatMap(\.rules).map(\.score) == [10, 9])
        #expect(set.dropped.first?.rules.map(\.score) == [9.5])
        // Without the penalty the score order alone decides.
        options.redundancyPenalty = 0
        let byScore = Linker(options: options).link([kept, retold, other], name: "d", pages: [], globs: [])
        #expect(byScore.topics.flatMap(\.rules).map(\.score) == [10, 9.5])
    }

    @Test("rules of one API entry are one item: the name once, reading order, the strongest rule's kind and score")
    func entryItems() throws {
        func entryRule(_ text: String, _ score: Double, _ subject: String = "SECRET_KEY", anchor: String? = "SECRET_KEY") -> RuleCandidate {
            var r = rule(text, score: score, anchor: anchor)
            r.subjects = [subject]
            return r
        }
        let describe = entryRule("`SECRET_KEY`: A secret key used for signing the session cookie.", 9)
        var reveal = entryRule("`SECRET_KEY`: Do not reveal the secret key when posting questions.", 9.4)
        reveal.kind = .never
        let other = entryRule("`DEBUG`: Do not enable debug mode when deploying in production.", 9.2, "DEBUG", anchor: "DEBUG")
        var options = LinkOptions()
        options.sectionPenalty = 0
        options.redundancyPenalty = 0
        // Room for the three as two items (the second statement of the entry costs only its words), not as three.
        let joinedBytes = describe.itemBytes + (reveal.text.utf8.count - "`SECRET_KEY`: ".utf8.count + 1)
        options.maxRuleBytesPerPage = joinedBytes + other.itemBytes + describe.linkDefinitionBytes + other.linkDefinitionBytes
        #expect(options.maxRuleBytesPerPage < describe.itemBytes + reveal.itemBytes + other.itemBytes + describe.linkDefinitionBytes + other.linkDefinitionBytes)
        // Extraction order: the description comes first on the page.
        let set = Linker(options: options).link([describe, reveal, other], name: "d", pages: [], globs: [])
        let rules = set.topics.flatMap(\.rules)
        #expect(rules.count == 2 && set.dropped.isEmpty, "\(rules.map(\.text)) dropped \(set.dropped)")
        let entry = try #require(rules.first { $0.subjects.first == "SECRET_KEY" })
        #expect(entry.text == "`SECRET_KEY`: A secret key used for signing the session cookie. Do not reveal the secret key when posting questions.")
        #expect(entry.kind == .never && entry.score == 9.4)
        // One rule an item when turned off: the budget no longer holds all three.
        options.maxStatementsPerItem = 1
        let apart = Linker(options: options).link([describe, reveal, other], name: "d", pages: [], globs: [])
        #expect(apart.topics.flatMap(\.rules).count == 2 && apart.dropped.first?.rules.map(\.score) == [9])
        // The name a rule opens with, with or without backticks; the label the writer would give it.
        #expect(Linker.namePrefix(entryRule("ENV: Do not enable development in production.", 1, "ENV", anchor: "ENV")) == "ENV: ")
        #expect(Linker.namePrefix(entryRule("Do not reveal `SECRET_KEY`.", 1)) == nil)
        var boxed = reveal
        boxed.kind = .warning
        boxed.inCallout = true
        #expect(Linker.itemLabel(boxed) == "warning" && Linker.itemLabel(reveal) == "")
        // A rule of the entry that points back at the text before it joins only that text, not the entry's item.
        options.maxRuleBytesPerPage = 10_000
        options.maxStatementsPerItem = 3
        let literal = entryRule("`args()`: The arguments are not passed through a shell.", 9, "args()", anchor: "method.args")
        let between = rule("Some applications such as cmd.exe decode arguments their own way.", score: 1, anchor: "z")
        let they = entryRule("`args()`: They are therefore vulnerable to malicious input.", 8, "args()", anchor: "method.args")
        let split = Linker(options: options).link([literal, between, they], name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.text)
        #expect(!split.contains { $0.contains("shell. They are therefore") }, "\(split)")
        #expect(Linker.pointsBack("`args()`: They are therefore vulnerable.") && !Linker.pointsBack("`args()`: The arguments are literal."))
        // … also when the text between them went (merged into a stronger copy later on the page) and the rule before
        // would join the back-pointing one's item.
        let copy = rule("Some applications such as cmd.exe decode arguments their own way.", score: 1, anchor: "method.args")
        let strongThey = entryRule("`args()`: They are therefore vulnerable to malicious input.", 9.5, "args()", anchor: "method.args")
        let later = rule("Some applications such as cmd.exe decode arguments their own way.", score: 2, anchor: "z")
        let merged = Linker(options: options).link([literal, copy, strongThey, later], name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.text)
        #expect(!merged.contains { $0.contains("shell. They are therefore") }, "\(merged)")
    }

    @Test("kept rules next to each other under one link are one item; an example, a label or a gap keeps them apart")
    func passageItems() throws {
        // Extraction order is page order: a, b, c, d are neighbours; e has an example; f is labelled; g is elsewhere.
        let a = rule("Close the pool before the process forks.", score: 9)
        let b = rule("A child process must not use the parent's connections.", score: 8)
        let c = rule("Filler that says little about anything at all here.", score: 1)
        let d = rule("Dispose of the engine in the child.", score: 7)
        var e = rule("Call dispose like this:", score: 6.5)
        e.example = CodeExample(language: "python", code: "engine.dispose()")
        var f = rule("The pool is not thread-safe across processes.", score: 6.4)
        f.kind = .warning
        f.inCallout = true
        let g = rule("Another section's statement that stays apart.", score: 6.2, anchor: "y")
        var options = LinkOptions()
        options.sectionPenalty = 0
        options.redundancyPenalty = 0
        options.maxRuleBytesPerPage = 10_000
        let all = [a, b, c, d, e, f, g]
        func texts(_ set: RuleSet) -> [String] { set.topics.flatMap(\.rules).map(\.text) }
        // c is weak but kept (the budget is large): a, b and c are one item (three statements), d starts the next.
        let joined = texts(Linker(options: options).link(all, name: "d", pages: [], globs: []))
        #expect(joined.contains("\(a.text) \(b.text) \(c.text)"), "\(joined)")
        // A bare version marker after them dates the item without taking one of its three statements.
        var since = rule("Since 1.8.", score: 0.5)
        since.kind = .version
        let dated = texts(Linker(options: options).link([a, b, c, since, d], name: "d", pages: [], globs: []))
        #expect(dated.contains("\(a.text) \(b.text) \(c.text) \(since.text)"), "\(dated)")
        var longer = rule("Since 1.8 the pool checks connections out in LIFO order.", score: 0.5)
        longer.kind = .version
        #expect(!texts(Linker(options: options).link([a, b, c, longer], name: "d", pages: [], globs: [])).contains { $0.hasSuffix(longer.text) && $0 != longer.text })
        #expect(joined.contains { $0.hasPrefix(d.text) } && joined.contains(e.text) && joined.contains(g.text), "\(joined)")
        #expect(!joined.contains { $0.contains(f.text) && $0 != f.text }, "\(joined)")
        // A candidate between two kept rules that is itself dropped (too large for what is left) parts them.
        let big = rule(String(repeating: "A long statement that will not fit here. ", count: 12), score: 7.5)
        options.maxRuleBytesPerPage = a.itemBytes + b.text.utf8.count + 1 + d.itemBytes + a.linkDefinitionBytes
        let gap = texts(Linker(options: options).link([a, b, big, d], name: "d", pages: [], globs: []))
        #expect(gap == ["\(a.text) \(b.text)", d.text], "\(gap)")
        // A rule that opens with another name does not join; nor do rules under a whole page's link or table rows.
        var from = rule("`from()`: This is equivalent to `Mutex::new`.", score: 8)
        from.subjects = ["from()"]
        let creates = rule("Creates a new mutex in an unlocked state.", score: 9)
        let pageWide = [rule("Close the pool before forking.", score: 9, anchor: nil), rule("Dispose of it in the child.", score: 8, anchor: nil)]
        let rows = [rule("count number | mutually exclusive with `for_each`", score: 9), rule("for_each map | mutually exclusive with count", score: 8)]
        var first = rule("Use a timeout on every request.", score: 9), second = rule("Retry idempotent requests only.", score: 8)
        first.passage = 1
        second.passage = 2
        // Two sections of a page whose headings have no anchors share its one link: their rules stay apart.
        var signals = rule("The process ID of the master process is written to `nginx.pid`.", score: 9)
        var structure = rule("Directives are divided into simple directives and block directives.", score: 8)
        signals.source.breadcrumb = ["Beginner's Guide", "Starting, Stopping, and Reloading Configuration"]
        structure.source.breadcrumb = ["Beginner's Guide", "Configuration File's Structure"]
        for pair in [[creates, from], pageWide, rows, [first, second], [signals, structure]] {
            #expect(texts(Linker(options: options).link(pair, name: "d", pages: [], globs: [])).count == 2, "\(pair.map(\.text))")
        }
        // A name is dropped only where the text before it is about that name.
        func named(_ text: String, _ name: String) -> RuleCandidate { var r = rule(text, score: 1); r.subjects = [name]; return r }
        let item = Linker.itemText([named("`open()`: Opens it.", "open()"), rule("It may block.", score: 1), named("`open()`: Never twice.", "open()"),
                                    named("`close()`: Closes it.", "close()"), named("`open()`: Not after close.", "open()")])
        #expect(item == "`open()`: Opens it. It may block. Never twice. `close()`: Closes it. `open()`: Not after close.")
        // A statement without a full stop is closed before the next one.
        #expect(Linker.itemText([rule("Throws NullPointerException - if tasks is null", score: 1), rule("Throws IllegalArgumentException - if tasks is empty", score: 1)])
                == "Throws NullPointerException - if tasks is null. Throws IllegalArgumentException - if tasks is empty")
        #expect(Linker.leadLabel("`--ws-max-queue <int>` - Set the maximum length.") == "`--ws-max-queue <int>` - ")
        #expect(Linker.leadLabel("`lt()`, `le()`: Panics if borrowed.") == "`lt()`, `le()`: ")
        #expect(Linker.leadLabel("Default: None") == "Default: ")
        #expect(Linker.leadLabel("Note that the pool, once closed: cannot reopen.") == nil)
        #expect(Linker.leadLabel("Call `close()` when done.") == nil)
        #expect(Linker.leadLabel("`timeout: float`: Seconds to wait.") == "`timeout: float`: ")
        #expect(Linker.leadLabel("`--server-header` / `--no-server-header` - Enable the header.") == "`--server-header` / `--no-server-header` - ")
        #expect(Linker.leadLabel("color – whether the output should contain color codes.") == "color – ")
        #expect(Linker.leadLabel("Use it well - or not at all.") == nil)
        #expect(Linker.isTableRow("Property: rollbackForClassName; Type: Array of exception name patterns.; Description: Optional."))
        #expect(Linker.isTableRow("events list | required to invoke an action"))
        #expect(!Linker.isTableRow("Note: the pool is shared; Close it when done."))
    }

    @Test("content words: names with dots are one word; numbers and function words are none")
    func contentWords() {
        #expect(Linker.contentWords("Call `Session.commit()` at the end, not 3600 times.") == ["call", "session.commit", "end", "times"])
        #expect(Linker.contentWords("Überprüfe die Größe.") == ["überprüfe", "die", "größe"])
        // Decomposed text: a combining mark stays with its letter.
        #expect(Linker.contentWords("U\u{0308}berpru\u{0308}fe den Wert.") == ["überprüfe", "den", "wert"])
    }

    @Test("the room a page's budget leaves goes to the longer examples of kept rules, strongest first, each whole")
    func longExamplesFillRoom() throws {
        func withExample(_ text: String, _ score: Double, lead: String?, lines: Int) -> RuleCandidate {
            var r = rule(text, score: score, anchor: "s\(score)")
            r.longExample = LongExample(lead: lead, example: CodeExample(language: "rust", code: (1...lines).map { "let a\($0) = \($0);" }.joined(separator: "\n")))
            return r
        }
        let strong = withExample("Never share the pool across processes.", 9, lead: "A correct program looks like this:", lines: 20)
        let weak = withExample("You should close the pool when done.", 5, lead: nil, lines: 20)
        let plain = rule("You must set a timeout on every request.", score: 7, anchor: "t")
        var options = LinkOptions()
        options.maxRuleBytesPerPage = 700   // the three rules and one example
        let set = Linker(options: options).link([weak, plain, strong], name: "t", pages: [], globs: [])
        let rules = set.topics.flatMap(\.rules)
        #expect(rules.count == 3)
        let first = try #require(rules.first { $0.text.hasPrefix("Never share") })
        #expect(first.text == "Never share the pool across processes. A correct program looks like this:")
        #expect(first.example?.code.hasPrefix("let a1 = 1;") == true)
        // No room for the second: its rule stays as it was, and nothing of an example not attached is left on any rule.
        let second = try #require(rules.first { $0.text.hasPrefix("You should close") })
        #expect(second.example == nil && second.text == "You should close the pool when done.")
        #expect(rules.allSatisfy { $0.longExample == nil })
        #expect(set.dropped.isEmpty)
        // A page whose budget the rules fill keeps them as they are.
        options.maxRuleBytesPerPage = 200
        let full = Linker(options: options).link([weak, plain, strong], name: "t", pages: [], globs: [])
        #expect(full.topics.flatMap(\.rules).allSatisfy { $0.example == nil && $0.longExample == nil })
        #expect(full.dropped.flatMap(\.rules).allSatisfy { $0.longExample == nil })
        // The total budget chooses its rules first: an example takes only the room it leaves.
        var a = withExample("Never share the pool across processes.", 9, lead: nil, lines: 30)
        a.source = SourceRef(url: "https://d.example/a.html", anchor: "s9", breadcrumb: ["A"])
        let b = rule("You must set a timeout on every request.", score: 5, url: "https://d.example/b.html", anchor: "t")
        var total = LinkOptions()
        total.maxRuleBytesTotal = 250
        let both = Linker(options: total).link([a, b], name: "t", pages: [], globs: [])
        #expect(both.topics.flatMap(\.rules).count == 2 && both.dropped.isEmpty)
        #expect(both.topics.flatMap(\.rules).allSatisfy { $0.example == nil })
        // A colon that became a full stop comes back with the example ("… like this:").
        var colon = rule("You must configure the pool like this.", score: 9, anchor: "c")
        colon.longExample = LongExample(colon: true, example: CodeExample(language: "python", code: "pool = Pool()\npool.start()"))
        #expect(Linker().link([colon], name: "t", pages: [], globs: []).topics.first?.rules.first?.text == "You must configure the pool like this:")
        // Turned off.
        options.maxRuleBytesPerPage = 700
        options.longExamples = false
        #expect(Linker(options: options).link([weak, plain, strong], name: "t", pages: [], globs: []).topics.flatMap(\.rules).allSatisfy { $0.example == nil })
    }

    @Test("a rule too large for what is left is skipped; smaller weaker ones still fit")
    func skipsTooLarge() {
        var options = LinkOptions()
        options.sectionPenalty = 0
        let big = rule("first rule must hold", score: 9)
        let huge = rule(String(repeating: "huge words here ", count: 30), score: 8)
        let small = rule("small rule must hold", score: 7)
        options.maxRuleBytesPerPage = big.itemBytes + small.itemBytes + big.linkDefinitionBytes
        let set = Linker(options: options).link([big, huge, small], name: "d", pages: [], globs: [])
        #expect(set.topics.flatMap(\.rules).map(\.score) == [9, 7])
        #expect(set.dropped.first?.rules.map(\.score) == [8])
    }

    @Test("the strongest rule is kept even when it alone exceeds the budget")
    func strongestAlwaysKept() {
        var options = LinkOptions()
        options.maxRuleBytesPerPage = 200
        let set = Linker(options: options).link([rule(String(repeating: "long ", count: 100), score: 5), rule("short rule here", score: 1)],
                                                name: "d", pages: [], globs: [])
        #expect(set.topics.flatMap(\.rules).map(\.score) == [5])
        #expect(set.dropped.first?.count == 1)
    }

    @Test("a page whose strongest statement is under the guidance floor gives no rules, and says so")
    func guidanceFloor() throws {
        var options = LinkOptions()
        options.maxStatementsPerItem = 1   // one rule an item
        let overview = [rule("The service ships workflow templates for many languages.", score: 2.5, url: "https://d.example/intro.html"),
                        rule("Many tasks can be automated with a workflow.", score: 4.2, url: "https://d.example/intro.html")]
        let guide = [rule("Never store secrets in the workflow file itself.", score: 9, url: "https://d.example/secrets.html"),
                     rule("Secrets are masked in the logs of a run.", score: 2.5, url: "https://d.example/secrets.html")]
        // Off by default: every page keeps its rules.
        #expect(Linker(options: options).link(overview + guide, name: "d", pages: [], globs: []).ruleCount == 4)
        options.minimumPageScore = 5
        let set = Linker(options: options).link(overview + guide, name: "d", pages: [], globs: [])
        #expect(Set(set.topics.flatMap(\.rules).map(\.text)) == Set(guide.map(\.text)), "\(set.topics.flatMap(\.rules).map(\.text))")
        let floor = try #require(set.dropped.first { $0.budget == "guidance" })
        #expect(floor.topic == "https://d.example/intro.html" && floor.count == 2 && floor.rules.map(\.score) == [2.5, 4.2])
    }

    @Test("a total budget drops the weakest rules across pages")
    func totalBudget() throws {
        var options = LinkOptions()
        options.maxStatementsPerItem = 1   // one rule an item: the budget alone decides
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
        let make = { (i: Int, url: String) in rule("\(words[i]) \(words[i])2 \(words[i])3 \(words[i])4 must hold", score: Double(i), url: url) }
        let a = [0, 2, 4].map { make($0, "https://d.example/a.html") }
        let b = [1, 3, 5].map { make($0, "https://d.example/b.html") }
        let top = (a + b).filter { $0.score >= 3 }
        options.maxRuleBytesTotal = top.reduce(0) { $0 + $1.itemBytes } + a[0].linkDefinitionBytes + b[0].linkDefinitionBytes
        let set = Linker(options: options).link(a + b, name: "d", pages: [], globs: [])
        #expect(Set(set.topics.flatMap(\.rules).map(\.score)) == [5, 4, 3])
        let total = try #require(set.dropped.first { $0.budget == "total" })
        #expect(total.rules.map(\.score) == [0, 1, 2])
    }

    @Test("near-duplicates on one page merge into the stronger; subjects are united")
    func nearDuplicates() {
        var weak = rule("You must close the session when the request is done.", score: 1)
        weak.subjects = ["Session"]
        var strong = rule("You must close the session when the request is done!", score: 3)
        strong.subjects = ["close()"]
        let other = rule("Never share a connection across processes.", score: 2, anchor: "elsewhere")
        let set = Linker().link([weak, strong, other], name: "d", pages: [], globs: [])
        let rules = set.topics.flatMap(\.rules)
        #expect(rules.count == 2)
        #expect(rules.first?.score == 3)
        #expect(Set(rules.first?.subjects ?? []) == ["Session", "close()"])
    }

    @Test("near-duplicates about different APIs stay apart; one statement made of several APIs names them all")
    func nearDuplicatesOfSeveralAPIs() throws {
        func named(_ name: String, _ text: String, _ score: Double, anchor: String) -> RuleCandidate {
            var r = rule("`\(name)`: " + text, score: score, anchor: anchor)
            r.subjects = [name]
            return r
        }
        let panics = "Panics if the value in either RefCell is currently mutably borrowed."
        let copies = ["eq()", "lt()", "le()", "gt()", "ge()"].enumerated().map { named($0.element, panics, 5 - Double($0.offset) * 0.1, anchor: $0.element) }
        let readUB = named("assume_init_read()", "Calling this when the content is not yet fully initialized causes undefined behavior.", 4, anchor: "read")
        let refUB = named("assume_init_ref()", "Calling this when the content is not yet fully initialized causes immediate undefined behavior.", 4.5, anchor: "ref")
        var options = LinkOptions()
        options.maxStatementsPerItem = 1
        let texts = Linker(options: options).link(copies + [readUB, refUB], name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.text)
        #expect(texts.contains("`eq()`, `lt()`, `le()`, `gt()`: " + panics), "\(texts)")
        #expect(texts.contains("`ge()`: " + panics), "\(texts)")
        #expect(texts.contains(readUB.text) && texts.contains(refUB.text), "\(texts)")
    }

    @Test("one statement made of more APIs than one rule names says nothing new the second time: the budget goes to another")
    func sameStatementOfOtherAPIs() throws {
        func named(_ name: String, _ score: Double) -> RuleCandidate {
            var r = rule("`\(name)`: This is a nightly-only experimental API.", score: score, anchor: name)
            r.subjects = [name]
            return r
        }
        let copies = ["chroot()", "setsid()", "groups()", "uid()", "gid()", "pgroup()", "process_group()", "create_pidfd()"].enumerated().map { named($0.element, 5 - Double($0.offset) * 0.01) }
        let other = rule("The argument is not passed through a shell, but given literally to the program.", score: 4, anchor: "arg")
        var options = LinkOptions()
        options.maxStatementsPerItem = 1
        options.sectionPenalty = 0
        let linked = Linker(options: options).link(copies + [other], name: "d", pages: [], globs: [])
        let groups = linked.topics.flatMap(\.rules).filter { $0.text.contains("nightly") }
        let rest = try #require(groups.first.flatMap { Linker.statementAfterNames($0.text) })
        #expect(rest == "This is a nightly-only experimental API.")
        // Room for two of the three rules: the first four names and the other statement, not the four other names (their
        // words are half names, so the words alone do not show that they say it again).
        options.maxRuleBytesPerPage = groups[0].itemBytes + other.itemBytes + 3 * other.linkDefinitionBytes
        let texts = Linker(options: options).link(copies + [other], name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.text)
        #expect(texts.count == 2 && texts.contains(other.text), "\(texts)")
        #expect(Linker.statementAfterNames("`a()`, `b()`: Panics if empty.") == "Panics if empty.")
        // One sentence with a few words changed at one place is the same statement made of other values.
        func words(_ s: String) -> [Substring] { s.split(separator: " ") }
        #expect(Linker.sameTemplate(words("This option is only valid for push and save commands."),
                                    words("This option is only valid for pop and apply commands.")))
        #expect(!Linker.sameTemplate(words("Defaults to 10."), words("Defaults to 20.")))
        #expect(!Linker.sameTemplate(words("Must be called on the main thread of the app."), words("Must not be called on the main thread of the app.")))
        func option(_ name: String, _ commands: String, _ score: Double) -> RuleCandidate {
            var r = rule("`\(name)`: This option is only valid for \(commands) commands.", score: score, anchor: name)
            r.subjects = [name]
            return r
        }
        let staged = option("--staged", "push and save", 5), index = option("--index", "pop and apply", 4.9)
        let weaker = rule("The argument is not passed through a shell, but given literally to the program.", score: 3.5, anchor: "arg")
        options.maxRuleBytesPerPage = staged.itemBytes + weaker.itemBytes + 3 * weaker.linkDefinitionBytes
        let family = Linker(options: options).link([staged, index, weaker], name: "d", pages: [], globs: []).topics.flatMap(\.rules).map(\.text)
        #expect(family.contains(staged.text) && family.contains(weaker.text), "\(family)")
        #expect(!Linker.sameTemplate(words("The pool must be disposed after a fork."),
                                     words("The session must not be shared between threads at all.")))
        #expect(Linker.statementAfterNames("`a()` panics if empty.") == nil)
        #expect(Linker.statementAfterNames("Panics if `a()` is empty.") == nil)
    }

    @Test("a rule a longer rule of the same page already says is dropped, whatever its section; other pages and other APIs keep theirs")
    func containedRules() {
        let long = rule("You can't use the source argument and the content argument in the same block. Use one of them.", score: 5, anchor: "file")
        let short = rule("You can't use the source argument and the content argument in the same block.", score: 2, anchor: "content")
        let samePage = Linker().link([long, short], name: "d", pages: [], globs: []).topics.flatMap(\.rules)
        #expect(samePage.map(\.source.anchor) == ["file"])
        // A weaker rule of another section that says it under a condition does not replace it.
        let strong = rule("You must not run the server as root.", score: 9, anchor: "danger")
        let conditional = rule("For quick local experiments in a lab on shared machines that nobody else uses, you must not run the server as root unless told.",
                               score: 4, anchor: "lab")
        let both = Linker().link([strong, conditional], name: "d", pages: [], globs: []).topics.flatMap(\.rules)
        #expect(both.contains { $0.source.anchor == "danger" }, "\(both.map(\.text))")
        var elsewhere = short
        elsewhere.source = SourceRef(url: "https://d.example/b.html", anchor: "content", breadcrumb: ["B"])
        let twoPages = Linker().link([long, elsewhere], name: "d", pages: [], globs: []).topics.flatMap(\.rules)
        #expect(twoPages.count == 2)
        let apiA = rule("`replace()`: Panics if the value is currently borrowed.", score: 4, anchor: "replace")
        let apiB = rule("`borrow_mut()`: Panics if the value is currently borrowed. For a non-panicking variant, use `try_borrow_mut`.", score: 4, anchor: "borrow_mut")
        #expect(Linker().link([apiA, apiB], name: "d", pages: [], globs: []).topics.flatMap(\.rules).count == 2)
    }

    @Test("boilerplate repeated on many pages is dropped")
    func boilerplate() {
        let pages = (0..<3).map { "https://d.example/p\($0).html" }
        let candidates = pages.map { rule("You must accept the cookie policy to continue.", score: 9, url: $0) }
            + [rule("Close the pool before forking.", score: 1, url: pages[0])]
        let set = Linker().link(candidates, name: "d", pages: pages.map { PageInfo(url: $0, title: "P") }, globs: [])
        #expect(set.topics.flatMap(\.rules).map(\.text) == ["Close the pool before forking."])
    }

    @Test("a rule naming an API that many pages repeat word for word is kept once, not dropped as boilerplate")
    func sharedApiDocumentation() {
        let pages = (0..<4).map { "https://d.example/atomic/struct.Atomic\($0).html" }
        let candidates = pages.map { url -> RuleCandidate in
            var r = rule("`as_ptr()`: Doing non-atomic reads and writes on the resulting integer can be a data race.", score: 9, url: url)
            r.subjects = ["as_ptr()"]
            return r
        }
        let set = Linker().link(candidates, name: "d", pages: pages.map { PageInfo(url: $0, title: "P") }, globs: [])
        let kept = set.topics.flatMap(\.rules)
        #expect(kept.count == 1)
        #expect(kept.first?.source.url == pages[0])
    }

    @Test("one text generated per type on several pages is one rule; other calls and other words stay apart")
    func templateCopies() {
        let types = ["AtomicI8", "AtomicI16", "AtomicU32", "AtomicU64"]
        let pages = types.map { "https://d.example/atomic/struct.\($0).html" }
        var candidates = zip(types, pages).map { type, url in
            rule("`from_ptr()`: ptr must be aligned to `align_of::<\(type)>()` on every platform.", score: 8, url: url)
        }
        // On pages of their own (rules of one page that say nearly the same merge anyway).
        let other = "https://d.example/atomic/struct.AtomicPtr.html", another = "https://d.example/atomic/struct.AtomicBool.html"
        candidates.append(rule("`into_inner()`: ptr must be aligned to `align_of::<AtomicPtr>()` on every platform.", score: 8, url: other))
        candidates.append(rule("`from_ptr()`: ptr must be valid for reads on every platform and thread.", score: 7, url: another))
        let set = Linker().link(candidates, name: "d", pages: (pages + [other, another]).map { PageInfo(url: $0, title: "P") }, globs: [])
        let texts = set.topics.flatMap(\.rules).map(\.text)
        // The first page by URL keeps its copy.
        #expect(texts.filter { $0.hasPrefix("`from_ptr()`: ptr must be aligned") } == ["`from_ptr()`: ptr must be aligned to `align_of::<AtomicI16>()` on every platform."],
                "\(texts)")
        #expect(texts.contains { $0.hasPrefix("`into_inner()`") })
        #expect(texts.contains("`from_ptr()`: ptr must be valid for reads on every platform and thread."))
    }

    @Test("rules that only read alike are no per-type copies: other settings, other numbers")
    func notTemplateCopies() {
        let a = rule("The `max_connections` setting must be at least 10 and at most 100 in production.", score: 8, url: "https://d.example/cfg/a.html")
        let b = rule("The `pool_size` setting must be at least 1 and at most 50 in production.", score: 8, url: "https://d.example/cfg/b.html")
        let c = rule("`timeout()`: the value must be at least 10 seconds on every platform.", score: 8, url: "https://d.example/cfg/c.html")
        let d = rule("`timeout()`: the value must be at least 5 seconds on every platform.", score: 8, url: "https://d.example/cfg/d.html")
        let pages = [a, b, c, d].map { PageInfo(url: $0.source.url, title: "P") }
        let texts = Linker().link([a, b, c, d], name: "d", pages: pages, globs: []).topics.flatMap(\.rules).map(\.text)
        #expect(texts.count == 4, "\(texts)")
    }

    @Test("rules sharing a source link pay for the link once")
    func sharedLinks() {
        let rules = ["alpha", "bravo", "charlie"].enumerated().map { rule("\($1) \($1)2 \($1)3 must be followed by everyone", score: Double($0)) }
        var options = LinkOptions()
        options.maxStatementsPerItem = 1   // one rule an item: the budget alone decides
        options.maxRuleBytesPerPage = rules.reduce(0) { $0 + $1.itemBytes } + rules[0].linkDefinitionBytes
        let set = Linker(options: options).link(rules, name: "d", pages: [], globs: [])
        #expect(set.topics.flatMap(\.rules).count == 3)
        #expect(set.dropped.isEmpty)
    }
}

@Suite struct CandidateCapTests {
    @Test("only a page's strongest rules are weighed; the rest are reported dropped, weakest first, and the kept rules are the same")
    func strongestPerPage() {
        let rules = (0..<50).map { n in
            RuleCandidate(text: "`api\(n)()` must be called before `setup\(n)()`, or `teardown\(n)()` fails with `Error\(n)`.", kind: .must,
                          source: SourceRef(url: "https://d.example/all.html", anchor: "a\(n)", breadcrumb: []), score: Double(n))
        }
        let full = Linker().link(rules, name: "Docs", pages: [PageInfo(url: "https://d.example/all.html", title: "All")], globs: [])
        let keptInFull = full.topics.flatMap(\.rules).count
        #expect(keptInFull > 5 && keptInFull < 45, "\(keptInFull)")
        // A cap above what the budget holds changes nothing kept; what it leaves out is reported with the rest.
        var capped = LinkOptions()
        capped.maxCandidatesPerPage = keptInFull + 2
        let small = Linker(options: capped).link(rules, name: "Docs", pages: [PageInfo(url: "https://d.example/all.html", title: "All")], globs: [])
        #expect(full.topics.flatMap(\.rules).map(\.text) == small.topics.flatMap(\.rules).map(\.text))
        let dropped = small.dropped.flatMap(\.rules)
        #expect(dropped.count == full.dropped.flatMap(\.rules).count && dropped.count > 2, "\(dropped.count)")
        #expect(dropped.first?.score == 0, "weakest first")
    }
}
