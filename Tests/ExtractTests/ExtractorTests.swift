import Foundation
import Testing
@testable import Extract
import Chunk
import Parse
import RulesMakerCore

/// Builds one chunk from IR blocks.
func chunk(_ blocks: [ContentBlock], url: String = "https://docs.example.com/page.html") -> Chunk {
    Chunk(id: "c", source: SourceRef(url: url, anchor: "top", breadcrumb: ["Page"]), pageTitle: "Page", blocks: blocks, tokens: 100)
}

func para(_ text: String) -> ContentBlock { .paragraph([.text(text)]) }

@Suite("Heuristic extractor")
struct ExtractorTests {
    let extractor = HeuristicExtractor()

    @Test("warning-like admonitions keep every sentence; notes are weighed")
    func admonitions() {
        let rules = extractor.extract([chunk([
            .admonition(kind: .warning, title: "Warning", blocks: [para("Checked-out connections stay open after this call.")]),
            .admonition(kind: .note, title: "Note", blocks: [para("The pool was written in a weekend by two people.")]),
            .admonition(kind: .note, title: "Note", blocks: [para("Note that you should call close() when done.")]),
            .admonition(kind: .deprecated, title: nil, blocks: [para("Use the new connect() API.")]),
        ])])
        #expect(rules.contains { $0.kind == .warning && $0.text.contains("Checked-out connections stay open") })
        #expect(!rules.contains { $0.text.contains("weekend") })
        #expect(rules.contains { $0.text.hasPrefix("You should call close()") })
        #expect(rules.contains { $0.kind == .deprecated && $0.text.contains("connect()") })
    }

    @Test("a teaser ending \"Read more\" (rustdoc's copy of a trait method's summary) makes no rule; the type's own note does")
    func teasers() {
        let rules = extractor.extract([chunk([
            .heading(level: 4, text: "fn min(self, other: Self) -> Self", anchor: "method.min"),
            .paragraph([.text("Compares and returns the minimum of two values. It must not be called on NaN. "),
                        .link(text: "Read more", url: "https://docs.example.com/cmp/trait.Ord.html#method.min")]),
            .heading(level: 4, text: "fn borrow(&self) -> Ref<'_, T>", anchor: "method.borrow"),
            .paragraph([.text("Panics if the value is currently mutably borrowed. See "),
                        .link(text: "try_borrow", url: "https://docs.example.com/cell/struct.RefCell.html#method.try_borrow")]),
        ])])
        #expect(!rules.contains { $0.text.contains("NaN") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.contains("Panics if the value is currently mutably borrowed") }, "\(rules.map(\.text))")
        // A page's own paragraph that ends with a "Learn more" link still says what it says.
        let own = extractor.extract([chunk([
            .paragraph([.text("Never store secrets in the repository. "), .link(text: "Learn more", url: "https://docs.example.com/secrets.html")]),
        ])])
        #expect(own.contains { $0.text.contains("Never store secrets") }, "\(own.map(\.text))")
    }

