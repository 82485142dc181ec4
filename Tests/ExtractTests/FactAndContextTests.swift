import Testing
@testable import Extract
import RulesMakerCore

@Suite("Cues in context, descriptive facts, field labels")
struct FactAndContextTests {
    let classifier = GuidanceClassifier()
    let extractor = HeuristicExtractor()

    @Test("prohibition words lead a clause to prohibit", arguments: [
        ("Never share a handle between threads.", true),
        ("Do not call `flush()` from a callback.", true),
        ("Copy the file first, never edit it in place.", true),
        ("The widget would never redraw the frame in that case.", false),
        ("If you don't need the result, the call returns at once.", false),
    ])
    func prohibitionPlace(sentence: String, prohibits: Bool) {
        #expect(classifier.analyze(sentence).has(.prohibition) == prohibits, "\(classifier.analyze(sentence).signals)")
    }

    @Test("'may not be', 'no longer' and 'is removed' are strong only in their normative sense")
    func ambiguousCues() throws {
        #expect(try #require(classifier.classify("A frozen buffer may not be modified.")).kind == .never)
        #expect(!classifier.analyze("A single retry may not be sufficient for slow links.").has(.prohibition))
        #expect(classifier.analyze("The `grid` option is no longer supported.").has(.deprecation))
        #expect(!classifier.analyze("The buffer is freed when it is no longer reachable.").has(.deprecation))
        #expect(!classifier.analyze("The entry is removed from the cache and discarded.").has(.deprecation))
        #expect(classifier.analyze("The `grid` option was removed in 3.0.").has(.deprecation))
        // What no longer exists is a removed API only when the clause names one.
        #expect(classifier.analyze("The `grid()` function no longer exists.").has(.deprecation))
        #expect(!classifier.analyze("Destroys resources that exist in the state but no longer exist in the configuration.").has(.deprecation))
        #expect(!classifier.analyze("The `prune` command removes branches that no longer exist on the remote.").has(.deprecation))
        #expect(!classifier.analyze("In 3.0 the temporary files no longer exist after exit.").has(.deprecation))
        #expect(classifier.analyze("The `io.open_code` hook no longer exists.").has(.deprecation))
    }

    @Test("a reference summary in the imperative mood ('Return …') is not an instruction")
    func summaryMood() {
        #expect(!classifier.analyze("Return a new frame of the same size.").has(.imperative))
        #expect(classifier.analyze("Close the frame when you are done.").has(.imperative))
    }

    @Test("descriptive facts about an API are kept weaker than guidance")
    func facts() throws {
        let rules = extractor.extract([chunk([
            .paragraph([.text("The "), .code("Runner.invoke()"), .text(" method runs the command in isolation and captures its output.")]),
            para("You must close the runner when the test ends."),
            para("The project started as a weekend experiment among friends."),
        ])])
        let fact = try #require(rules.first { $0.text.contains("runs the command in isolation") })
        let guidance = try #require(rules.first { $0.text.contains("must close the runner") })
        #expect(fact.score < guidance.score)
        #expect(!rules.contains { $0.text.contains("weekend") })
    }

    @Test("the events a lead-in waits for are no rules of their own, even one that names a risk")
    func eventItems() {
        #expect(Walker.enumeratesConditions("The current thread lies dormant until one of four things happens:"))
        #expect(Walker.enumeratesConditions("It waits until one of 3 things occur:"))
        #expect(!Walker.enumeratesConditions("Pick one of four things to change:"))
        #expect(Walker.enumeratesConditions("The thread waits until one of the following four things happens:"))
        #expect(Walker.enumeratesConditions("It blocks until one of these things occurs:"))
        #expect(!Walker.enumeratesConditions("It blocks until one of things happens:"))
        let rules = extractor.extract([chunk([
            para("The lock associated with this condition is atomically released and the current thread lies dormant until one of four things happens:"),
            .list(ordered: false, items: [
                [para("Some other thread invokes the `signal()` method for this Condition and the current thread is chosen.")],
                [para("Some other thread invokes the `signalAll()` method for this Condition.")],
                [para("Some other thread interrupts the current thread, and interruption of thread suspension is supported.")],
                [para("The specified waiting time elapses.")],
                [para("A \"spurious wakeup\" occurs.")],
                [para("The caller must hold the lock before it waits.")],
            ]),
        ])])
        #expect(!rules.contains { $0.text.contains("spurious") }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.contains("signalAll") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.contains("must hold the lock") }, "\(rules.map(\.text))")
        // Outside such a list the same words warn.
        let alone = extractor.extract([chunk([para("A spurious wakeup occurs when the platform resumes a waiting thread.")])])
        #expect(alone.contains { $0.text.contains("spurious") })
    }

    @Test("a behavioural statement without identifiers is a fact")
    func behaviourFact() {
        let rules = extractor.extract([chunk([para("A write to a shared slot is only visible to readers that acquire the lock afterwards.")])])
        #expect(rules.count == 1)
    }

