import Testing
@testable import Extract
import RulesMakerCore

@Suite("Ranking evidence, the hand-set model, paragraphs that continue a statement")
struct RankingTests {
    let extractor = HeuristicExtractor()

    func evidence(_ blocks: [ContentBlock]) -> [(rule: RuleCandidate, features: RankFeatures)] {
        extractor.extractRanked([chunk(blocks)])
    }

    @Test("features read the statement's kind, call-out, APIs and wording")
    func features() throws {
        let ranked = evidence([
            .admonition(kind: .warning, title: nil, blocks: [
                .paragraph([.text("Never call "), .code("pool.dispose()"), .text(" from a forked child, because the parent's connections would be closed.")]),
            ]),
            para("In previous versions we used to recommend that you should pin the `grid_size` option."),
        ])
        let warning = try #require(ranked.first { $0.rule.text.contains("dispose") }).features
        #expect(warning["adm_danger"] == 1)
        #expect(warning["kind_must"] == 1)
        #expect(warning["det_prohibition"] == 1)
        #expect(warning["reason"] == 1)
        #expect(warning["negation"] == 1)
        #expect(warning["code_spans"] == 1)
        #expect(warning["subjects"] >= 1)
        #expect(warning["salience"] == 1, "one mention on the page: log2(1 + 1)")
        let narrative = try #require(ranked.first { $0.rule.text.contains("grid_size") }).features
        #expect(narrative["history"] == 1)
        #expect(narrative["first_person"] == 1)
        #expect(narrative["you"] == 1)
        #expect(narrative["adm_danger"] == 0)
        #expect(RankFeatures.names.count == Set(RankFeatures.names).count)
    }