    @Test("the events a lead-in enumerates (\"… lies dormant until one of the following things happens:\") are no warnings of their own")
    func enumeratedConditions() {
        let rules = extractor.extract([chunk([
            para("If the current thread is not the last to arrive then it is disabled for thread scheduling purposes and lies dormant until one of the following things happens:"),
            .list(ordered: false, items: [[para("The last thread arrives.")], [para("Some other thread times out while waiting for barrier.")]]),
            para("Be careful with the following operations, which are not thread-safe:"),
            .list(ordered: false, items: [[para("Resetting the barrier while threads wait on it.")]]),
        ])])
        // (At most a descriptive fact, ranked as one — or a part of the lead-in's own rule, which they complete.)
        #expect(!rules.contains { $0.text.contains("times out while waiting") && $0.kind != .default && !$0.text.contains("lies dormant until") },
                "\(rules.map { "\($0.kind) \($0.text)" })")
        #expect(rules.contains { $0.text.hasSuffix("happens: The last thread arrives; some other thread times out while waiting for barrier.") },
                "\(rules.map(\.text))")
        // A lead-in that warns still passes its warning on.
        #expect(rules.contains { $0.text.contains("Resetting the barrier") }, "\(rules.map(\.text))")
    }

    @Test("Javadoc (JDK 17 shape): details name their method; summaries, signatures, inherited lists and 'Specified by' make no rules")
    func javadoc17Fixture() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/extract/javadoc17-class.html")
        let document = DocumentParser().parse(html: try [UInt8](Data(contentsOf: url)), url: "https://docs.example.com/ConnectionPool.html")
        // The declarations are code.
        #expect(document.blocks.contains { if case .code(_, let t) = $0 { return t.hasPrefix("public class ConnectionPool extends Object") } else { return false } })
        let rules = extractor.extract(Chunker().chunks(of: document))
        let texts = rules.map(\.text)
        let removal = texts.filter { $0.contains("subject to removal") }
        #expect(removal.count == 1, "the summary repeats the details: \(texts)")
        #expect(removal.first?.hasPrefix("`setTimeout()`: ") == true, "\(removal)")
        #expect(texts.contains { $0.hasPrefix("`close()`: You must not call") }, "\(texts)")
        #expect(!texts.contains { $0.contains("clone, equals") || $0.contains("in interface") || $0.hasPrefix("@Deprecated") || $0.hasPrefix("public ") }, "\(texts)")
        #expect(texts.contains { $0.contains("not thread-safe") })
    }

    @Test("a Sphinx signature names the rule's API; version and deprecation blocks are kept")
    func sphinxFixture() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/extract/sphinx-api.html")
        let bytes = try [UInt8](Data(contentsOf: url))
        let document = DocumentParser().parse(html: bytes, url: "https://docs.example.com/pool.html")
        let rules = extractor.extract(Chunker().chunks(of: document))
        let start = try #require(rules.first { $0.text.contains("Must be called before the first request") })
        #expect(start.subjects.first == "Pool.start()")
        #expect(start.text.hasPrefix("`Pool.start()`: "))
        #expect(start.source.anchor == "demo.pool.Pool.start")
        #expect(rules.contains { $0.kind == .default && $0.text.contains("defaults to 5") })
        #expect(rules.contains { $0.kind == .deprecated && $0.text.contains("close()") })
        #expect(!rules.contains { $0.text.contains("weekend") })
    }

    @Test("API names from Javadoc, rustdoc and Sphinx shaped signatures and anchors", arguments: [
        ([Inline.text("public void close() throws IOException")], nil as String?, "close()"),
        ([.text("public static <T> List<T> unmodifiableList(List<? extends T> list)")], nil, "unmodifiableList()"),
        ([.text("pub fn parse_terminated(self, parser: fn(ParseStream) -> Result<T>) -> Result<Punctuated<T, P>>")], "method.parse_terminated", "parse_terminated()"),
        ([.emphasis("class"), .text("sqlalchemy.pool.Pool"), .text("(creator, recycle=-1)")], "sqlalchemy.pool.Pool", "pool.Pool()"),
        ([.text("sqlalchemy.pool.Pool.dispose()")], "sqlalchemy.pool.Pool.dispose", "Pool.dispose()"),
        ([.text("close()")], "close()", "close()"),
    ])
    func apiNames(term: [Inline], anchor: String?, expected: String) {
        #expect(ApiName.fromSignature(term, anchor: anchor) == expected)
    }

    @Test("a rule inside a definition names the function it is about")
    func definitionContext() throws {
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.text("Client.start()")], anchor: "Client.start",
                                            definition: [para("Must be called before the first request.")])]),
        ])])
        let r = try #require(rules.first)
        #expect(r.text == "`Client.start()`: Must be called before the first request.")
        #expect(r.subjects.first == "Client.start()")
        #expect(r.source.anchor == "Client.start")
    }

    @Test("a statement that introduces a short example carries it; long examples are left out")
    func examples() throws {
        let rules = extractor.extract([chunk([
            para("You must pass a timeout to every request:"),
            .code(language: "python", text: "requests.get(url, timeout=5)"),
            para("You must configure the pool like this:"),
            .code(language: "python", text: (1...30).map { "line\($0) = \($0)" }.joined(separator: "\n")),
        ])])
        let short = try #require(rules.first { $0.text.contains("timeout") })
        #expect(short.example?.code == "requests.get(url, timeout=5)")
        let long = try #require(rules.first { $0.text.contains("configure the pool") })
        #expect(long.example == nil)
        #expect(long.text.hasSuffix("."))
    }

    @Test("a longer example after a statement waits with its rule, with the sentence that introduced it; not a transcript, not one marked ⓘ")
    func longExamples() throws {
        let program = (1...20).map { "let x\($0) = \($0);" }.joined(separator: "\n")
        let rules = extractor.extract([chunk([
            para("You must configure the pool like this:"),
            .code(language: "python", text: "\n" + (1...30).map { "line\($0) = \($0)" }.joined(separator: "\n") + "\n  \n"),
            para("A race condition must never violate memory safety on its own. For instance, a correct program looks like this:"),
            .code(language: "rust", text: program),
            para("You must never call `Pool.dispose()` from a worker."),
            .code(language: "console", text: "$ python app.py\nTraceback (most recent call last):"),
            para("You must not parse `Punctuated` with the default parser."),
            para("ⓘ"),
            .code(language: "rust", text: program),
            para("You should schedule callbacks from other threads safely. Example:"),
            .code(language: "python", text: "loop.call_soon_threadsafe(callback, *args)"),
        ])])
        // Too long to come with every rule: kept aside, with its lead-in restored when it comes along.
        let pool = try #require(rules.first { $0.text.contains("configure the pool") })
        #expect(pool.example == nil && pool.text.hasSuffix("."))
        #expect(pool.longExample?.lead == nil && pool.longExample?.colon == true, "the colon comes back with the example")
        #expect(pool.longExample?.example.code.hasPrefix("line1 = 1\n") == true)
        #expect(pool.longExample?.example.code.hasSuffix("line30 = 30") == true)
        let race = try #require(rules.first { $0.text.contains("memory safety") })
        #expect(race.text == "A race condition must never violate memory safety on its own.")
        #expect(race.longExample?.lead == "For instance, a correct program looks like this:")
        #expect(race.longExample?.example.language == "rust")
        // A console transcript is no example; neither is one rustdoc marks as failing ("ⓘ").
        #expect(rules.first { $0.text.contains("dispose") }?.longExample == nil)
        #expect(rules.first { $0.text.contains("Punctuated") }?.longExample == nil)
        #expect(rules.first { $0.text.contains("Punctuated") }?.example == nil)
        // "Example:" before a one-line example says nothing the "e.g." it is written with does not.
        let loop = try #require(rules.first { $0.text.contains("schedule callbacks") })
        #expect(loop.longExample?.example.code == "loop.call_soon_threadsafe(callback, *args)")
        #expect(loop.longExample?.lead == nil)
        // Older rustdoc writes the marker with its tooltip ("ⓘThis example panics"); a one-line example longer than a short
        // one, code that holds a Markdown fence, and console output are no examples either.
        let more = extractor.extract([chunk([
            para("You must not index past the end of the vector."),
            para("ⓘThis example panics"),
            .code(language: "rust", text: program),
            para("You must pass the whole configuration on one line:"),
            .code(language: "text", text: String(repeating: "option=value ", count: 40)),
            para("You must escape fences in Markdown samples:"),
            .code(language: "markdown", text: "Text\n```python\nprint(1)\n```\nMore"),
            para("You must check the output of the run:"),
            .code(language: "console", text: (1...12).map { "test_\($0) ... ok" }.joined(separator: "\n")),
        ])])
        #expect(more.allSatisfy { $0.longExample == nil && $0.example == nil }, "\(more.map(\.text))")
        // Code the next paragraph finds fault with shows what not to do.
        let faulty = extractor.extract([chunk([
            para("You must reserve capacity before writing. Here is a simple implementation:"),
            .code(language: "rust", text: program),
            para("We bypass push to avoid checks. The logic is correct, except there's a subtle problem with our code: it's not exception-safe!"),
            para("You should wait at the barrier like this:"),
            .code(language: "java", text: program),
            para("If the barrier action does not rely on the parties, any thread may run it. A BrokenBarrierException is thrown otherwise."),
        ])])
        #expect(faulty.first { $0.text.contains("reserve capacity") }?.longExample == nil, "\(faulty.map(\.text))")
        #expect(faulty.first { $0.text.contains("wait at the barrier") }?.longExample != nil, "BrokenBarrierException finds no fault")
        #expect(!Walker.findsFault("Almost all objects are not thread safe, which is typically not a problem unless code works with them."))
        #expect(!Walker.findsFault("The same applies to `cfg(test)`. These values will not work as expected."))
        #expect(faulty.contains { $0.text == "You must reserve capacity before writing." }, "the lead-in of the faulty code goes with it")
        // What finds fault with the code after it, denies a fault or solves a problem finds none with the code before.
        #expect(!Walker.findsFault("Don't do this: the code below is wrong."))
        #expect(!Walker.findsFault("This code avoids the problem of stale reads."))
        #expect(!Walker.findsFault("There is nothing wrong with this code."))
        #expect(!Walker.findsFault("This isn't a problem in practice for this code."))
        #expect(Walker.findsFault("The logic is correct, except there's a subtle problem with our code."))
        // The bounds.
        var small = HeuristicExtractor()
        small.maxLongExampleLines = 10
        #expect(small.extract([chunk([para("You must configure the pool like this:"),
                                      .code(language: "python", text: program)])]).first?.longExample == nil)
    }

    @Test("a lead-in whose list is too long to come along is completed by the names its items open with")
    func leadInCompletedByNames() throws {
        let long = String(repeating: "It is described at length here. ", count: 8)
        func item(_ name: String) -> [ContentBlock] { [.paragraph([.code(name), .text(": Specifies the \(name). " + long)])] }
        let rules = extractor.extract([chunk([
            para("You must set the following arguments for every resource block:"),
            .list(ordered: false, items: [item("type"), item("label")]),
            para("You must also set these:"),
            .list(ordered: false, items: [[para("A long first item without a name. " + long)], item("label")]),
        ])])
        #expect(rules.contains { $0.text == "You must set the following arguments for every resource block: type, label." }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.hasPrefix("You must also set these: ") })
        #expect(Walker.listNames(.list(ordered: false, items: [item("a")])) == nil, "one name is no list of names")
        // Commands or code opening a sentence are no names.
        #expect(Walker.listNames(.list(ordered: false, items: [[.paragraph([.code("pip install foo")])], [.paragraph([.code("import foo")])]])) == nil)
        #expect(Walker.listNames(.list(ordered: false, items: [[.paragraph([.code("x"), .text(" y is set.")])], item("z")])) == nil)
    }

    @Test("a paragraph that is one code span is the example of the lead-in before it")
    func codeSpanParagraphExample() throws {
        let rules = extractor.extract([chunk([
            para("You should disable the check entirely:"),
            .paragraph([.code("await resp.json(content_type=None)"), .text(".")]),
            para("You should pass the expected type:"),
            .paragraph([.text("Call "), .code("resp.json()"), .text(" with it.")]),
        ])])
        let disable = try #require(rules.first { $0.text.contains("disable the check") })
        #expect(disable.example?.code == "await resp.json(content_type=None)")
        // Not after a statement that does not introduce it (on a reference page: the next entry's name).
        let plain = extractor.extract([chunk([para("You must close the pool before exit."), .paragraph([.code("Pool.close()")])])])
        #expect(plain.first?.example == nil)
        // A paragraph with prose around its code is no example: the lead-in does not stand alone without one.
        #expect(!rules.contains { $0.example?.code == "resp.json()" })
        #expect(!rules.contains { $0.text.contains("expected type") })
    }

    @Test("adjacent statements of one paragraph merge; an anaphoric sentence brings its antecedent")
    func grouping() throws {
        let rules = extractor.extract([chunk([
            para("`iter_lines` is not reentrant safe. Calling this method multiple times loses data. The weather is nice."),
            para("The pool keeps sockets open. This means you must close it explicitly."),
        ])])
        #expect(rules.contains { $0.text == "`iter_lines` is not reentrant safe. Calling this method multiple times loses data." })
        #expect(rules.contains { $0.text == "The pool keeps sockets open. This means you must close it explicitly." })
    }

    @Test("a statement whose lead-in follows another statement joins it: the default keeps the name of its setting")
    func leadInAfterStatement() throws {
        let rules = extractor.extract([chunk([
            para("The configuration variable `gc.reflogExpire` can be set to indicate how long reflog entries should remain available. "
                 + "The setting is expressed as a length of time, for example 90 days or 3 months. It defaults to 90 days."),
        ])])
        let rule = try #require(rules.first { $0.text.contains("It defaults to 90 days.") })
        #expect(rule.text.contains("`gc.reflogExpire`"), "\(rule.text)")
        #expect(rules.count == 1)
    }

    @Test("condensation drops fillers and pointers, never identifiers")
    func condensation() {
        #expect(Condense.sentence("Note, however, that `verify=False` disables checks (see SSL docs).") == "`verify=False` disables checks.")
        #expect(Condense.sentence("Please note that pool_size=0 means no limit.") == "pool_size=0 means no limit.")
        #expect(Condense.sentence("Or: portable code must not lock a mutex of default type recursively.")
                == "Portable code must not lock a mutex of default type recursively.")
        #expect(Condense.sentence("But there’s a problem: the reference may outlive the value.") == "There’s a problem: the reference may outlive the value.")
        #expect(Condense.sentence("And malloc's return value must be checked before use.") == "malloc's return value must be checked before use.")
        // A list item written as part of one sentence ends its rule with a full stop.
        #expect(Condense.sentence("Use a connection block: `with psycopg.connect(...) as conn`;") == "Use a connection block: `with psycopg.connect(...) as conn`.")
        #expect(Condense.sentence("Use an autocommit connection; or") == "Use an autocommit connection.")
        #expect(Condense.sentence("Keep transactions short, and") == "Keep transactions short.")
        #expect(Condense.sentence("Use a mutex, a semaphore, etc.;") == "Use a mutex, a semaphore, etc.")
        #expect(Condense.heading("8.2.11. DRD Versus Memcheck") == "DRD Versus Memcheck:")
        #expect(Condense.heading("2.3 Options") == "Options:")
        #expect(Condense.sentence("Actually, not sharing the Session implies a more significant pattern.")
                == "Not sharing the Session implies a more significant pattern.")
        #expect(Condense.sentence("On the other hand, when a savepoint is rolled back, the transaction is not.")
                == "When a savepoint is rolled back, the transaction is not.")
        #expect(Condense.sentence("Similarly, most iterators into these collections are Send.") == "Most iterators into these collections are Send.")
        #expect(Condense.sentence("As shown in the above example, to call the original you must use a macro of the form `CALL_FN_*`.")
                == "To call the original you must use a macro of the form `CALL_FN_*`.")
    }

    @Test("list items inherit the guidance of their lead-in")
    func leadIn() {
        let rules = extractor.extract([chunk([
            para("There are places where you have to be careful:"),
            .list(ordered: false, items: [[para("calling `Markup` on data submitted by users")], [para("generating HTML without templates")]]),
        ])])
        #expect(rules.contains { $0.text.lowercased().contains("calling markup on data") })   // a plain-word code span reads as prose
        #expect(rules.contains { $0.text.lowercased().contains("generating html") })
        // An item that says nothing of its own is said under its lead-in: alone, "Calling Markup on data submitted by
        // users" reads as advice to do it. Here the short list completes the lead-in, which says the items already.
        #expect(rules.map(\.text) == ["There are places where you have to be careful: calling Markup on data submitted by users; generating HTML without templates."],
                "\(rules.map(\.text))")
        let long = extractor.extract([chunk([
            para("There are places where you have to be careful:"),
            .list(ordered: false, items: (1...6).map { [para("calling `Markup` on data submitted by user number \($0)")] }),
        ])])
        #expect(long.filter { $0.text.hasPrefix("There are places where you have to be careful: Calling Markup") }.count == 6, "\(long.map(\.text))")
        // A short list that does not fit with its lead-in in one rule is not said by it: its items keep the lead-in.
        let unfit = extractor.extract([chunk([
            para("Once the service runs behind the proxy with its own settings and workers, there are places where you have to be careful:"),
            .list(ordered: false, items: (1...5).map { [para("calling `Markup` on any data that users submitted through the web form \($0)")] }),
        ])])
        #expect(unfit.filter { $0.text.contains("careful: Calling Markup on any data") }.count == 5, "\(unfit.map(\.text))")
        // A short list its lead-in's rule says whole is said there, sentences too; an item a lead-in too long to repeat
        // introduces stands alone.
        let sentences = extractor.extract([chunk([
            para("There are places where you have to be careful:"),
            .list(ordered: false, items: [[para("Uploaded HTML files must be served as attachments.")], [para("The header is required.")]]),
            para("Then, once the application has been deployed behind the proxy, configured with its own settings, its logging and its "
                 + "many workers, and tested, you still have to be careful with:"),
            .list(ordered: false, items: (1...6).map { [para("calling `escape` on data submitted by user \($0)")] }),
        ])])
        #expect(sentences.contains { $0.text == "There are places where you have to be careful: Uploaded HTML files must be served as attachments; the header is required." }, "\(sentences.map(\.text))")
        #expect(!sentences.contains { $0.text == "Uploaded HTML files must be served as attachments." })
        #expect(sentences.contains { $0.text == "Calling escape on data submitted by user 1" }, "\(sentences.map(\.text))")
        #expect(Walker.isPhrase("Calling `Markup` on data submitted by users"))
        #expect(Walker.isPhrase("Configuring the warnings module to display warnings."))
        #expect(!Walker.isPhrase("The propagation setting is `PROPAGATION_REQUIRED`."))
        #expect(!Walker.isPhrase("Nothing is shared."))
        #expect(!Walker.isPhrase("During shutdown the pool rejects tasks."))
        #expect(Walker.isPhrase("using `eval()` on user input."))
    }

    @Test("list items hold under a lead-in that is only a condition, and their rules say so")
    func conditionLeadIn() {
        #expect(Walker.isBareCondition("When the debug mode is enabled:"))
        #expect(Walker.isBareCondition("In const contexts:"))
        #expect(!Walker.isBareCondition("In short:"))
        #expect(!Walker.isBareCondition("If so, do this:"))
        #expect(!Walker.isBareCondition("In the following example:"))
        #expect(!Walker.isBareCondition("When the debug mode is enabled, asyncio checks more."))
        let rules = extractor.extract([chunk([
            para("When the debug mode is enabled:"),
            .list(ordered: false, items: [[para("Many non-threadsafe APIs raise an exception if they are called from a wrong thread.")]]),
            para("Non-threadsafe APIs must not be called from another thread."),
        ])])
        #expect(rules.contains { $0.text == "When the debug mode is enabled: Many non-threadsafe APIs raise an exception if they are called from a wrong thread." },
                "\(rules.map(\.text))")
        // An item of two paragraphs says its condition once.
        let twice = extractor.extract([chunk([
            para("When the debug mode is enabled:"),
            .list(ordered: false, items: [[para("You must close the pool before exit."), para("This must happen on the main thread.")]]),
        ])])
        #expect(twice.allSatisfy { $0.text.components(separatedBy: "When the debug mode is enabled:").count <= 2 }, "\(twice.map(\.text))")
        #expect(twice.contains { $0.text.hasPrefix("When the debug mode is enabled: You must close the pool") }, "\(twice.map(\.text))")
        #expect(!Walker.isBareCondition("On the other hand:") && !Walker.isBareCondition("With that in mind:"))
        // The paragraph after the list is not under it.
        #expect(rules.contains { $0.text == "Non-threadsafe APIs must not be called from another thread." }, "\(rules.map(\.text))")
    }

    @Test("a paragraph opening with 'then' after a condition and its list completes that condition (Javadoc's 'If the current thread: …')")
    func thenAfterConditionList() {
        let rules = extractor.extract([chunk([
            para("If the current thread:"),
            .list(ordered: false, items: [[para("has its interrupted status set on entry to this method; or")], [para("is interrupted while waiting,")]]),
            para("then InterruptedException is thrown and the current thread's interrupted status is cleared."),
        ])])
        #expect(rules.contains { $0.text == "If the current thread: has its interrupted status set on entry to this method; or is interrupted while waiting, "
                                  + "then InterruptedException is thrown and the current thread's interrupted status is cleared." }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.hasPrefix("Then ") || $0.text.hasPrefix("then ") }, "\(rules.map(\.text))")
        // A condition and list inside a list item do not reach the paragraph after the outer list.
        let nested = extractor.extract([chunk([
            .list(ordered: false, items: [[para("Close the loop before exit."), para("If the loop is closed:"),
                                           .list(ordered: false, items: [[para("it raises an error;")], [para("it logs a warning,")]])]]),
            para("then you must restart the service before you retry."),
        ])])
        #expect(!nested.contains { $0.text.contains("If the loop is closed: it raises an error; it logs a warning, then you must restart") },
                "\(nested.map(\.text))")
    }

    @Test("a statement that introduces a short list is completed by it, in its own words")
    func shortListCompletesLeadIn() {
        let rules = extractor.extract([chunk([
            para("If no permit is available then the current thread must wait until one of two things happens:"),
            .list(ordered: false, items: [[.paragraph([.text("Some other thread invokes "), .code("release()"), .text("; or")])],
                                          [para("Some other thread interrupts the current thread.")]]),
        ])])
        #expect(rules.contains { $0.text == "If no permit is available then the current thread must wait until one of two things happens: "
                                  + "Some other thread invokes `release()`; or some other thread interrupts the current thread." }, "\(rules.map(\.text))")
        // A long list is not folded in; the lead-in then ends as a sentence of its own.
        let long = (1...6).map { [para("Item number \($0) of the list.")] as [ContentBlock] }
        let other = extractor.extract([chunk([para("You must set the following arguments for every resource block:"), .list(ordered: false, items: long)])])
        #expect(!other.contains { $0.text.contains("Item number 1 of the list; Item") })
    }

    @Test("a table row of nothing but links is a table of contents, no rule")
    func tableOfContentsRow() {
        let links: [Inline] = ["Directives", "break", "if", "return", "rewrite_log"].flatMap { [Inline.link(text: $0, url: "#\($0)"), .text(" ")] }
        let rules = extractor.extract([chunk([
            .table(Table(header: nil, rows: [[links]])),
            para("The module must be built with PCRE support."),
            .table(Table(header: nil, rows: [[[.text("Never use "), .link(text: "if", url: "#if"), .text(" inside a location.")]]])),
        ])])
        #expect(!rules.contains { $0.text.contains("Directives break") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.contains("must be built with PCRE") })
        #expect(rules.contains { $0.text.contains("Never use if inside a location") }, "\(rules.map(\.text))")
    }

    @Test("the same input gives the same rules")
    func deterministic() {
        let blocks = [para("You must close the pool. It is not thread-safe."), para("By default, the size is 5.")]
        #expect(extractor.extract([chunk(blocks)]) == extractor.extract([chunk(blocks)]))
    }
}