    @Test("plain-word code spans lose their backticks; code-shaped ones keep them")
    func plainWords() {
        #expect(Condense.plainWordSpans("Implement the `Parse` trait for `Item`.") == "Implement the Parse trait for Item.")
        // A span written right after a word keeps its backticks (else the two run together); a suffix after one joins it.
        #expect(Condense.plainWordSpans("think of it as`componentDidMount` combined") == "think of it as`componentDidMount` combined")
        #expect(Condense.plainWordSpans("all `RefMut`s derived from it") == "all RefMuts derived from it")
        #expect(Condense.plainWordSpans("as `componentDidMount`dan `componentDidUpdate`") == "as `componentDidMount`dan componentDidUpdate")
        #expect(Condense.plainWordSpans("Set `pool_size` or call `Pool.dispose()`.") == "Set `pool_size` or call `Pool.dispose()`.")
        #expect(Condense.plainWordSpans("Pass `--force` and `x2`, not `a b`") == "Pass `--force` and `x2`, not `a b`")
        // A keyword or literal stays code: without backticks it reads as an English word.
        #expect(Condense.plainWordSpans("Use the `in` keyword; `null` is not allowed in a `with` block.")
                == "Use the `in` keyword; `null` is not allowed in a `with` block.")
        // A command written one span per word is one span.
        #expect(Inlines.ruleText([.text("Run "), .code("git"), .text(" "), .code("commit"), .text(" after staging.")])
                == "Run `git commit` after staging.")
        #expect(Inlines.ruleText([.code("a"), .text(", "), .code("b")]) == "`a`, `b`")
        // A picture set off by commas leaves one comma.
        #expect(Inlines.ruleText([.text("with a Saved Search icon, "), .image(alt: ""), .text(", instead of the folder icon.")])
                == "with a Saved Search icon, instead of the folder icon.")
        #expect(Condense.plainWordSpans("unbalanced `tick") == "unbalanced `tick")
    }

    @Test("field-list labels are not API names; a parameter entry names its whole item")
    func fieldLabels() throws {
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.text("connect(timeout)")], anchor: "Pool.connect", definition: [
                .definitionList([DefinitionItem(term: [.text("Parameters")], anchor: nil, definition: [
                    .list(ordered: false, items: [[
                        .paragraph([.strong("timeout"), .text(" – ")]),
                        para("Seconds to wait; values below one second must not be used."),
                    ]]),
                ])]),
            ])]),
        ])])
        let r = try #require(rules.first { $0.text.contains("must not be used") })
        #expect(r.subjects.first == "timeout")
        #expect(!rules.contains { $0.subjects.contains("Parameters") })
        #expect(ApiName.isFieldLabel("Returns:"))
        #expect(!ApiName.isFieldLabel("Pool.connect"))
    }
}

/// The ASCII fast path of `Identifiers.looksLikeCode` agrees with the general form.
@Suite struct LooksLikeCodeParityTests {
    @Test func asciiFastPathMatchesGeneral() {
        let tokens = ["pool_size", "Session.begin()", "--force", "--1", "e.g", "i.e", "sys.path", "CamelCase", "ALLCAPS", "key=value",
                      "Type::path", "http://x.org", "a..bcd", ".foo.bar", "plain", "iOS", "ab", "x_y!", "x_y#", "@app.task", "1.2.3", "foo.",
                      "v15.1.0", "V2.0", "v8.isolate", "vm.Script"]
        for t in tokens {
            #expect(Identifiers.looksLikeCode(t) == Identifiers.looksLikeCodeGeneral(t), "\(t)")
        }
    }

    @Test func versionsAreNoNames() {
        // Node's "Added in: v15.1.0, v14.17.0" names no API; `v8.serialize()` and `vm.Script` do.
        #expect(Identifiers.find(in: "Added in: v15.1.0, v14.17.0, v12.22.0") == [])
        #expect(Identifiers.find(in: "Use v8.serialize() or vm.Script since v3.2.") == ["v8.serialize()", "vm.Script"])
    }

    @Test func runOnSentencesAreNoDottedNames() {
        // A full stop without its space ("… system database.If this doesn't apply …") joins two sentences, not a name.
        #expect(Identifiers.find(in: "Used by your system database.If this doesn't apply, call `reset()` and `os.Getenv`.")
                == ["reset()", "os.Getenv"])
        #expect(Identifiers.find(in: "Read it with os.Getenv or sys.path first.") == ["os.Getenv", "sys.path"])
        #expect(Identifiers.find(in: "Use time.After to bound the wait, and sync.Once for the set-up.") == ["time.After", "sync.Once"])
    }

    @Test func collapseSpacesFoldsUnicodeWhitespace() {
        #expect(Inlines.collapseSpaces("  a \u{00A0}\n b\tc  ") == "a b c")
    }
}