    @Test("the hand-set model ranks warnings over notes and guidance over facts; scores are the model's")
    func handSetOrder() throws {
        let ranked = evidence([
            .admonition(kind: .warning, title: nil, blocks: [para("You must close every session before the process exits.")]),
            .admonition(kind: .note, title: nil, blocks: [para("You should close every cursor before the process exits.")]),
            .paragraph([.text("The "), .code("Runner.invoke()"), .text(" method runs the command in isolation and captures its output.")]),
        ])
        #expect(ranked.count == 3)
        let scores = ranked.map(\.rule.score)
        #expect(scores[0] > scores[1])
        #expect(scores[1] > scores[2])
        for (rule, f) in ranked { #expect(rule.score == RankModel.handSet.score(f)) }
        // A model is a plain weighted sum.
        var f = RankFeatures()
        f["strength"] = 0.5
        f["subjects"] = 2
        #expect(RankModel(bias: 1, weights: ["strength": 2, "subjects": 0.5], scale: 2).score(f) == 6)
    }

    @Test("a tutorial's walk-through ranks below the same guidance stated plainly; author notes are no rules")
    func tutorialVoice() throws {
        let ranked = evidence([
            para("Let’s make sure the `Carton` type is never sent to another thread while it is borrowed."),
            para("Make sure the `Carton` type is never sent to another thread while it is borrowed."),
            para("TODO: better explain what can or can’t be Send or Sync."),
        ])
        #expect(ranked.count == 2)
        let walk = try #require(ranked.first { $0.rule.text.hasPrefix("Let") })
        let plain = try #require(ranked.first { $0.rule.text.hasPrefix("Make") })
        #expect(walk.features["tutorial_voice"] == 1)
        #expect(plain.features["tutorial_voice"] == 0)
        #expect(walk.rule.score < plain.rule.score)
        let pointer = try #require(evidence([para("Notice how we define a function `ten_times`, which must take a closure.")]).first)
        #expect(pointer.features["tutorial_voice"] == 1)
        // Narrating the example outright is discourse: weakened below a rule, or no rule at all.
        #expect(evidence([para("In this example, we define a function `ten_times` that must take a closure.")]).allSatisfy { $0.rule.score < plain.rule.score })
        let following = try #require(evidence([para("In the following code, the precondition block must include `x86_64` as its architecture.")]).first)
        #expect(following.features["tutorial_voice"] == 1, "narrating code that follows")
        let listing = try #require(evidence([para("Listing 10-12 shows the definition of a `Summary` trait that you must implement.")]).first)
        #expect(listing.features["tutorial_voice"] == 1, "pointing at a numbered listing")
        let gerund = try #require(evidence([para("Listing 1000 objects costs one request per page, so you must page through them.")]).first)
        #expect(gerund.features["tutorial_voice"] == 0)
        for text in ["Earlier, we said that when a variable goes out of scope, Rust must call `drop`.",
                     "Before you move on, delete this declaration from your example: it must not stay.",
                     "Note how the code must await each promise in turn."] {
            let r = try #require(evidence([para(text)]).first, "\(text)")
            #expect(r.features["tutorial_voice"] == 1, "\(text)")
        }
    }

    @Test("a statement that opens on the text before it, with no label to say what, ranks below one that says it")
    func anaphora() throws {
        let ranked = evidence([
            para("They are therefore vulnerable to malicious input and must be escaped."),
            para("Arguments are therefore vulnerable to malicious input and must be escaped."),
            para("It is essential that every argument is escaped."),
        ])
        let they = try #require(ranked.first { $0.rule.text.hasPrefix("They") })
        let named = try #require(ranked.first { $0.rule.text.hasPrefix("Arguments") })
        #expect(they.features["anaphora"] == 1 && named.features["anaphora"] == 0)
        #expect(they.rule.score < named.rule.score)
        // "It is …" is no reference back.
        let generic = try #require(ranked.first { $0.rule.text.contains("essential") }, "\(ranked.map(\.rule.text))")
        #expect(generic.features["anaphora"] == 0)
        // "Other …" sets itself against what came before ("Other consecutive asterisks are considered invalid.").
        let other = try #require(evidence([para("Other consecutive asterisks are considered invalid.")]).first)
        #expect(other.features["anaphora"] == 1)
        // "In such a case …" / "In that case …" name a case said before.
        let such = try #require(evidence([para("In such a case, you do not want to follow the other person's tags.")]).first)
        #expect(such.features["anaphora"] == 1)
        // …and take that sentence along when it is in the same paragraph.
        let joined = extractor.extract([chunk([para("Sometimes your edits overlap the upstream edits of `main`. In such a case, you should stash your local changes first.")])])
        #expect(joined.contains { $0.text.hasPrefix("Sometimes your edits overlap") && $0.text.contains("In such a case") }, "\(joined.map(\.text))")
    }

    @Test("a lead-in whose example did not come with it is dropped when it cannot stand alone")
    func danglingLeadIn() {
        let big = (1...12).map { "    let field\($0) = compute_something_rather_long(\($0));" }.joined(separator: "\n")
        let rules = extractor.extract([chunk([
            para("You must derive `Serialize` before `Deserialize`. The generated impl items are equivalent to:"),
            .code(language: "rust", text: big),
            para("The generated code must be equivalent to:"),
            .code(language: "rust", text: big),
            para("To disable pooling, you should set `poolclass` to `NullPool`, for example:"),
            .code(language: "python", text: big),
        ])])
        let texts = rules.map(\.text)
        #expect(texts.contains("You must derive Serialize before Deserialize."), "\(texts)")
        #expect(!texts.contains { $0.contains("equivalent to") })
        #expect(texts.contains { $0.hasPrefix("To disable pooling, you should set") })
        #expect(Condense.withoutDanglingLeadIn("The message changes to:") == nil)
        #expect(Condense.withoutDanglingLeadIn("Call `close()` when done:") == "Call `close()` when done:")
        // A pointer phrase goes, unless its verb needs it ("… look like this:").
        #expect(Condense.sentence("Call `close()` when done, like this:") == "Call `close()` when done:")
        #expect(Condense.sentence("Memory leak messages look like this:") == "Memory leak messages look like this:")
        // Lead-ins to a list of links ("Optimize query performance using:") say nothing without it.
        #expect(Condense.withoutDanglingLeadIn("Optimize query performance using:") == nil)
        // An example given in passing ("…, e.g.:") goes; what it illustrates stays.
        #expect(Condense.withoutDanglingLeadIn("A waiting writer might block concurrent calls to read, e.g.:")
                == "A waiting writer might block concurrent calls to read.")
        #expect(Condense.withoutDanglingLeadIn("Some keys are reserved, for example:") == "Some keys are reserved.")
        #expect(Condense.withoutDanglingLeadIn("Optimize query performance using, for example:") == nil)
        #expect(Condense.withoutDanglingLeadIn("Creating a pool is expensive, so you must reuse it. Reuse it across requests using, for example:")
                == "Creating a pool is expensive, so you must reuse it.")
        #expect(Condense.withoutDanglingLeadIn("Use tools to analyze and visualize data including:") == nil)
        #expect(Condense.withoutDanglingLeadIn("On Linux or macOS, run:") == nil)
        // "… like so:" stands without it; "… by executing:" and "… has the form:" do not.
        #expect(Condense.withoutDanglingLeadIn("Give your model metadata by using an inner `class Meta`, like so:")
                == "Give your model metadata by using an inner `class Meta`.")
        #expect(Condense.withoutDanglingLeadIn("Requests are mapped onto `/data/www`. To apply it, send the reload signal, by executing:")
                == "Requests are mapped onto `/data/www`.")
        #expect(Condense.withoutDanglingLeadIn("The from line must be the very first line in the message body, and has the form:") == nil)
        // Table cells joined: a cell's own full stop or colon goes before the separator.
        #expect(Walker.joinCells(["What to avoid: Information about callers.", "How: Set `logging._srcfile` to None."])
                == "What to avoid: Information about callers; How: Set `logging._srcfile` to None.")
        #expect(Walker.joinCells(["Learning outcomes:", "", "Flex terminology"]) == "Learning outcomes; Flex terminology")
        // Headers that open a sentence each row completes.
        #expect(Walker.headerSentence(["If you want to...", "then..."], ["Run scheduled task", "Execute data clean-up code on predefined timed intervals."])
                == "If you want to run scheduled task, then execute data clean-up code on predefined timed intervals.")
        #expect(Walker.headerSentence(["If you want to…", "then…"], ["Use HTTP APIs", "Call `fetch()`."]) == "If you want to use HTTP APIs, then call `fetch()`.")
        #expect(Walker.headerSentence(["Option", "Description"], ["a", "b"]) == nil)
        // A name keeps its case; a question or exclamation keeps its mark; a cell of two sentences reads as cells.
        #expect(Walker.headerSentence(["If you use...", "then..."], ["Docker", "Do you need a drain? Always drain first!"]) == nil)
        #expect(Walker.headerSentence(["If you use...", "then..."], ["Docker", "always drain first!"]) == "If you use Docker, then always drain first!")
        #expect(Walker.headerSentence(["If you use...", "then..."], ["Docker", "."]) == nil)
        // A one-name label cell leads into its description (gtk-doc's parameter tables).
        #expect(Walker.joinCells(["`sec`:", "the security block to free"]) == "`sec`: the security block to free")
        // A declaration keeps its own ";"; a revision mark follows the statement it marks.
        #expect(Walker.joinCells(["`GQuark domain;`", "error domain"]) == "`GQuark domain;` error domain")
        #expect(Walker.joinCells(["Does not throw", "(since C++14)"]) == "Does not throw (since C++14)")
        #expect(Walker.joinCells(["Returns:", "-1 in case of error, 0 otherwise"]) == "Returns: -1 in case of error, 0 otherwise")
        // A bar of section names is no sentence.
        #expect(!Walker.isSentenceLike("NAME | SYNOPSIS | DESCRIPTION | OPTIONS | EXIT STATUS", admonition: nil))
        #expect(Walker.isSentenceLike("Pass `--history-level=none|approx|full` to choose how much history is kept.", admonition: nil))
        // An example's caption is nothing without its example; a lead-in that insists stays.
        #expect(Condense.withoutDanglingLeadIn("Reads the contents of a file into a String (you can also use read):") == nil)
        #expect(Condense.withoutDanglingLeadIn("Creates a new file and write bytes to it (you can also use write):") == nil)
        #expect(Condense.withoutDanglingLeadIn("Returns an error if the path does not exist, so you must check it first:") != nil)
        // "… should look like this:" is nothing without what it shows.
        #expect(Condense.withoutDanglingLeadIn("Your `src/main.rs` should now look like this:") == nil)
        #expect(Condense.sentence("If you want to practice unlink-before-close whenever possible, then you should write code like this:")
                .hasSuffix("write code like this:"))
        #expect(Condense.withoutDanglingLeadIn("If you want to practice unlink-before-close whenever possible, then you should write code like this:") == nil)
        // A short sentence that names what the table after it lists says nothing without the table.
        #expect(Condense.withoutDanglingLeadIn("Supports the following objects and types by default.") == nil)
        #expect(Condense.withoutDanglingLeadIn("Performs the following translations in decoding by default.") == nil)
        #expect(Condense.withoutDanglingLeadIn("Never call the following methods from a signal handler.") != nil)
        // With a comma before it too: no "file,:" left behind.
        #expect(Condense.sentence("You can do so by having `i18n.commitEncoding` in `.git/config` file, like this:").hasSuffix("file, like this:"))
        #expect(Walker.joinCells(["Pattern: .", "Meaning: Any character"]) == "Pattern: .; Meaning: Any character")
        #expect(Walker.isSentenceLike("Try `cat log | sort | uniq -c | head` to count the lines.", admonition: nil))
        // A sentence about an example that did not come goes.
        #expect(Condense.withoutDanglingLeadIn("Custom profiles inherit from one you name. As in the example above, the output would go into `target/release-lto`.")
                == "Custom profiles inherit from one you name.")
        // "Here is how …" points at what did not come.
        #expect(Condense.withoutDanglingLeadIn("In order to use sessions you have to set a secret key. Here is how sessions work.")
                == "In order to use sessions you have to set a secret key.")
        // "Here's an example …" captions the example, however long the caption.
        #expect(Condense.withoutDanglingLeadIn("Here's an example C program, in a file called a.c, with a memory error and a memory leak.") == nil)
        #expect(Condense.withoutDanglingLeadIn("Here is an example of a handler that must not block, since it runs on the event loop.") != nil)
        // Lead-ins whose list holds the rest of the sentence.
        #expect(Condense.withoutDanglingLeadIn("To use supervisor as a process manager you should either:") == nil)
        #expect(Condense.withoutDanglingLeadIn("It uses the CORS mechanism. This means that:") == "It uses the CORS mechanism.")
        #expect(Condense.withoutDanglingLeadIn("In addition to enabling the debug mode, consider also:") == nil)
        // One case of an enumeration ends as a sentence.
        #expect(Condense.closing("Some other thread interrupts the current thread; or") == "Some other thread interrupts the current thread.")
        #expect(Condense.closing("The count reaches zero; and") == "The count reaches zero.")
    }

    @Test("a sentence pointing at what follows goes when what follows did not come with the rule")
    func forwardPointers() {
        #expect(Condense.withoutDanglingLeadIn("The view must return a response. The following types are allowed for `rv`:")
                == "The view must return a response.")
        #expect(Condense.withoutDanglingLeadIn("A read observes a write that is visible, where visible means that both of the following hold.") == nil)
        #expect(Condense.withoutDanglingLeadIn("Define an instance: The following example defines an `aws_instance` resource named web.") == nil)
        #expect(Condense.withoutDanglingLeadIn("The following example includes several configurations that illustrate how to define the arguments of a block.") == nil)
        let kept = "In the following code, the precondition block specifies that the AMI ID must include `x86_64` as its architecture attribute."
        #expect(Condense.withoutDanglingLeadIn(kept) == kept, "a sentence with its own content stays")
        #expect(Condense.withoutDanglingLeadIn("Paste in the following code.") == nil)
        for insisting in ["The following methods must not be called from a signal handler.", "In the following cases, you must never reuse the connection."] {
            #expect(Condense.withoutDanglingLeadIn(insisting) == insisting)
        }
        let negated = "If you use rootpw, do not disable root login with any of the following commands!"
        #expect(Condense.withoutDanglingLeadIn(negated) == negated, "what not to do stays")
        #expect(Condense.withoutDanglingLeadIn("Only the following codes could be returned before version 0.7.51: 204, 400 and 500.")
                == "Only the following codes could be returned before version 0.7.51: 204, 400 and 500.")
        // A sentence that only announces what comes next goes too; before a short list, the list tells it.
        #expect(Condense.isTeaser("Massif's determination of when the peak occurred can be wrong, for two reasons."))
        #expect(Condense.isTeaser("If you do need to mutate through an Arc, you have several options."))
        #expect(Condense.isTeaser("There are a few things going wrong here, let's see how they can be improved."))
        #expect(!Condense.isTeaser("Both options must be set for two reasons: safety and speed."))
        #expect(!Condense.isTeaser("The two options are mutually exclusive."))
        // Saying something with a quantity is no announcement; a deprecation says what it says.
        for told in ["This function is deprecated for several reasons.", "Prefer `bar()` for many cases.", "Timeouts are ignored in some cases.",
                     "Use `foo()`, which is faster in many cases."] {
            #expect(!Condense.isTeaser(told), "\(told)")
        }
        #expect(Condense.withoutDanglingLeadIn("This function is deprecated for several reasons.") == "This function is deprecated for several reasons.")
        #expect(Condense.withoutDanglingLeadIn("You cannot mutate through an Arc. If you do need to, you have several options.") == "You cannot mutate through an Arc.")
        let reasons = extractor.extract([chunk([
            para("The reported peak must not be trusted, for two reasons."),
            .list(ordered: false, items: [[para("Peaks are only taken after a deallocation.")], [para("By default the peak is within 1%.")]]),
        ])])
        #expect(reasons.contains { $0.text == "The reported peak must not be trusted, for two reasons: Peaks are only taken after a deallocation; by default the peak is within 1%." },
                "\(reasons.map(\.text))")
        let rules = extractor.extract([chunk([
            para("The view function must return a response. Returning None is not allowed. The following types are allowed for `view_rv`:"),
            .list(ordered: false, items: [[para("str")], [para("bytes")]]),
        ])])
        // (A short list completes the statement that introduces it.)
        #expect(rules.map(\.text) == ["The view function must return a response. Returning None is not allowed. The following types are allowed for `view_rv`: str; bytes."],
                "\(rules.map(\.text))")
        let long = (1...6).map { [para("type\($0)")] as [ContentBlock] }
        let without = extractor.extract([chunk([
            para("The view function must return a response. Returning None is not allowed. The following types are allowed for `view_rv`:"),
            .list(ordered: false, items: long),
        ])])
        #expect(without.map(\.text) == ["The view function must return a response. Returning None is not allowed."], "\(without.map(\.text))")
    }

    @Test("sentences that only point elsewhere make no rule")
    func pointers() {
        #expect(Walker.isPointerOnly("If you have any comments or bug reports about the tool, feel free to post a message on the users mailing list."))
        #expect(!Walker.isPointerOnly("Feel free to call `reset()` more than once."))
        #expect(!Walker.isPointerOnly("Feel free to adjust the contact points list, but you must keep at least two seed nodes in every datacenter."))
        // What to read next, however much it insists; a rule that only mentions the next section stays.
        #expect(Walker.isPointerOnly("To set up manually-managed vacuuming properly, it is essential to understand the issues discussed in the next few subsections."))
        #expect(!Walker.isPointerOnly("Never run VACUUM FULL on a busy table; the next section shows the lock it takes."))
        #expect(!Walker.isPointerOnly("Never run VACUUM FULL on a busy table, for the reasons explained in the next section."))
        #expect(!Walker.isPointerOnly("Do not expose the admin port on a public network. This is important; feel free to contact the security team if unsure."))
        // Pointers elsewhere and the document describing itself.
        #expect(Walker.isPointerOnly("Read keeping components pure to learn more."))
        #expect(Walker.isPointerOnly("Check events and trainings for further details."))
        #expect(!Walker.isPointerOnly("You must close the pool before exit to learn more."))
        #expect(Walker.isPointerOnly("This page lists common mistakes and traps and explains how to avoid them."))
        #expect(!Walker.isPointerOnly("This page must be served over HTTPS."))
        #expect(!Walker.isPointerOnly("This section describes settings you must change before deploying."))
        #expect(!Walker.isPointerOnly("This guide will not work with Python 2."))
        for s in ["See also Fixing broken Portage.", "For other tutorials, see Tutorials.", "Consider the following example.",
                  "Use the following syntax.", "Consider the example below:", "Here is an example.",
                  "For example, consider the following loop.", "To learn how to set up Gemini in BigQuery, see Set up Gemini in BigQuery."] {
            #expect(Walker.isPointerOnly(s), "\(s)")
        }
        for s in ["Use the following syntax to enable `strict` mode.", "See that the pool is closed before forking, or connections leak.",
                  "You must not use the example key in production.", "The following options must be set before the first request is sent."] {
            #expect(!Walker.isPointerOnly(s), "\(s)")
        }
        #expect(Condense.withoutDanglingLeadIn("Use Docusaurus v1 if:") == nil)
    }

    @Test("a list item that is only a link (a table of contents, a see-also list) makes no rule")
    func linkOnlyItems() {
        let rules = extractor.extract([chunk([
            .list(ordered: false, items: [
                [.paragraph([.link(text: "7.4.1. A Simple Data Race", url: "https://d.example/hg.html#race")])],
                [.paragraph([.link(text: "Detected errors: Data Races", url: "https://d.example/hg.html#races")]),
                 .list(ordered: false, items: [[.paragraph([.link(text: "Avoid lock-order inversions", url: "https://d.example/hg.html#locks")])]])],
                [.paragraph([.text("Never hold a lock while calling "), .link(text: "`pthread_join`", url: "https://d.example/join.html"), .text(": it can deadlock.")])],
            ]),
        ])])
        let texts = rules.map(\.text)
        #expect(texts.count == 1, "\(texts)")
        #expect(texts.first?.hasPrefix("Never hold a lock") == true)
        #expect(Walker.isLinkOnly([.paragraph([.link(text: "x", url: "u"), .text(" ")])]))
        #expect(!Walker.isLinkOnly([.paragraph([.link(text: "x", url: "u"), .text(" and more")])]))
        // A reading list's entry: a link and its author.
        #expect(Walker.isLinkOnly([.paragraph([.link(text: "Performance Tuning PostgreSQL", url: "u"), .text(" by Frank Wiles")])]))
        #expect(Walker.isLinkOnly([.paragraph([.link(text: "Tuning Your PostgreSQL Server", url: "u"),
                                               .text(" by Greg Smith, Robert Treat, and Christopher Browne")])]))
        #expect(!Walker.isLinkOnly([.paragraph([.link(text: "VACUUM FULL", url: "u"), .text(" by itself never shrinks the table")])]))
        #expect(!Walker.isLinkOnly([.paragraph([.link(text: "Encryption", url: "u"), .text(" by Default")])]))
        #expect(Walker.isLinkOnly([.paragraph([.link(text: "PostgreSQL Query Profiler", url: "u"), .text(" by Devart")])]))
        #expect(!Walker.isLinkOnly([.paragraph([.link(text: "Parameters passed by value", url: "u"), .text(" by Default Are Copied Once And Never Shared")])]))
        // …nor does a paragraph of links alone (an epigraph's source).
        let epigraph = extractor.extract([chunk([
            .quote([para("HTTP/1.1 420 Enhance Your Calm"),
                    .paragraph([.link(text: "Twitter API rate limiting response", url: "https://developer.twitter.com/rate-limiting")])]),
            para("Throttling must be configured per view."),
        ])])
        #expect(!epigraph.contains { $0.text.contains("Twitter") }, "\(epigraph.map(\.text))")
    }

    @Test("a fact told in the first person is narrative; first-person guidance stays")
    func firstPersonFacts() {
        let rules = extractor.extract([chunk([
            para("If we added `move` to the closure, we would move `v` into the closure's environment."),
            para("We recommend that you call `handle.join()` before `main` returns."),
            para("The return type of `thread::spawn` is `JoinHandle<T>`."),
        ])])
        let texts = rules.map(\.text)
        #expect(!texts.contains { $0.hasPrefix("If we added") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("We recommend") })
        #expect(texts.contains { $0.hasPrefix("The return type") })
    }

    @Test("a run-on 'sentence' of flattened structure is no rule")
    func runOn() {
        let items = (1...60).map { "Registering extension module number \($0)" }.joined(separator: " - ")
        let rules = extractor.extract([chunk([para("Table of content - " + items + " - you must read all of it")])])
        #expect(rules.isEmpty)
        #expect(extractor.extract([chunk([para("You must register the module before the first transformation.")])]).count == 1)
    }

    @Test("a paragraph that picks up the previous statement joins its rule")
    func continuation() throws {
        let ranked = evidence([
            para("Programs that modify data being simultaneously accessed by multiple goroutines must serialize such access."),
            .paragraph([.text("To serialize access, protect the data with channel operations or primitives from the "), .code("sync/atomic"), .text(" package.")]),
            para("Each worker must register its queue before it starts consuming."),
            para("To configure logging, call the setup function once at start-up."),
        ]).map(\.rule)
        let joined = try #require(ranked.first { $0.text.hasPrefix("Programs that modify") })
        #expect(joined.text.contains("To serialize access, protect the data"))
        #expect(joined.subjects.contains("sync/atomic"))
        // No shared word in the opening clause: a separate rule.
        #expect(ranked.contains { $0.text.hasPrefix("Each worker must register") && !$0.text.contains("logging") })
        #expect(ranked.count == 3, "\(ranked.map(\.text))")
    }

    @Test("a paragraph that leans on a statement across its example joins it and takes the example along")
    func continuationAcrossExample() throws {
        let ranked = evidence([
            para("The `href` attribute can contain a javascript: URI, which the browser runs when clicked."),
            .code(language: "html", text: "<a href=\"javascript:alert(1)\">click</a>"),
            para("To prevent this, you need to set the Content Security Policy response header."),
            para("Workers must register their queue before they start."),
            .code(language: "python", text: "worker.register(queue)"),
            para("Configure logging once at start-up."),
        ]).map(\.rule)
        let joined = try #require(ranked.first { $0.text.contains("javascript: URI") })
        #expect(joined.text.hasSuffix("To prevent this, you need to set the Content Security Policy response header."))
        #expect(joined.example?.code == "<a href=\"javascript:alert(1)\">click</a>")
        // A paragraph that does not lean back stays a rule of its own, and the rule before keeps its example.
        #expect(ranked.contains { $0.text.hasPrefix("Configure logging") })
        #expect(ranked.first { $0.text.hasPrefix("Workers must register") }?.text.contains("logging") == false)
    }

    @Test("a sentence without a subject ('Can be set to …') keeps the sentence that names it")
    func subjectless() throws {
        let rules = extractor.extract([chunk([para("SameSite restricts how cookies are sent with requests from external sites. Can be set to 'Lax' (recommended) or 'Strict'.")])])
        let rule = try #require(rules.first { $0.text.contains("(recommended)") }, "\(rules.map(\.text))")
        #expect(rule.text.hasPrefix("SameSite restricts how cookies are sent"))
    }

    @Test("a section's opening statement that only says 'this header' is prefixed with the heading it leans on")
    func topicHeading() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "Content Security Policy (CSP)", anchor: "csp"),
            para("Tell the browser where it can load resources from. This header should be used whenever possible."),
            .heading(level: 2, text: "Overview", anchor: "overview"),
            para("Sessions are cheap. This object must be closed after use."),
            .heading(level: 2, text: "Connection pools", anchor: "pools"),
            para("You must close every connection you open."),
        ])])
        let csp = try #require(rules.first { $0.text.contains("whenever possible") }, "\(rules.map(\.text))")
        #expect(csp.text.hasPrefix("Content Security Policy (CSP): Tell the browser"))
        // A generic heading says nothing; a statement that does not lean on its heading needs none.
        #expect(rules.first { $0.text.contains("must be closed") }?.text.hasPrefix("Overview") == false)
        #expect(rules.first { $0.text.contains("close every connection") }?.text == "You must close every connection you open.")
        // A later sentence that leans on the statement's own first sentence ("These options", "It") does not lean on
        // the heading.
        let own = extractor.extract([chunk([
            .heading(level: 3, text: "Selecting the Async backend", anchor: "backend"),
            .paragraph([.code("TestClient"), .text(" takes arguments "), .code("backend"), .text(" and "), .code("backend_options"),
                        .text(". These options must be passed to the portal.")]),
            .heading(level: 2, text: "BUGS", anchor: "bugs"),
            para("Multiple checkout is still experimental. It is NOT recommended to make multiple checkouts of a superproject."),
        ])])
        #expect(own.contains { $0.text.hasPrefix("TestClient takes arguments") }, "\(own.map(\.text))")
        #expect(own.contains { $0.text.hasPrefix("Multiple checkout is still experimental.") })
        #expect(Walker.leansOnHeading(["Tell the browser where it can load resources from.", "This header should be used whenever possible."]))
        #expect(!Walker.leansOnHeading(["`TestClient` takes arguments `backend_options`.", "These options are passed to the portal."]))
        #expect(!Walker.leansOnHeading(["`TestClient` takes arguments `backend`.", "This means you must pass them to the portal."]))
        #expect(Walker.leansOnHeading(["Nothing here is supported by default.", "This port must be opened first."]), "whole words: \"port\" is not in \"supported\"")
    }

    @Test("an index of items documented elsewhere (rustdoc's module tables) gives no fact rules; its guidance stays")
    func indexSummaries() {
        func entry(_ name: String, _ text: String, link: Bool = false) -> DefinitionItem {
            DefinitionItem(term: link ? [.link(text: name, url: "https://docs.example.com/struct.\(name).html"), .code("tokio_unstable")] : [.code(name)],
                           anchor: nil, definition: [para(text)])
        }
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "Structs", anchor: "structs"),
            .definitionList([entry("Lookahead1", "Support for checking the next token in a stream to decide how to parse."),
                             entry("Nothing", "An empty syntax tree node that consumes no tokens when parsed."),
                             entry("UnhandledPanic", "How the runtime should respond to unhandled panics.", link: true),
                             entry("spin_loop_hint", "Deprecated: use `spin_loop` instead.")]),
        ])])
        #expect(!rules.contains { $0.text.contains("syntax tree node") || $0.text.contains("unhandled panics") || $0.text.contains("next token") },
                "\(rules.map(\.text))")
        #expect(rules.contains { $0.kind == .deprecated && $0.text.contains("spin_loop") })
        // A name linked to its own page with a "Deprecated" badge: the rule names it and says so.
        let badged = extractor.extract([chunk([
            .heading(level: 2, text: "Functions", anchor: "functions"),
            .definitionList([DefinitionItem(term: [.link(text: "spin_loop_hint", url: "https://docs.example.com/fn.spin_loop_hint.html"), .text("Deprecated")],
                                            anchor: nil, definition: [para("Signals the processor that it is inside a busy-wait spin-loop.")]),
                             DefinitionItem(term: [.link(text: "compiler_fence", url: "https://docs.example.com/fn.compiler_fence.html")],
                                            anchor: nil, definition: [para("A compiler-only atomic fence.")])]),
        ])])
        #expect(badged.contains { $0.kind == .deprecated && $0.text.hasPrefix("`spin_loop_hint`: Deprecated: Signals") }, "\(badged.map(\.text))")
        // In an index (three entries or more) too; a summary that already says so is not told twice; a single link is
        // read as a signature, not as a badged name.
        func badge(_ name: String, _ text: String, _ mark: String? = nil) -> DefinitionItem {
            DefinitionItem(term: [.link(text: name, url: "https://docs.example.com/fn.\(name).html")] + (mark.map { [.text($0)] } ?? []),
                           anchor: nil, definition: [para(text)])
        }
        let indexed = extractor.extract([chunk([
            .heading(level: 2, text: "Functions", anchor: "functions"),
            .definitionList([badge("spin_loop_hint", "Signals the processor that it is inside a busy-wait spin-loop.", "Deprecated"),
                             badge("atomic_init", "Deprecated since 1.50.0: use `new` instead.", "(deprecated)"),
                             badge("compiler_fence", "A compiler-only atomic fence."),
                             badge("fence", "An atomic fence.")]),
        ])])
        #expect(indexed.contains { $0.kind == .deprecated && $0.text.hasPrefix("`spin_loop_hint`: Deprecated: Signals") }, "\(indexed.map(\.text))")
        #expect(indexed.contains { $0.text.hasPrefix("`atomic_init`: Deprecated since 1.50.0") })
        #expect(!indexed.contains { $0.text.contains("Deprecated: Deprecated") })
        #expect(!indexed.contains { $0.text.contains("atomic fence") })
        // MDN's property lists: the name (linked or as code) with a badge in words after a space, and an anchor in lower
        // case — the rule names the property as written, not the badge's last word or the anchor.
        let mdn = extractor.extract([chunk([
            .heading(level: 2, text: "Instance properties", anchor: "instance_properties"),
            .definitionList([DefinitionItem(term: [.link(text: "WebSocket.bufferedAmount", url: "https://docs.example.com/bufferedAmount"),
                                                   .text(" "), .text("Read only")],
                                            anchor: "websocket.bufferedamount", definition: [para("It must be read before sending more data.")]),
                             DefinitionItem(term: [.code("WebSocket.close()"), .text(" Deprecated")],
                                            anchor: "websocket.close", definition: [para("It must not be called twice.")])]),
        ])])
        #expect(mdn.contains { $0.text.hasPrefix("`WebSocket.bufferedAmount`: It must be read") }, "\(mdn.map(\.text))")
        #expect(mdn.contains { $0.text.hasPrefix("`WebSocket.close()`: ") }, "\(mdn.map(\.text))")
        // A member all in lower case keeps the page's spelling too, and an option with its placeholder stays an option.
        let lower = extractor.extract([chunk([
            .heading(level: 2, text: "Instance properties", anchor: "instance_properties"),
            .definitionList([DefinitionItem(term: [.link(text: "WebSocket.protocol", url: "https://docs.example.com/protocol"),
                                                   .text(" "), .text("Read only")],
                                            anchor: "websocket.protocol", definition: [para("It must be read after the open event.")])]),
        ])])
        #expect(lower.contains { $0.text.hasPrefix("`WebSocket.protocol`: ") }, "\(lower.map(\.text))")
        #expect(!Walker.isWordBadge(.text(" FILE")) && Walker.isWordBadge(.text(" Read only")))
        // Inside an API entry such a list is the entry's own: a directive's flags are facts about it.
        let flags = extractor.extract([chunk([
            .heading(level: 2, text: "`rewrite`", anchor: "rewrite"),
            .definitionList([entry("last", "Stops processing the current set of `ngx_http_rewrite_module` directives."),
                             entry("break", "Stops processing the current set of directives as with the break directive."),
                             entry("redirect", "Returns a temporary redirect with the 302 code.")]),
        ])])
        #expect(flags.contains { $0.text.hasPrefix("`last`: Stops processing") }, "\(flags.map(\.text))")
        // A list of names and one-liners under another heading is documentation of its own (environment variables).
        let env = extractor.extract([chunk([
            .heading(level: 2, text: "Environment variables", anchor: "env"),
            .definitionList([entry("PGHOST", "You should set this to the host of the database server."),
                             entry("PGPORT", "Defaults to 5432."),
                             entry("PGUSER", "Defaults to the operating system user name."),
                             entry("PGPASSWORD", "Its use is not recommended for security reasons.")]),
        ])])
        #expect(env.count >= 3, "\(env.map(\.text))")
    }

    @Test("what a feature is for is a weak statement, kept when a page has room for it")
    func capability() throws {
        let ranked = evidence([
            para("The test wrapper can also be used to provide input data for the input stream (stdin). This is very useful for testing prompts."),
            para("You must close the runner after each test."),
            para("The weather was fine that day and the team went home early."),
        ])
        let capability = try #require(ranked.first { $0.rule.text.hasPrefix("The test wrapper can also be used") }, "\(ranked.map(\.rule.text))")
        #expect(capability.rule.text.hasSuffix("This is very useful for testing prompts."))
        let must = try #require(ranked.first { $0.rule.text.hasPrefix("You must close") })
        #expect(capability.rule.score < must.rule.score)
        #expect(!ranked.contains { $0.rule.text.contains("weather") })
    }

    @Test("a list item that opens with a name alone is about that name")
    func itemNamedByCode() throws {
        let rules = extractor.extract([chunk([
            .list(ordered: true, items: [
                [.paragraph([.code("CommonMiddleware")]), para("Close to the top: it must run before any middleware that changes the response.")],
                [.paragraph([.code("FlatpageFallbackMiddleware")]), para("Should be near the bottom as it is a last-resort middleware.")],
            ]),
        ])])
        #expect(rules.contains { $0.text.hasPrefix("`CommonMiddleware`: Close to the top") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.hasPrefix("`FlatpageFallbackMiddleware`: Should be near the bottom") })
    }

    @Test("a box of labelled fields opens a directive entry: its syntax names it, its default is a rule, the rest is reference")
    func fieldTable() throws {
        let table = Table(header: [[], []], rows: [
            [[.text("Syntax:")], [.code("rewrite_log on | off;")]],
            [[.text("Default:")], [.code("rewrite_log off;")]],
            [[.text("Context:")], [.code("http"), .text(", "), .code("server")]],
        ], anchor: "rewrite_log")
        let rules = extractor.extract([chunk([
            .table(table),
            para("Enables or disables logging of module directives processing results into the error_log at the notice level."),
        ])])
        let texts = rules.map(\.text)
        #expect(texts.contains("`rewrite_log`: Enables or disables logging of module directives processing results into the error_log at the notice level."), "\(texts)")
        #expect(texts.contains { $0.contains("Default: `rewrite_log off;`") })
        #expect(!texts.contains { $0.contains("Syntax:") || $0.contains("Context:") })
        #expect(rules.allSatisfy { $0.source.anchor == "rewrite_log" }, "the entry's rules link to the box's anchor")
    }

    @Test("an exercise a tutorial sets its reader is no rule; a tutorial's own narration ranks below guidance")
    func exercises() throws {
        let rules = extractor.extract([chunk([
            para("If you’re interested in deadlocks, try creating a Rust program that has a deadlock; then, research deadlock mitigation strategies."),
            para("As an exercise, change the program so that it never deadlocks."),
            para("Here’s the important part to focus on: the value cannot be sent between threads safely."),
            para("For simplicity, we assume the text is UTF-8, and don't handle fetch errors."),
            para("You must attempt to acquire the lock before using the data."),
        ])])
        #expect(!rules.contains { $0.text.contains("interested in deadlocks") || $0.text.hasPrefix("As an exercise") }, "\(rules.map(\.text))")
        let narration = try #require(rules.first { $0.text.hasPrefix("Here’s the important part") })
        let must = try #require(rules.first { $0.text.hasPrefix("You must attempt") })
        #expect(narration.score < must.score)
        let simplicity = try #require(rules.first { $0.text.hasPrefix("For simplicity") })
        #expect(simplicity.score < must.score)
    }

    @Test("a parameter entry that is only a noun phrase states nothing; one with a verb does")
    func nounPhraseEntries() {
        #expect(Walker.isBareNounPhrase("key - the key that needs to be removed"))
        #expect(Walker.isBareNounPhrase("initialCapacity - the initial capacity."))
        #expect(Walker.isBareNounPhrase("args – the arguments to invoke."))
        #expect(!Walker.isBareNounPhrase("timeout - the timeout must be positive."))
        #expect(!Walker.isBareNounPhrase("The key that needs to be removed must exist."))
        #expect(Walker.isBareNounPhrase("fair - true if this lock should use a fair ordering policy"))
        #expect(Walker.isBareNounPhrase("true if current thread holds this lock and false otherwise"))
        #expect(!Walker.isBareNounPhrase("True values must be passed as strings."))
        #expect(!Walker.isBareNounPhrase("value - the value that must not be null"))
        #expect(!Walker.isBareNounPhrase("timeout - the time to wait; must be positive"))
        #expect(!Walker.isBareNounPhrase("True if the lock is held; callers must release it."))
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.code("remove(Object key)")], anchor: "remove(java.lang.Object)", definition: [
                para("Removes the key from this map."),
                .definitionList([DefinitionItem(term: [.text("Parameters:")], anchor: nil, definition: [para("key - the key that needs to be removed")])]),
            ])]),
        ])])
        #expect(!rules.contains { $0.text.contains("the key that needs to be removed") }, "\(rules.map(\.text))")
    }

    @Test("a statement keeps the sentences that go on about it ('If those objects …', 'This will cause …')")
    func followersThatLeanBack() throws {
        let rules = extractor.extract([chunk([
            para("Rows related to a deleted object via `relationship()` are not deleted by default. If those objects have a foreign key constraint back to the row being deleted, those columns are set to NULL. This will cause a constraint violation if the columns are non-nullable."),
        ])])
        let rule = try #require(rules.first { $0.text.contains("not deleted by default") }, "\(rules.map(\.text))")
        #expect(rule.text.contains("those columns are set to NULL"))
        #expect(rule.text.hasSuffix("if the columns are non-nullable."))
    }

    @Test("what a note says about a name is kept as a weak statement, even in the reader's terms; a box naming nothing is not")
    func noteFacts() {
        let rules = extractor.extract([chunk([
            .admonition(kind: .note, title: nil, blocks: [para("You can override the project name with either the --project-name flag or the COMPOSE_PROJECT_NAME environment variable.")]),
            .admonition(kind: .note, title: nil, blocks: [para("Browse and book a free discovery session with the world's leading experts.")]),
        ])])
        #expect(rules.contains { $0.text.hasPrefix("You can override the project name") }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.contains("discovery session") })
    }

    @Test("a demonstrative leans back unless it names the API being described")
    func demonstratives() {
        #expect(Condense.leansBack("To prevent this, you'll need to set the header."))
        #expect(Condense.leansBack("Lowering this value may help mitigate replay attacks."))
        #expect(!Condense.leansBack("Call this method before `start()`."))
        // A short statement whose object is a bare "this" or "that"; not one that points forward.
        #expect(Condense.leansBack("The standard does not allow this."))
        #expect(Condense.leansBack("Use awaitTermination to do that."))
        #expect(!Condense.leansBack("Memory leak messages look like this:"))
        #expect(!Condense.leansBack("Always close the session when the request ends and the worker thread returns, and never rely on this."))
        // "The default is 100." says nothing without the sentence that names what defaults.
        #expect(Condense.leansBack("The default is 100."))
        #expect(!Condense.leansBack("The defaults of a profile can be overridden."))
        #expect(!Condense.leansBack("Use this flag only in tests."))
        #expect(Condense.leansBack("This method must be called first."), "an anaphoric opening still leans back")
        #expect(Condense.refersBack("The signature is checked to be no older than this value."), "a demonstrative anywhere names a thing")
        #expect(!Condense.refersBack("The settings are listed in full at the end of this section."), "the page is not what came before")
        #expect(!Condense.refersBack("Set `timeout` before calling this method."))
        // A conjunction before the pronoun, or a clause that points at what was said ("If that happens, …").
        #expect(Condense.leansBack("But it doesn't use any concurrency primitives."))
        #expect(Condense.leansBack("If that happens, you must reset those secrets immediately."))
        #expect(Condense.leansBack("As such, this function can only be used for raw deflate."))
        #expect(Condense.leansBack("Instead, the result is handed to one of a family of macros."))
        #expect(!Condense.leansBack("If the file exists, it is read first."))
        #expect(!Condense.leansBack("So many options can be confusing."))
    }

    @Test("a statement that opens by pointing at the sentence before it takes that sentence along")
    func pointingClauseTakesItsAntecedent() throws {
        let rules = extractor.extract([chunk([
            para("A yank does not delete any code. This feature is not intended for deleting accidentally uploaded secrets. If that happens, you must reset those secrets immediately."),
        ])])
        let reset = try #require(rules.first { $0.text.contains("reset those secrets") })
        #expect(reset.text.contains("deleting accidentally uploaded secrets"), "\(rules.map(\.text))")
    }

    @Test("when a statement that took facts along is left out, the facts are rules of their own again")
    func leadInFactsSurviveARejectedStatement() {
        var small = HeuristicExtractor()
        small.maxStatementBytes = 150
        let fact = "The `cache_size` option sets the number of pages kept resident for each worker process."
        let statement = "Changing this value requires a restart of every worker, so you must plan for downtime."
        let rules = small.extract([chunk([para(fact + " " + statement)])])
        #expect(rules.contains { $0.text.contains("sets the number of pages") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.contains("you must plan for downtime") })
        #expect(rules.allSatisfy { $0.text.utf8.count <= 150 })
        // With room for both, one rule.
        let joined = extractor.extract([chunk([para(fact + " " + statement)])])
        #expect(joined.count == 1 && joined[0].text.contains("`cache_size`") && joined[0].text.contains("must plan"), "\(joined.map(\.text))")
    }

    @Test("a statement takes the sentences it leans on back to the one that names its subject; a fact taken along is not a rule of its own")
    func predecessorsThatItLeansOn() throws {
        let rules = extractor.extract([chunk([
            para("For the session cookie, if `session.permanent` is set, then `PERMANENT_SESSION_LIFETIME` is used to set the expiration. The framework's cookie implementation validates that the signature is not older than this value. Lowering this value may help mitigate replay attacks, where intercepted cookies can be sent at a later time."),
        ])])
        let rule = try #require(rules.first { $0.text.contains("replay attacks") }, "\(rules.map(\.text))")
        #expect(rule.text.hasPrefix("For the session cookie"), "\(rule.text)")
        #expect(rule.subjects.contains("PERMANENT_SESSION_LIFETIME"))
        #expect(rules.filter { $0.text.contains("PERMANENT_SESSION_LIFETIME") }.count == 1, "\(rules.map(\.text))")
    }
}

@Suite("Sections whose prose is rarely guidance")
struct WeakSectionTests {
    @Test("a to-do list or roadmap of the authors' plans ranks like a changelog")
    func plansAreWeak() throws {
        let c = Chunk(id: "c", source: SourceRef(url: "https://docs.example.com/hg.html", anchor: "todo",
                                                 breadcrumb: ["Helgrind", "A To-Do List for Helgrind"]),
                      pageTitle: "Helgrind", blocks: [para("Helgrind should really report the lock order of every thread at exit.")], tokens: 20)
        let ranked = HeuristicExtractor().extractRanked([c])
        #expect(try #require(ranked.first).features["section_weak"] == 1)
    }

    @Test("a trait implementation's notes (rustdoc) rank low: they belong to the trait, not the type")
    func traitImplementationsAreWeak() throws {
        func ranked(_ section: String) throws -> (rule: RuleCandidate, features: RankFeatures) {
            let c = Chunk(id: "c", source: SourceRef(url: "https://doc.example/std/fs/struct.File.html", anchor: "impl-Read-for-File",
                                                     breadcrumb: ["Struct File", section, "impl Read for File", "fn read_buf(&mut self) -> Result<()>"]),
                          pageTitle: "Struct File", blocks: [para("This is a nightly-only experimental API.")], tokens: 20)
            return try #require(HeuristicExtractor().extractRanked([c]).first)
        }
        let inTrait = try ranked("Trait Implementations"), inherent = try ranked("Implementations")
        #expect(inTrait.features["section_weak"] == 1)
        #expect(inherent.features["section_weak"] == 0)
        #expect(inTrait.rule.score < inherent.rule.score)
        // The Rust Reference's prose about trait implementations is no rustdoc impl block.
        let reference = Chunk(id: "r", source: SourceRef(url: "https://doc.example/reference/items/implementations.html", anchor: "trait-implementations",
                                                         breadcrumb: ["Implementations", "Trait Implementations"]),
                              pageTitle: "Implementations", blocks: [para("A trait implementation must define all non-default associated items.")], tokens: 20)
        #expect(try #require(HeuristicExtractor().extractRanked([reference]).first).features["section_weak"] == 0)
    }
}
