import Testing
@testable import Extract
import RulesMakerCore

@Suite("The API a statement is about: method anchors, sub-headings, chunk breadcrumbs")
struct ApiSubjectTests {
    let extractor = HeuristicExtractor()

    @Test("an entry whose term carries its argument is named by its first word: option, identifier or call")
    func entryTermsWithArguments() {
        func subject(_ term: String, _ rest: String) -> String? { ParameterEntry.split([.code(term), .text(rest)]).subject }
        #expect(subject("--ws <str>", " - Use 'none' to ignore all websocket requests.") == "--ws")
        #expect(subject("leak_check [full*|summary]", " - Performs a leak check.") == "leak_check")
        #expect(subject("VALGRIND_MEMPOOL_TRIM(pool, addr, size)", ": Trims the pool.") == "VALGRIND_MEMPOOL_TRIM()")
        #expect(subject("timeout", " – Seconds to wait.") == "timeout")
        // A phrase is no name.
        #expect(subject("the pool size", " - how many connections") == nil)
        let rules = extractor.extract([chunk([.list(ordered: false, items: [[
            .paragraph([.code("--reload-dir <path>"), .text(" - Set reload directories explicitly.")]),
            para("If unused, then by default the whole current directory will be watched."),
        ]])])])
        #expect(rules.contains { $0.text.hasPrefix("`--reload-dir`: If unused") }, "\(rules.map(\.text))")
    }

    @Test("an option written with its argument is named without it; a placeholder term names itself; an aside or a synopsis group is no call")
    func optionsPlaceholdersAndAsides() {
        #expect(ApiName.fromSignatureText("--strategy=<strategy>") == "--strategy")
        // A Haskell type signature names its function; a type's name or prose with "::" does not.
        #expect(ApiName.fromHeading("takeMVar :: MVar a -> IO a") == "takeMVar")
        #expect(ApiName.fromHeading("modifyMVar_ :: MVar a -> (a -> IO a) -> IO ()") == "modifyMVar_")
        #expect(ApiName.fromHeading("Notes :: read these first") == nil)
        #expect(ApiName.fromHeading("std :: vector") == nil)
        #expect(ApiName.fromSignatureText("-X<option>; --strategy-option=<option>") == "--strategy-option")
        #expect(ApiName.fromSignatureText("--color[=<when>]") == "--color")
        #expect(ApiName.fromSignatureText("<stash>") == "<stash>")
        // A C declarator's pointer mark is the type's (Texinfo's "Function: void *ffi_closure_alloc (size_t size, void **code)").
        #expect(ApiName.fromSignatureText("Function: void *ffi_closure_alloc (size_t size, void **code)") == "ffi_closure_alloc()")
        #expect(ApiName.fromSignatureText("const char * xmlGetNodePath (xmlNodePtr node)") == "xmlGetNodePath()")
        #expect(ApiName.fromSignatureText("**kwargs") != "kwargs")
        // A sentence declares nothing (pod2html's numbered cases).
        #expect(ApiName.fromSignatureText("2. convert_blessed is enabled and the object has a TO_JSON method.") == nil)
        // Values it lists stay; an anchor (DocBook's `#opt.xml`) does not name an option.
        #expect(ApiName.fromSignatureText("--history-level=none|approx|full") == "--history-level=none|approx|full")
        #expect(ApiName.fromSignature([.code("--xml=<yes|no> [default: no]")], anchor: "opt.xml") == "--xml=<yes|no>")
        #expect(ApiName.fromSignature([.code("--log-file=<filename>")], anchor: "opt.log-file") == "--log-file")
        #expect(ApiName.fromSignatureText("<pathspec>…") == "<pathspec>")
        #expect(ApiName.fromSignatureText("export ( --print | --to-ref <ref> ) [<stash>…]") == "export")
        #expect(ApiName.fromSignatureText("Non-fair mode (default)") == nil)
        // Prose with punctuation inside is no name either.
        #expect(ApiName.fromSignatureText("Recovering stash entries that were cleared/dropped erroneously") == nil)
        #expect(ApiName.fromSignatureText("Implementation Requirements:") == nil)
        // Calls stay calls, with or without a space before the parenthesis.
        #expect(ApiName.fromSignatureText("g_free (gpointer mem)") == "g_free()")
        #expect(ApiName.fromSignatureText("flask.Flask(import_name, static_url_path=None)") == "flask.Flask()")
        #expect(ApiName.fromSignatureText("public void lock (long timeout)") == "lock()")
        #expect(ApiName.fromSignatureText("ipairs (t)") == "ipairs()")
        #expect(ApiName.fromSignatureText("Queuing, scheduling (advanced)") == nil)
        #expect(ApiName.fromSignatureText("-s <strategy>; --strategy=<strategy>") == "--strategy")
        #expect(ApiName.fromSignatureText("<>...") != "<>")
        // Generic parameter lists with spaces in them.
        #expect(ApiName.fromHeading("pub fn wait<'a, T>( &self, guard: MutexGuard<'a, T>, ) -> LockResult<MutexGuard<'a, T>>", anchor: "method.wait") == "wait()")
        #expect(ApiName.fromSignatureText("public static <T> List<T> asList(T... a)") == "asList()")
        #expect(ApiName.withoutGenerics("Map<K, List<V>> of") == "Map of")
        #expect(ApiName.withoutGenerics("a < b") == "a < b")
        // An option is not named by a longer option it begins.
        #expect(!Identifiers.mentions("See `--xml-fd` and `--xml-file`.", "--xml"))
        #expect(Identifiers.mentions("Pass `--xml=yes` to get XML.", "--xml"))
        // Its rules carry its name unless they open with it.
        let rules = extractor.extract([chunk([.definitionList([
            DefinitionItem(term: [.strong("--threshold=<m.n>")], anchor: nil, definition: [para("Same as Massif's `--threshold` option, but it must be given as a percentage.")]),
        ])])])
        #expect(rules.contains { $0.text.hasPrefix("`--threshold`: Same as Massif's") }, "\(rules.map(\.text))")
    }

    @Test("a path to another item's member does not name the entry's own")
    func pathsToOtherItems() {
        #expect(!Identifiers.namesAPI(Identifiers.withoutPaths("As with `MaybeUninit::assume_init`, it is up to the caller …", to: "assume_init"), "assume_init"))
        #expect(Identifiers.namesAPI(Identifiers.withoutPaths("Call `assume_init` only once.", to: "assume_init"), "assume_init"))
        // A name as the first part of a hyphenated word ("`read`-able") does not say which API the sentence is about.
        #expect(!Identifiers.namesAPI("This option, when true, will indicate that the file should be `read`-able if opened.", "read"))
        #expect(Identifiers.namesAPI("Unlike `read`-only handles, `read` consumes the buffer.", "read"))
        let rules = extractor.extract([chunk([
            .heading(level: 4, text: "pub unsafe fn assume_init(self) -> Arc<T, A>", anchor: "method.assume_init"),
            para("As with `MaybeUninit::assume_init`, it is up to the caller to guarantee that the inner value really is in an initialized state."),
        ])])
        #expect(rules.contains { $0.text.hasPrefix("`assume_init()`: As with") }, "\(rules.map(\.text))")
        // The same method of another owner does not name it either; the entry's own owner in any case does.
        #expect(Identifiers.withoutOtherOwners("Use `emitter.listenerCount()` instead.", owner: "events", name: "listenerCount") == "Use `emitter.()` instead.")
        #expect(Identifiers.withoutOtherOwners("Call `session.commit()` first.", owner: "Session", name: "commit") == "Call `session.commit()` first.")
        #expect(Identifiers.withoutOtherOwners("See `emitter.listenerCounts`.", owner: "events", name: "listenerCount") == "See `emitter.listenerCounts`.")
        #expect(Identifiers.withoutOtherOwners("Call `self.close()` when done.", owner: "Connection", name: "close") == "Call `self.close()` when done.")
        let node = extractor.extract([chunk([
            .heading(level: 3, text: "`events.listenerCount(emitter, eventName)`", anchor: "eventslistenercountemitter-eventname"),
            para("Stability: 0 - Deprecated: Use `emitter.listenerCount()` instead."),
        ])])
        #expect(node.contains { $0.text.hasPrefix("`events.listenerCount()`: ") }, "\(node.map(\.text))")
    }

    @Test("a plain heading whose anchor names a method is that method (Javadoc, rustdoc)")
    func anchoredHeading() {
        // GNU style: a space before the call's parenthesis (gtk-doc); not a product and its aside.
        #expect(ApiName.fromHeading("xsltCheckRead ()") == "xsltCheckRead()")
        for aside in ["macOS (Homebrew)", "useEffect (React hook)", "next.js (App Router)", "my_app (example project)", "iOS (legacy)"] {
            #expect(ApiName.fromHeading(aside) != aside.split(separator: " ")[0] + "()", "\(aside)")
        }
        #expect(ApiName.fromHeading("close", anchor: "close()") == "close()")
        // A file in a folder is where an example's code goes, not an API.
        #expect(ApiName.fromHeading("blog/views.py") == nil && ApiName.fromHeading("`src/main.rs`") == nil)
        #expect(ApiName.isFilePath("src/bin/main.rs") && !ApiName.isFilePath("/download/") && !ApiName.isFilePath("application/json"))
        #expect(ApiName.fromHeading("Cargo.toml") != nil || ApiName.fromHeading("`Cargo.toml`") != nil)
        #expect(ApiName.fromHeading("submit", anchor: "submit(java.lang.Runnable,int)") == "submit()")
        #expect(ApiName.fromHeading("close", anchor: "method.close") == "close()")
        #expect(ApiName.fromHeading("Closing", anchor: "closing") == nil)
        #expect(ApiName.fromHeading("Thread safety", anchor: "close()") == nil)
        // Overloads are told apart by the parameter types their anchors list (Java 9+ and Java 8 forms).
        let overloaded: Set<String> = ["tryAcquire", "Semaphore", "toArray", "of"]
        #expect(ApiName.fromHeading("tryAcquire", anchor: "tryAcquire(int,long,java.util.concurrent.TimeUnit)", overloaded: overloaded)
                == "tryAcquire(int, long, TimeUnit)")
        #expect(ApiName.fromHeading("tryAcquire", anchor: "tryAcquire()", overloaded: overloaded) == "tryAcquire()")
        #expect(ApiName.fromHeading("tryAcquire", anchor: "tryAcquire-long-java.util.concurrent.TimeUnit-", overloaded: overloaded)
                == "tryAcquire(long, TimeUnit)")
        #expect(ApiName.fromHeading("toArray", anchor: "toArray-T:A-", overloaded: overloaded) == "toArray(T[])")
        #expect(ApiName.fromHeading("of", anchor: "of(java.lang.Object...)", overloaded: overloaded) == "of(Object...)")
        #expect(ApiName.fromHeading("Semaphore", anchor: "%3Cinit%3E(int,boolean)", overloaded: overloaded) == "Semaphore(int, boolean)")
        #expect(ApiName.fromHeading("submit", anchor: "submit(java.lang.Runnable,int)", overloaded: overloaded) == "submit()")
        #expect(ApiName.withoutArguments("tryAcquire(int, long, TimeUnit)") == "tryAcquire")
        #expect(ApiName.withoutArguments("close()") == "close")
        #expect(ApiName.withoutArguments("(a)") == "(a)")
        #expect(ApiName.withoutArguments("operator()(int)") == "operator()")
        // A name with an aside keeps it: the aside tells entries of one name apart (DHAT's sort metrics).
        #expect(ApiName.fromSignature([.strong("Total (bytes)")]) == "Total (bytes)")
        #expect(ApiName.fromSignature([.strong("Total (blocks), tiny")]) == "Total (blocks), tiny")
        // Not a call-out's or a step's title, nor words after the aside; an aside is no call.
        #expect(ApiName.fromSignature([.strong("Note (advanced)")]) != "Note (advanced)")
        #expect(ApiName.fromSignature([.strong("Step (optional) Configure the proxy")]) != "Step (optional) Configure the proxy")
        #expect(ApiName.fromSignature([.strong("Windows (legacy) users")]) != "Windows (legacy) users")
        #expect(!ApiName.isCall("Total (bytes)") && ApiName.isCall("close()") && ApiName.isCall("tryAcquire(long, TimeUnit)"))
        #expect(ApiName.withoutArguments("Total (bytes)") == "Total (bytes)")
        // As a label it reads as words: "Total (bytes): …".
        let metrics = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.strong("Total (bytes)")], anchor: nil, definition: [para("Highly useful: you should sort by it first.")]),
                             DefinitionItem(term: [.strong("Total (blocks)")], anchor: nil, definition: [para("This is the default sort metric; you should keep it.")])]),
        ])])
        #expect(metrics.contains { $0.text.hasPrefix("Total (bytes): ") } && metrics.contains { $0.text.hasPrefix("Total (blocks): ") }, "\(metrics.map(\.text))")
        // Java 8's dash form only with Java types: a slug is no call.
        #expect(ApiName.fromHeading("options", anchor: "options-advanced-", overloaded: ["options"]) == nil)
    }

    @Test("a parameter name several calls of a page share is named with its call; a name of one call is not")
    func sharedParameterNames() throws {
        func function(_ name: String, _ params: [(String, String)]) -> [ContentBlock] {
            [.heading(level: 2, text: name + "()", anchor: name),
             .definitionList([DefinitionItem(term: [.strong("Parameters")], anchor: nil, definition: [
                .definitionList(params.map { DefinitionItem(term: [.strong($0.0)], anchor: nil, definition: [para($0.1)]) })])])]
        }
        let rules = extractor.extract([chunk(
            function("ubrk_openBinaryRules", [("rulesLength", "The length of binaryRules in bytes; must be >= 0."),
                                              ("binaryRules", "The compiled rules must not be modified or deleted during the life of the iterator.")])
            + function("ubrk_openRules", [("rulesLength", "The length of the rules, or -1 if the rules must be null-terminated.")])
        )])
        #expect(rules.contains { $0.text.hasPrefix("`rulesLength` (`ubrk_openBinaryRules()`): The length of binaryRules") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.hasPrefix("`rulesLength` (`ubrk_openRules()`): The length of the rules") })
        #expect(rules.contains { $0.text.hasPrefix("`binaryRules`: The compiled rules must not be modified") })
        // Across chunks of one page too.
        let split = extractor.extract([chunk(function("ubrk_openBinaryRules", [("rulesLength", "The length of binaryRules in bytes; must be >= 0.")])),
                                       chunk(function("ubrk_openRules", [("rulesLength", "The length of the rules, or -1 if the rules must be null-terminated.")]))])
        #expect(split.contains { $0.text.hasPrefix("`rulesLength` (`ubrk_openRules()`): ") }, "\(split.map(\.text))")
    }

    @Test("a parameter entry's term (name, its type, a dash) becomes the rule's label")
    func parameterEntryTerms() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "dump()", anchor: "json.dump"),
            .list(ordered: false, items: [
                [.paragraph([.strong("ensure_ascii"), .text(" (bool) – If True (the default), non-ASCII characters must be escaped.")])],
                [.paragraph([.code("https_only"), .text(" - Indicate that the Secure flag must be set. Defaults to False.")])],
            ]),
        ])])
        #expect(rules.contains { $0.text.hasPrefix("`ensure_ascii`: If True (the default), non-ASCII characters must be escaped.") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.hasPrefix("`https_only`: Indicate that the Secure flag must be set.") })
        #expect(Walker.withoutEntryTerm("skipkeys (bool) – If True, keys are skipped.", "skipkeys") == "If True, keys are skipped.")
        // Text that only opens with the name, or names nothing after the dash, keeps its words.
        #expect(Walker.withoutEntryTerm("skipkeys is False by default.", "skipkeys") == nil)
        #expect(Walker.withoutEntryTerm("timeout - 30", "timeout") == nil)
    }

    @Test("a module's bare version note is labelled with the module a title names, not the whole title")
    func moduleVersionNotes() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 1, text: "contextvars — Context Variables", anchor: "module-contextvars"),
            .admonition(kind: .versionAdded, title: nil, blocks: [para("Added in version 3.7.")]),
        ])])
        #expect(rules.contains { $0.text == "contextvars: Added in version 3.7." }, "\(rules.map(\.text))")
        #expect(Walker.moduleName("contextvars — Context Variables") == "contextvars")
        #expect(Walker.moduleName("`subprocess` — Subprocess management") == "subprocess")
        #expect(Walker.moduleName("Sessions — the basics") == nil)
        #expect(Walker.moduleName("Connection Pooling") == nil)
    }

    @Test("a row of a table of properties is about its name, its description first; rows join no prose")
    func propertyTables() throws {
        let table = Table(header: [[.text("Property")], [.text("Type")], [.text("Description")]], rows: [
            [[.code("rollbackFor")], [.text("Array of "), .code("Class"), .text(" objects, derived from "), .code("Throwable.")],
             [.text("Optional array of exception types that must cause rollback.")]],
            [[.link(text: "timeout", url: "#timeout")], [.code("int")], [.text("Must be set in seconds")]],
            // A cell that only marks "nothing here" is left out.
            [[.code("retries")], [.text("—")], [.text("Must not be negative.")]],
        ])
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "Settings", anchor: "settings"),
            .table(table),
            para("You must not annotate private methods."),
        ])])
        #expect(rules.contains {
            // (One-word spans in the text read as words, as everywhere.)
            $0.text == "`rollbackFor`: Optional array of exception types that must cause rollback. Type: Array of Class objects, derived from Throwable."
        }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text == "`timeout`: Must be set in seconds. Type: int." })
        #expect(rules.contains { $0.text == "`retries`: Must not be negative." }, "\(rules.map(\.text))")
        // Each row is a passage of its own, so the prose after the table is not part of its last row's item.
        let passages = rules.filter { $0.text.hasPrefix("`rollbackFor`") || $0.text.hasPrefix("`timeout`") || $0.text.hasPrefix("You must not") }.map(\.passage)
        #expect(Set(passages).count == 3, "\(passages)")
        // A first column that does not name keeps the fields.
        #expect(Walker.rowName("`GET`", header: "Method") == "GET" && Walker.rowName("Two words", header: "Name") == nil)
        #expect(Walker.rowName("`x`", header: "Version") == nil)
    }

    @Test("a block tag printed as it stands is no statement; a full stop inside a code span goes after it")
    func rawTagsAndStops() {
        #expect(Walker.isRawBlockTag("@stable ICU 3.6") && Walker.isRawBlockTag("@internal"))
        #expect(!Walker.isRawBlockTag("@deprecated ICU 63 Use ucnv_open() instead."))
        #expect(!Walker.isRawBlockTag("@Transactional works only on public methods."))
        let rules = extractor.extract([chunk([
            para("When closing the UText, the associated text must also be closed."),
            para("@stable ICU 3.6"),
            .paragraph([.text("The propagation setting must be "), .code("PROPAGATION_REQUIRED."), .text(" Use "), .code("..."), .text(" to elide.")]),
        ])])
        #expect(!rules.contains { $0.text.contains("@stable") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.hasPrefix("The propagation setting must be `PROPAGATION_REQUIRED`. Use `...`") })
    }

    @Test("review cases: what the session's new readings must leave alone")
    func reviewCases() {
        // A list its lead-in's rule took still ends the lead-in's reach: the paragraph after it inherits nothing.
        let after = extractor.extract([chunk([
            para("There are places where you have to be careful:"),
            .list(ordered: false, items: [[para("uploaded HTML files")], [para("generated SVG files")]]),
            para("This also applies to files served from a CDN."),
        ])]).map(\.text)
        #expect(!after.contains { $0.contains("CDN") }, "\(after)")
        // A list item without its full stop is no caption.
        // A paragraph that is only a condition, above a list, is a caption.
        let caption = extractor.extract([chunk([
            para("If you need to stream rows from a large table"),
            .list(ordered: false, items: [[para("Use `yield_per()`, which you must size to your memory.")]]),
        ])]).map(\.text)
        #expect(!caption.contains("If you need to stream rows from a large table"), "\(caption)")
        let items = extractor.extract([chunk([
            .list(ordered: false, items: [[para("If the pool is full the caller must wait")], [para("When `debug` is true the server must not be exposed")]]),
        ])]).map(\.text)
        #expect(items.count == 2, "\(items)")
        // A decorator opening a sentence is no block tag; a tag after a sentence goes.
        #expect(!Walker.isRawBlockTag("@property must be outermost."))
        #expect(Walker.withoutRawBlockTag("Callers must check it. @stable ICU 3.6") == "Callers must check it.")
        #expect(Walker.withoutRawBlockTag("Callers must check it. @draft ICU 74. @internal") == "Callers must check it.")
        #expect(Walker.withoutRawBlockTag("Use @Transactional on public methods. @Transactional works by proxies.")
                == "Use @Transactional on public methods. @Transactional works by proxies.")
        let tagged = extractor.extract([chunk([para("Returns true if the two UTexts are equal; callers must check it. @stable ICU 3.6")])]).map(\.text)
        #expect(tagged.contains("Returns true if the two UTexts are equal; callers must check it."), "\(tagged)")
        // An aside is no call, keyword or not; generics nest and hold function types.
        #expect(ApiName.fromSignatureText("Default (recommended)") == nil && ApiName.fromSignatureText("Field (optional)") == nil)
        #expect(ApiName.fromHeading("pub fn from_iter<I: IntoIterator<Item = Vec<T>>>(iter: I) -> Self") == "from_iter()")
        #expect(ApiName.fromHeading("pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Option<U>") == "map()")
        // A full stop stays in a span that is not a sentence's end.
        #expect(Inlines.ruleText([.text("Prefix it with "), .code("self."), .text(" to reach it.")]) == "Prefix it with `self.` to reach it.")
        #expect(Inlines.ruleText([.text("The default is "), .code("10."), .text(" Use more.")]) == "The default is `10.` Use more.")
        #expect(Inlines.ruleText([.text("Always encode as "), .code("utf8."), .text(" Then hash it.")]) == "Always encode as `utf8`. Then hash it.")
        // A line break in the source before a link's comma is no space before the comma; an ellipsis keeps its space.
        #expect(Inlines.ruleText([.text("formats: "), .link(text: "JSON", url: "u"), .text("\n, "), .link(text: "Datastore", url: "v"), .text(" , and more.")])
                == "formats: JSON, Datastore, and more.")
        #expect(Inlines.ruleText([.text("Call "), .code("f()"), .text(" ... then return.")]) == "Call `f()` ... then return.")
        #expect(Inlines.ruleText([.text("Build with "), .code("dotnet"), .text(" .NET 8 or the script "), .link(text: "bootstrap", url: "u"), .text(" ./configure.")])
                == "Build with `dotnet` .NET 8 or the script bootstrap ./configure.")
        // Node.js names a parameter's types as links after it: they go in parentheses before its description.
        #expect(Inlines.ruleText([.code("delay"), .text(" "), .link(text: "<number>", url: "u"), .text(" The number of milliseconds to wait. "),
                                  .strong("Default:"), .text(" "), .code("1"), .text(".")])
                == "`delay` (`<number>`): The number of milliseconds to wait. Default: `1`.")
        #expect(Inlines.ruleText([.code("filename"), .text(" "), .link(text: "<string>", url: "u"), .text(" | "), .link(text: "<URL>", url: "v"),
                                  .text(" The path to the Worker's main script.")])
                == "`filename` (`<string>` | `<URL>`): The path to the Worker's main script.")
        // Not a sentence that opens with code and a link.
        #expect(Inlines.ruleText([.code("open()"), .text(" "), .link(text: "returns a handle", url: "u"), .text(" you must close.")])
                == "`open()` returns a handle you must close.")
        #expect(Inlines.ruleText([.text("Derive from "), .code("Throwable."), .text(" "), .code("errno"), .text(" is set too.")])
                == "Derive from `Throwable`. `errno` is set too.")
        // Names keep their capital in a joined list; a letterlike symbol is no pictograph.
        #expect(Walker.shortListText(.list(ordered: false, items: [[para("Python 3.10 or later")], [para("Django 4.2 or later")]]))
                == "Python 3.10 or later; Django 4.2 or later.")
        #expect(Walker.withoutLeadingPictograph("™ marks are kept.") == "™ marks are kept.")
        #expect(!GuidanceClassifier.isCapability("noticeable") && GuidanceClassifier.isCapability("modifiable"))
        #expect(Walker.moduleName("overview — what it is") == nil)
    }

    @Test("a pictograph a paragraph opens with is decoration")
    func leadingPictographs() {
        #expect(Walker.withoutLeadingPictograph("⚠️ For as long as the runtime lacks it, do not file bugs.") == "For as long as the runtime lacks it, do not file bugs.")
        #expect(Walker.withoutLeadingPictograph("💡 Tip: prefer keyword arguments.") == "Tip: prefer keyword arguments.")
        #expect(Walker.withoutLeadingPictograph("#1 rule: never share it.") == "#1 rule: never share it.")
        #expect(Walker.withoutLeadingPictograph("3 threads must wait.") == "3 threads must wait.")
        #expect(Walker.withoutLeadingPictograph("⚠️") == "⚠️")
    }

    @Test("a lead-in whose short list says what happens is as strong as its list, and takes it along")
    func leadInsStrongAsTheirLists() {
        let rules = extractor.extract([chunk([
            .heading(level: 3, text: "get()", anchor: "ContextVar.get"),
            para("If there is no value for the variable in the current context, the method will:"),
            .list(ordered: false, items: [[para("return the default value, if it was created with one; or")],
                                          [.paragraph([.text("raise a "), .code("LookupError"), .text(".")])]]),
        ])])
        #expect(rules.contains {
            $0.text.hasSuffix("the method will: return the default value, if it was created with one; or raise a LookupError.")
        }, "\(rules.map(\.text))")
        // Its items are said there: no rules of their own.
        #expect(rules.count == 1, "\(rules.map(\.text))")
    }

    @Test("a condition that stops without its consequence is a caption, not a rule")
    func conditionFragments() {
        #expect(Walker.isConditionFragment("If you need to skip both ssl related errors"))
        #expect(!Walker.isConditionFragment("If you need to skip both errors, catch ClientSSLError."))
        #expect(!Walker.isConditionFragment("When the pool is full the call must block."))
        #expect(!Walker.isConditionFragment("Always close the pool"))
        let rules = extractor.extract([chunk([para("If you must skip both ssl related errors"), .code(language: "python", text: "pass")])])
        #expect(rules.isEmpty, "\(rules.map(\.text))")
    }

    @Test("a heading that only says 'notes' names no topic a rule is labelled with")
    func noteHeadings() {
        #expect(!Walker.isTopicHeading("Implementation Notes") && !Walker.isTopicHeading("API Note") && !Walker.isTopicHeading("Important"))
        #expect(Walker.isTopicHeading("Keep-alive times"))
    }

    @Test("Javadoc overloads of one name are named with their parameter types; a name with one entry is not")
    func javadocOverloads() throws {
        func entry(_ name: String, _ anchor: String, _ text: String) -> [ContentBlock] {
            [.heading(level: 3, text: name, anchor: anchor), para(text)]
        }
        let rules = extractor.extract([chunk(
            entry("tryAcquire", "tryAcquire()", "This method never waits; it must not be used where fairness matters.")
            + entry("tryAcquire", "tryAcquire(long,java.util.concurrent.TimeUnit)", "InterruptedException must be handled: it is thrown if the current thread is interrupted while waiting.")
            + entry("drainPermits", "drainPermits()", "Permits must not be drained while other threads still need them.")
        )])
        #expect(rules.contains { $0.text.hasPrefix("`tryAcquire()`: This method never waits") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.hasPrefix("`tryAcquire(long, TimeUnit)`: InterruptedException must be handled") })
        #expect(rules.contains { $0.text.hasPrefix("`drainPermits()`: Permits must not") })
        // An overload's entry cut into two chunks: the second names it from its breadcrumb and anchor.
        let split = extractor.extract([
            chunk(entry("tryAcquire", "tryAcquire()", "This method never waits; it must not be used where fairness matters.")),
            Chunk(id: "c2", source: SourceRef(url: "https://docs.example.com/page.html", anchor: "tryAcquire(long,java.util.concurrent.TimeUnit)",
                                              breadcrumb: ["Page", "Class Semaphore", "Method Details", "tryAcquire"]),
                  pageTitle: "Page", blocks: [para("InterruptedException must be handled: it is thrown if the current thread is interrupted while waiting.")], tokens: 50),
        ])
        #expect(split.contains { $0.text.hasPrefix("`tryAcquire(long, TimeUnit)`: InterruptedException must be handled") }, "\(split.map(\.text))")
    }

    @Test("a heading that is one lower-case hyphenated name names a setting, command or hook")
    func lowerCaseNameHeading() throws {
        #expect(ApiName.fromHeading("codegen-units", anchor: "codegen-units") == "codegen-units")
        #expect(ApiName.fromHeading("prepare-commit-msg", anchor: "_prepare_commit_msg") == "prepare-commit-msg")
        #expect(ApiName.fromHeading("lto", anchor: "lto") == nil)
        #expect(ApiName.fromHeading("Overview", anchor: "overview") == nil)
        #expect(ApiName.fromHeading("Thread-safety", anchor: "thread-safety") == nil)
        #expect(ApiName.fromHeading("thread-safety", anchor: "thread-safety") == nil)
        #expect(ApiName.fromHeading("how-to", anchor: nil) == nil)
        #expect(ApiName.fromHeading("getting started", anchor: nil) == nil)
        let rules = extractor.extract([chunk([
            .heading(level: 3, text: "codegen-units", anchor: "codegen-units"),
            para("The default is 256 for incremental builds, and 16 for non-incremental builds."),
        ])])
        let rule = try #require(rules.first)
        #expect(rule.text.hasPrefix("`codegen-units`: The default is 256"), "\(rule.text)")
    }

    @Test("'Panics', 'Safety' and other sub-headings of an API entry keep its subject; a sibling section does not")
    func subHeadings() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 4, text: "pub fn close(&self)", anchor: "method.close"),
            para("Closes the pool and every idle connection in it."),
            .heading(level: 5, text: "Panics", anchor: "panics"),
            para("Panics if a connection is still checked out."),
            .heading(level: 4, text: "Configuration", anchor: "configuration"),
            para("You must set the pool size before the first checkout."),
        ])])
        let panics = try #require(rules.first { $0.text.contains("Panics if") })
        #expect(panics.text.hasPrefix("`close()`: "), "\(panics.text)")
        #expect(panics.kind == .avoid || panics.kind == .warning)
        let config = try #require(rules.first { $0.text.contains("pool size") })
        #expect(!config.text.contains("close()"))
    }

    @Test("a chunk that starts inside an API entry is about that API")
    func chunkBreadcrumb() throws {
        let c = Chunk(id: "c", source: SourceRef(url: "https://docs.example.com/pool.html", anchor: "panics",
                                                 breadcrumb: ["Pool in pool - Rust", "Struct Pool", "pub fn close(&self)", "Panics"]),
                      pageTitle: "Pool", blocks: [para("Panics if a connection is still checked out.")], tokens: 20)
        let rule = try #require(extractor.extract([c]).first)
        #expect(rule.text == "`close()`: Panics if a connection is still checked out.")
        // The page's top heading names the page, not an entry.
        let top = Chunk(id: "t", source: SourceRef(url: "https://docs.example.com/parse.html", anchor: "overview",
                                                   breadcrumb: ["syn::parse - Rust", "Module syn::parse", "Overview"]),
                        pageTitle: "syn::parse", blocks: [para("You must not call the parser twice on one stream.")], tokens: 20)
        let plain = try #require(extractor.extract([top]).first)
        #expect(plain.text == "You must not call the parser twice on one stream.")
    }

    @Test("rustdoc signature headings name their item; impl blocks and prose headings name none")
    func rustdocHeadings() {
        #expect(ApiName.fromHeading("pub const fn new(t: T) -> Mutex<T>") == "new()")
        #expect(ApiName.fromHeading("pub fn get_cloned(&self) -> Result<T, PoisonError<()>>where T: Clone,") == "get_cloned()")
        #expect(ApiName.fromHeading("pub(crate) unsafe fn from_raw(ptr: *const T) -> Self") == "from_raw()")
        // Generic parameters with bounds of their own (std's `File::open`).
        #expect(ApiName.fromHeading("pub fn open<P: AsRef<Path>>(path: P) -> Result<File>") == "open()")
        #expect(ApiName.fromHeading("pub fn create_new<P: AsRef<Path>>(path: P) -> Result<File>") == "create_new()")
        #expect(ApiName.fromHeading("impl<T: ?Sized + Send> Send for Mutex<T>") == nil)
        #expect(ApiName.fromHeading("impl<T> Mutex<T>") == nil)
        #expect(ApiName.fromHeading("Trait Implementations") == nil)
        #expect(ApiName.fromHeading("Auto Trait Implementations") == nil)
        #expect(ApiName.fromHeading("class Pool") == "Pool")
        #expect(ApiName.fromHeading("Class ArrayList<E>") == "ArrayList")
        #expect(ApiName.fromHeading("function calls (advanced)") == nil)
        // A heading that is one code span names that code, even a plain word (MkDocs / Docusaurus option pages).
        #expect(ApiName.fromHeading("`retries`") == "retries")
        #expect(ApiName.fromHeading("`Pool.close()`") == "Pool.close()")
        #expect(ApiName.fromHeading("retries") == nil)
        // Reference entries named in a sentence-shaped heading (Cargo, MkDocs settings).
        #expect(ApiName.fromHeading("The name field") == "name")
        #expect(ApiName.fromHeading("The [badges] section") == "[badges]")
        #expect(ApiName.fromHeading("The default-members field") == "default-members")
        #expect(ApiName.fromHeading("The Manifest Format") == nil)
        #expect(ApiName.fromHeading("The first section") == nil)
        #expect(ApiName.fromHeading("The following options") == nil)
        // Section numbers of DocBook / Texinfo headings are not names.
        #expect(ApiName.fromHeading("4.1. Overview") == nil)
        #expect(ApiName.fromHeading("2.3 Options") == nil)
        #expect(ApiName.fromHeading("4.2.1 VALGRIND_MEMPOOL_ALLOC") == "VALGRIND_MEMPOOL_ALLOC")
    }

    @Test("an API whose name is a plain word is named in the rule unless the text names it as code")
    func plainWordSubject() throws {
        let c = Chunk(id: "c", source: SourceRef(url: "https://docs.example.com/mutex.html", anchor: "panics",
                                                 breadcrumb: ["Mutex in std::sync", "Struct Mutex", "Implementations", "impl<T: ?Sized> Mutex<T>",
                                                              "pub fn lock(&self) -> LockResult<MutexGuard<'_, T>>", "Panics"]),
                      pageTitle: "Mutex", blocks: [para("This function might panic when called if the lock is already held by the current thread.")],
                      tokens: 20)
        let rule = try #require(extractor.extract([c]).first)
        #expect(rule.text.hasPrefix("`lock()`: This function might panic"), "\(rule.text)")
        let named = Chunk(id: "n", source: c.source, pageTitle: "Mutex",
                          blocks: [para("Calling `lock()` twice on one thread might panic or deadlock.")], tokens: 20)
        #expect(try #require(extractor.extract([named]).first).text.hasPrefix("Calling `lock()`"))
        // A parameter entry that opens with its own name is not prefixed with it again.
        #expect(Identifiers.namesAPI("size – the maximum number of connections; must be positive.", "size"))
        #expect(!Identifiers.namesAPI("sizes vary between pools.", "size"))
        #expect(!Identifiers.namesAPI("Close all pooled connections.", "close"))
        #expect(Identifiers.namesAPI("Gzread does not return -1 on an incomplete stream.", "gzread"))
        // A quoted value in the other quotes, an option named with its value: no second name in front.
        #expect(Identifiers.namesAPI("The `\"evaluate\"` strategy should be avoided if …", "'evaluate'"))
        #expect(Identifiers.namesAPI("`--show-possibly-lost=no` has no effect if …", "--show-possibly-lost="))
        #expect(!Identifiers.namesAPI("The `\"evaluate_all\"` strategy emits a SELECT.", "'evaluate'"))
        #expect(!Identifiers.namesAPI("The `evaluate` strategy emits a SELECT.", "'evaluate'"))
        #expect(!Identifiers.namesAPI("Use `--forced` here.", "--force"))
        // …and keeps its name's case.
        #expect(Condense.sentence("size – the maximum number of connections; must be positive.") == "size – the maximum number of connections; must be positive.")
        #expect(Condense.sentence("skipkeys (bool) – If True, keys that are not of a basic type are skipped.") == "skipkeys (bool) – If True, keys that are not of a basic type are skipped.")
        #expect(Condense.sentence("default (callable | None) – A function that is called for objects.").hasPrefix("default (callable"))
        #expect(Condense.sentence("the pool must be closed before exit.") == "The pool must be closed before exit.")
        // Names keep their case at the head of a sentence: a one-letter variable, a camel-case name, the entry's own
        // name as the subject of a verb; a word that is the entry's name but no subject is capitalised.
        #expect(Condense.sentence("w happens before r.") == "w happens before r.")
        #expect(Condense.sentence("a send must happen first.") == "A send must happen first.")
        #expect(Condense.sentence("deflateEnd returns Z_OK if success.") == "deflateEnd returns Z_OK if success.")
        #expect(Condense.sentence("gzread does not return -1 on a short read.", entryName: "gzread") == "gzread does not return -1 on a short read.")
        #expect(Condense.sentence("gzread does not return -1 on a short read.") == "Gzread does not return -1 on a short read.")
        #expect(Condense.sentence("locale keys such as \"lb\" may be used.", entryName: "locale") == "Locale keys such as \"lb\" may be used.")
        // An aside set off by commas stays whole (what follows may be the example it names); a trailing one goes.
        #expect(Condense.sentence("This can, for example, be useful to remove all build products.") == "This can, for example, be useful to remove all build products.")
        #expect(Condense.sentence("Some keys are reserved, for example, id and type.") == "Some keys are reserved, for example, id and type.")
        #expect(Condense.sentence("Quote the value, for example.") == "Quote the value.")
        #expect(Condense.sentence("Jinja does not understand, for example, JavaScript code.") == "Jinja does not understand, for example, JavaScript code.")
        #expect(Condense.sentence("Escape a literal \"!\", for example, \"\\!important!.txt\".") == "Escape a literal \"!\", for example, \"\\!important!.txt\".")
        // An impl block's docs are not about "Implementations".
        let impl = Chunk(id: "i", source: SourceRef(url: "https://docs.example.com/mutex.html", anchor: "trait-implementations",
                                                    breadcrumb: ["Mutex in std::sync", "Struct Mutex", "Trait Implementations",
                                                                 "impl<T: ?Sized + Send> Sync for Mutex<T>"]),
                         pageTitle: "Mutex", blocks: [para("`T` must be `Send` for `Mutex` to be `Sync`.")], tokens: 20)
        let implRule = try #require(extractor.extract([impl]).first)
        #expect(implRule.text.hasPrefix("T must be Send"), "\(implRule.text)")
        #expect(!implRule.subjects.contains("Implementations"))
    }

    @Test("a signature heading's keywords ('unsafe') are not guidance; an imperative heading naming an API still is")
    func signatureHeadingIsNoGuidance() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 4, text: "pub unsafe fn from_raw_vec(vec: Vec<T, A>) -> BinaryHeap<T, A>", anchor: "method.from_raw_vec"),
            para("The supplied vec must be a max-heap."),
            .heading(level: 3, text: "Avoid os.fork()", anchor: "avoid-fork"),
            para("Forked children inherit the pool's open connections."),
        ])])
        let heap = try #require(rules.first { $0.text.contains("max-heap") })
        #expect(heap.text == "`from_raw_vec()`: The supplied vec must be a max-heap.", "\(heap.text)")
        let fork = try #require(rules.first { $0.text.contains("Forked children") })
        #expect(fork.text.hasPrefix("Avoid os.fork()"), "\(fork.text)")
        // A walk-through's step ("Create an Engine") says what the section does: no guidance to open its first rule
        // with; advice in the imperative stays ("Keep transactions short", "Run containers as a non-root user").
        let steps = extractor.extract([chunk([
            .heading(level: 2, text: "Create an Engine", anchor: "create-an-engine"),
            para("The engine must be created once per process, at module level."),
            .heading(level: 2, text: "Keep transactions short", anchor: "keep"),
            para("Long transactions hold locks that block other writers."),
            .heading(level: 2, text: "Run containers as a non-root user", anchor: "run"),
            para("By default, containers run as root, which gives an attacker full control of the host."),
        ])])
        #expect(steps.contains { $0.text.hasPrefix("The engine must be created once") }, "\(steps.map(\.text))")
        #expect(steps.contains { $0.text.hasPrefix("Keep transactions short") }, "\(steps.map(\.text))")
        #expect(steps.contains { $0.text.hasPrefix("Run containers as a non-root user") }, "\(steps.map(\.text))")
        #expect(Walker.isStepHeading("Install Go") && !Walker.isStepHeading("Update dependencies regularly")
                && !Walker.isStepHeading("Configure timeouts for all clients"))
    }

    @Test("Doxygen's member summaries (by their anchors) make no rules; the details after them do")
    func doxygenSummary() {
        #expect(ApiName.isMemberSummaryAnchor("func-members") && ApiName.isMemberSummaryAnchor("pub-methods"))
        #expect(!ApiName.isMemberSummaryAnchor("details") && !ApiName.isMemberSummaryAnchor(nil))
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "Functions", anchor: "func-members"),
            para("tp_pool_set_timeout (tp_pool *pool, int seconds) is deprecated."),
            .heading(level: 2, text: "Function Documentation", anchor: "func-documentation"),
            .heading(level: 3, text: "tp_pool_start()", anchor: "aed2a9dd8d"),
            para("Must be called before the first request."),
        ])])
        #expect(rules.map(\.text) == ["`tp_pool_start()`: Must be called before the first request."], "\(rules.map(\.text))")
    }

    @Test("numbered captions of listings, figures and examples are not rules")
    func captions() {
        #expect(Walker.isCaption("Listing 16-2: Saving a JoinHandle<T> from thread::spawn"))
        #expect(Walker.isCaption("Example 2.1. Using the pool"))
        #expect(Walker.isCaption("Figure 3."))
        #expect(!Walker.isCaption("Table 3 shows the defaults you must not change."))
        #expect(!Walker.isCaption("Example usage must call close() first."))
        let rules = extractor.extract([chunk([
            para("You must join every spawned thread before main returns:"),
            .code(language: "rust", text: "let handle = thread::spawn(|| {});\nhandle.join().unwrap();"),
            .paragraph([.text("Listing 16-2: Saving a "), .code("JoinHandle<T>"), .text(" from "), .code("thread::spawn"), .text(" to guarantee the thread is run to completion")]),
        ])])
        #expect(rules.count == 1)
        #expect(rules.first?.example != nil)
    }

    @Test("an option term names the option, not its argument (man pages: `-o output`, `-d, --data <data>`)")
    func optionTerms() throws {
        #expect(ApiName.fromSignature([.code("-o"), .text(" output")], anchor: "o") == "-o")
        #expect(ApiName.fromSignature([.text("-d, --data <data>")], anchor: nil) == "--data")
        #expect(ApiName.fromSignature([.text("--alt-svc <file name>")], anchor: nil) == "--alt-svc")
        #expect(ApiName.fromSignature([.code("-f")], anchor: "f") == "-f")
        // Not options: a bare dash, an arrow, a C signature.
        #expect(!ApiName.isOptionName("-"))
        #expect(!ApiName.isOptionName("->"))
        #expect(ApiName.fromSignature([.text("int frob_open(const char *path)")], anchor: nil) == "frob_open()")
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.code("-o"), .text(" output")], anchor: "o",
                                            definition: [para("Write to output instead of rewriting the file in place; the original must not be open elsewhere.")])]),
        ])])
        #expect(rules.first?.text.hasPrefix("`-o`: ") == true, "\(rules.first?.text ?? "no rule")")
    }

    @Test("a dotted setting is named whole; a qualified class or call keeps its last two parts")
    func dottedNames() {
        #expect(ApiName.fromSignatureText("hibernate.jdbc.batch_versioned_data") == "hibernate.jdbc.batch_versioned_data")
        #expect(ApiName.fromSignatureText("server.tomcat.threads.max") == "server.tomcat.threads.max")
        #expect(ApiName.fromSignatureText("sqlalchemy.pool.Pool.connect") == "Pool.connect")
        #expect(ApiName.fromSignatureText("os.path.join(path, *paths)") == "path.join()")
    }

    @Test("a line of code spans alone states nothing")
    func codeOnly() {
        #expect(!Walker.hasProse("`#include <brotli/port.h>` `#include <brotli/types.h>`"))
        #expect(Walker.hasProse("`pool_size`: Default `5`."))
        let rules = extractor.extract([chunk([para("`#include <brotli/port.h>` `#include <brotli/encode_internal_header.h>`")])])
        #expect(rules.isEmpty, "\(rules.map(\.text))")
    }

    @Test("a definition whose term is code names its API, even a plain word")
    func codeTerm() throws {
        #expect(ApiName.fromTerm([.code("discouraged")]) == "discouraged")
        #expect(ApiName.fromTerm([.text("discouraged")]) == nil)
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.code("discouraged")], anchor: nil,
                                            definition: [para("Extensions to the parsing API with niche applicability.")])]),
        ])])
        #expect(rules.first?.text == "`discouraged`: Extensions to the parsing API with niche applicability.")   // the label stays code
        // So does a one-word name with inner capitals; a capitalised word the page never sets as code reads as a label.
        let named = extractor.extract([chunk([
            .heading(level: 3, text: "HTTPSRedirectMiddleware", anchor: "httpsredirectmiddleware"),
            para("Enforces that all incoming requests must either be https or wss."),
        ])])
        #expect(named.first?.text.hasPrefix("`HTTPSRedirectMiddleware`: ") == true, "\(named.map(\.text))")
    }

    @Test("a version marker that names no change weighs the same in every generator's form")
    func bareVersionMarkers() {
        let classifier = GuidanceClassifier()
        let strength = { (s: String) in classifier.analyze(s).signals.first { $0.detector == .version }?.strength }
        // Node's metadata and history rows, Sphinx's `versionadded` without text: all when, no what.
        #expect(strength("Added in: v15.1.0, v14.17.0, v12.22.0") == 0.6)
        #expect(strength("Version: v10.5.0; Changes: Added in: v10.5.0") == 0.6)
        #expect(strength("Added in version 3.2.") == 0.6)
        #expect(strength("New in version 2.0b1.") == 0.6)
        #expect(strength("Added in: v18.0.0-beta") == 0.6)
        #expect(Walker.isBareVersionMarker("New in version 2.0b1.") && Walker.isBareVersionMarker("Added in: v18.0.0-beta"))
        #expect(!Walker.isBareVersionMarker("New in version 2.0 beta features."))
        // A marker with its change says what to know.
        #expect(strength("Added in version 1.0: The subdomain_matching parameter was added.") == 0.8)
        #expect(strength("Changed in version 3.3: timeout defaults to 30.") == 0.8)
    }

    @Test("'panics if' and 'will panic' are risks; 'will not panic' is not")
    func panics() {
        let classifier = GuidanceClassifier()
        #expect(classifier.analyze("Panics if the index is out of bounds.").has(.risk))
        #expect(classifier.analyze("This call will panic when the lock is poisoned.").has(.risk))
        #expect(classifier.analyze("When overflow-checks are enabled, a panic will occur on overflow.").has(.risk))
        #expect(classifier.analyze("Dropping the guard twice causes a panic.").has(.risk))
        #expect(!classifier.analyze("Moving the load is fine when the compiler can prove it will not panic.").has(.risk))
    }

    @Test("a parameter entry in bold names its parameter")
    func boldParameter() throws {
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.strong("allow_pickle"), .text(" : bool, optional")], anchor: nil, definition: [
                .admonition(kind: .versionChanged, title: nil, blocks: [para("Changed in version 1.16.3: Made default False in response to CVE-2019-6446.")]),
            ])]),
        ])])
        #expect(try #require(rules.first).text.hasPrefix("`allow_pickle`: Changed in version 1.16.3"))
    }

    @Test("a bare 'Default: X' line under a parameter states its default, with the description it completes; without a subject it says nothing")
    func defaultLine() throws {
        let entry = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.strong("allow_pickle"), .text(" : bool, optional")], anchor: nil,
                                            definition: [para("Allow loading pickled object arrays. Default: False")])]),
        ])])
        let rule = try #require(entry.first { $0.text.contains("Default:") })
        #expect(rule.text == "`allow_pickle`: Allow loading pickled object arrays. Default: False")
        #expect(rule.kind == .default)
        #expect(extractor.extract([chunk([para("Default: False")])]).isEmpty)
    }

    @Test("a sentence wholly in parentheses is an aside")
    func parentheticalAside() {
        let classifier = GuidanceClassifier()
        #expect(classifier.analyze("(Moving the load ahead would be safe if the compiler can prove it must not fail.)").isDiscourse)
        #expect(!classifier.analyze("(connect, read) tuples must be given in seconds.").isDiscourse)
    }

    @Test("a Throws / Raises entry stays about the API that throws, and says so")
    func throwsEntries() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 3, text: "close", anchor: "close()"),
            .definitionList([DefinitionItem(term: [.text("Throws:")], anchor: nil, definition: [
                .paragraph([.code("IllegalStateException"), .text(" - if connections are in use")]),
            ])]),
            .definitionList([DefinitionItem(term: [.text("Raises")], anchor: nil, definition: [
                .paragraph([.strong("ValueError"), .text(" – if the URL has no scheme.")]),
            ])]),
        ])])
        let texts = rules.map(\.text)
        #expect(texts.contains("`close()`: Throws IllegalStateException - if connections are in use"), "\(texts)")
        #expect(texts.contains("`close()`: Raises ValueError – if the URL has no scheme."), "\(texts)")
        // Also when the text names the call in passing ("… when await was called").
        let named = extractor.extract([chunk([
            .heading(level: 3, text: "await", anchor: "await()"),
            .definitionList([DefinitionItem(term: [.text("Throws:")], anchor: nil, definition: [
                .paragraph([.code("BrokenBarrierException"), .text(" - if the barrier was broken when await was called")]),
            ])]),
        ])]).map(\.text)
        #expect(named.contains("`await()`: Throws BrokenBarrierException - if the barrier was broken when await was called"), "\(named)")
    }
}

@Suite("Version markers without a subject")
struct BareVersionMarkerTests {
    let extractor = HeuristicExtractor()

    @Test("nothing goes on from a version marker: a statement after it is a rule of its own")
    func noContinuationAfterMarker() {
        let c = Chunk(id: "c", source: SourceRef(url: "https://nodejs.org/api/events.html", anchor: "eventserrormonitor",
                                                 breadcrumb: ["Events", "events.errorMonitor"]),
                      pageTitle: "Events", blocks: [
                        .heading(level: 3, text: "`events.errorMonitor`", anchor: "eventserrormonitor"),
                        para("Added in: v13.6.0, v12.17.0"),
                        para("This symbol shall be used to install a listener for only monitoring 'error' events."),
                      ], tokens: 40)
        let rules = extractor.extract([c])
        #expect(!rules.contains { $0.text.contains("v12.17.0 This symbol") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.hasPrefix("`events.errorMonitor`: This symbol shall be used") }, "\(rules.map(\.text))")
    }

    @Test("a bare version marker says which section is new, in the section's own heading")
    func bareMarkerTakesItsSection() throws {
        #expect(Walker.isBareVersionMarker("New in version 1.4."))
        #expect(Walker.isBareVersionMarker("Added in version 0.3"))
        #expect(Walker.isBareVersionMarker("Changed in 3.0."))
        #expect(Walker.isBareVersionMarker("Deprecated since 2.1"))
        #expect(!Walker.isBareVersionMarker("New in version 1.4: the session autobegins."))
        #expect(!Walker.isBareVersionMarker("Changed in 3.0: timeout defaults to 30."))
        // Node.js: one version per release line.
        #expect(Walker.isBareVersionMarker("Added in: v13.6.0, v12.17.0"))
        #expect(!Walker.isBareVersionMarker("Added in: v13.6.0, the errorMonitor symbol."))
        let c = Chunk(id: "c", source: SourceRef(url: "https://docs.example.com/session.html", anchor: "querying-2-0-style",
                                                 breadcrumb: ["Session Basics", "Querying (2.0 style)"]),
                      pageTitle: "Session Basics",
                      blocks: [.admonition(kind: .versionAdded, title: nil, blocks: [para("New in version 1.4.")])], tokens: 10)
        let rule = try #require(extractor.extract([c]).first)
        #expect(rule.text == "Querying (2.0 style): New in version 1.4.")
    }

    @Test("a marker inside an API entry keeps the API as its subject")
    func markerOfAnAPI() throws {
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.code("Session.begin_nested()")], anchor: "begin-nested",
                                            definition: [.admonition(kind: .versionAdded, title: nil, blocks: [para("New in version 1.4.")])])]),
        ])])
        #expect(rules.first?.text.hasPrefix("`Session.begin_nested()`: ") == true, "\(rules.first?.text ?? "no rule")")
    }
}

@Suite("API entries read from held-out generator pages (Javadoc, Doxygen, Sphinx autodoc)")
struct EntryReadingTests {
    let extractor = HeuristicExtractor()

    @Test("an entry's imperative brief describes the API; an advising imperative and later sentences stay guidance")
    func imperativeBriefs() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "ubrk_open()", anchor: "a372d"),
            .code(language: nil, text: "UBreakIterator * ubrk_open(UBreakIteratorType type, const char * locale)"),
            para("Open a new UBreakIterator for locating text boundaries for a specified locale."),
            para("Set the locale keyword before the first call, or the default rules apply."),
            .heading(level: 2, text: "ubrk_safeClone()", anchor: "ad793"),
            para("Use `ubrk_clone()` instead of this function."),
            .definitionList([DefinitionItem(term: [.text("register_blueprint"), .text("(blueprint, **options)")], anchor: "flask.Flask.register_blueprint",
                                            definition: [para("Register a blueprint on the application."),
                                                         para("Register every blueprint before the first request.")])]),
        ])])
        #expect(!rules.contains { $0.text.contains("Open a new UBreakIterator") && $0.kind == RuleKind.should }, "\(rules.map { $0.text })")
        #expect(!rules.contains { $0.text.contains("Register a blueprint on") && $0.kind == RuleKind.should }, "\(rules.map { $0.text })")
        #expect(rules.contains { $0.text.contains("Set the locale keyword") })
        #expect(rules.contains { $0.text.contains("Use `ubrk_clone()` instead of this function") })
        #expect(rules.contains { $0.text.contains("Register every blueprint before the first request") })
    }

    @Test("a labelled paragraph of prose ('Core and maximum pool sizes') names no API; a declaration still does")
    func proseLabelsAreNoSignatures() throws {
        #expect(ApiName.fromSignatureText("Core and maximum pool sizes") == nil)
        #expect(ApiName.fromSignatureText("Keep-alive times") == nil)
        #expect(ApiName.fromSignatureText("static final long serialVersionUID") == "serialVersionUID")
        #expect(ApiName.fromSignatureText("int corePoolSize") == "corePoolSize")
        let rules = extractor.extract([chunk([
            .definitionList([DefinitionItem(term: [.text("Core and maximum pool sizes")], anchor: nil,
                                            definition: [para("You must set corePoolSize before the pool is used.")])]),
        ])])
        let rule = try #require(rules.first)
        #expect(!rule.text.hasPrefix("sizes") && !rule.text.hasPrefix("`sizes"), "\(rule.text)")
    }

    @Test("a Javadoc constructor (anchor `<init>(…)` under the class name) is a call of the class")
    func constructors() {
        #expect(ApiName.fromHeading("ThreadPoolExecutor", anchor: "<init>(int,int,long,java.util.concurrent.TimeUnit)") == "ThreadPoolExecutor()")
        #expect(ApiName.fromHeading("ThreadPoolExecutor", anchor: "%3Cinit%3E(int)") == "ThreadPoolExecutor()")
        #expect(ApiName.fromHeading("Constructor Details", anchor: "<init>(int)") == nil)
    }

    @Test("'(see `getPoolSize()`)' goes whole: the parenthesis of a code span does not close the aside")
    func seeAsideAroundCode() {
        #expect(Condense.dropSeeParentheticals("adjust the pool size (see `getPoolSize()`) according to corePoolSize (see `getCorePoolSize()`).")
                == "adjust the pool size according to corePoolSize.")
        #expect(Condense.dropSeeParentheticals("bounds (see the notes (below)) apply") == "bounds apply")
        #expect(Condense.dropSeeParentheticals("open (see `f(`") == "open (see `f(`")
    }

    @Test("outside an entry, 'this method' points back at the method the sentence before named")
    func thisMethodOutsideAnEntry() throws {
        #expect(Condense.leansBack("Use of this method for any other purpose is strongly discouraged.", entry: false))
        #expect(!Condense.leansBack("Use of this method for any other purpose is strongly discouraged.", entry: true))
        let rules = extractor.extract([chunk([
            para("Method `getQueue()` allows access to the work queue for purposes of monitoring and debugging. Use of this method for any other purpose is strongly discouraged."),
        ])])
        let rule = try #require(rules.first { $0.text.contains("strongly discouraged") })
        #expect(rule.text.contains("getQueue()"), "\(rule.text)")
    }
}

@Suite("A parameter's default stays with its entry")
struct ParameterDefaultTests {
    let extractor = HeuristicExtractor()

    @Test("'Defaults to `500`.' (three words) is a statement, and it joins the description of its parameter")
    func defaultJoinsItsEntry() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "GZipMiddleware", anchor: "gzipmiddleware"),
            .list(ordered: false, items: [
                [.paragraph([.code("minimum_size"), .text(" - Do not GZip responses that are smaller than this minimum size in bytes. Defaults to "), .code("500"), .text(".")])],
                [.paragraph([.code("max_age"), .text(" - Session expiry time in seconds. Defaults to 2 weeks.")])],
            ]),
        ])])
        let size = try #require(rules.first { $0.text.contains("minimum size in bytes") })
        #expect(size.text.hasSuffix("Defaults to `500`."), "\(size.text)")
        let age = try #require(rules.first { $0.text.contains("Session expiry") })
        #expect(age.text.contains("Defaults to 2 weeks"), "\(age.text)")
        #expect(rules.filter { $0.text.contains("Defaults to") }.count == 2, "\(rules.map(\.text))")
        #expect(Walker.isSentenceLike("Defaults to `500`.", admonition: nil))
        #expect(!Walker.isSentenceLike("Defaults to.", admonition: nil))
    }
}

@Suite("Captions of examples")
struct ExampleCaptionTests {
    let extractor = HeuristicExtractor()

    @Test("in an examples section a short lead-in to code too long to attach is a caption; a statement that leads in stays")
    func captions() {
        let long = (1...12).map { "    let x\($0) = AtomicUsize::new(\($0));" }.joined(separator: "\n")
        let rules = extractor.extract([chunk([
            .heading(level: 2, text: "Examples", anchor: "examples"),
            para("Keep a global count of live threads:"),
            .code(language: "rust", text: long),
            para("An `ExecutorService` may also be established and closed (shutdown, blocking until terminated) as follows; illustrating with a different factory method:"),
            .code(language: "java", text: long),
        ])])
        #expect(!rules.contains { $0.text.contains("Keep a global count") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.contains("established and closed") }, "\(rules.map(\.text))")
        #expect(Walker.isExamplesHeading("Usage Examples") && Walker.isExamplesHeading("Example") && !Walker.isExamplesHeading("Exampled"))
    }
}

@Suite("Where a statement sits")
struct CalloutTests {
    @Test("a rule from a call-out box says so; one from running prose does not")
    func callouts() throws {
        let rules = HeuristicExtractor().extract([chunk([
            para("ARMv6-M targets only provide load and store operations, and do not support compare-and-swap."),
            .admonition(kind: .warning, title: nil, blocks: [para("Setting session.proxies may behave differently than expected.")]),
        ])])
        let prose = try #require(rules.first { $0.text.contains("ARMv6-M") })
        let box = try #require(rules.first { $0.text.contains("session.proxies") })
        #expect(prose.inCallout == false && box.inCallout == true)
    }

    @Test("a warning read from a note is labelled by its words, not as a warning box's")
    func noteIsNoWarningBox() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .admonition(kind: .note, title: nil, blocks: [para("The `retry()` call will raise an exception so any code after the retry won't be reached.")]),
        ])])
        let note = try #require(rules.first { $0.text.contains("retry()") })
        #expect(note.kind == .warning && note.inCallout == false, "\(note)")
    }

    @Test("a box is a passage of its own: its rules do not share a list item with the prose around it")
    func boxIsAPassage() throws {
        let rules = HeuristicExtractor().extract([chunk([
            para("If you use HSTS, make sure your certificates are in good shape and stay that way!"),
            .admonition(kind: .note, title: nil, blocks: [para("If you are deployed behind a proxy, you may need to set `SECURE_PROXY_SSL_HEADER`.")]),
            .admonition(kind: .note, title: nil, blocks: [para("You must never disable the check in production.")]),
        ])])
        let prose = try #require(rules.first { $0.text.contains("HSTS") })
        let boxes = rules.filter { !$0.text.contains("HSTS") }
        #expect(prose.passage == nil && boxes.count == 2, "\(rules)")
        #expect(boxes.allSatisfy { $0.passage != nil } && boxes[0].passage != boxes[1].passage, "\(boxes.map(\.passage))")
    }
}

@Suite("A command's --help output shown as code")
struct CommandHelpTests {
    static let click = """
        Usage: uvicorn [OPTIONS] APP

        Options:
          --host TEXT                     Bind socket to this host.  [default:
                                          127.0.0.1]
          --reload-include TEXT           Set glob patterns to include while
                                          watching for files. These defaults can be
                                          overridden with `--reload-
                                          exclude`. This option has no effect unless
                                          watchfiles is installed.
          --workers INTEGER               Number of worker processes. Defaults to the
                                          $WEB_CONCURRENCY environment variable if
                                          available, or 1. Not valid with --reload.
          --ws [auto|none|websockets|wsproto]
                                          WebSocket protocol implementation.
                                          [default: auto]
          --help                          Show this message and exit.
        """

    @Test("click's and argparse's layouts become entries named by the long option; a shell session is none")
    func entries() throws {
        let e = try #require(CommandHelp.entries(Self.click))
        #expect(e.map(\.name) == ["--host", "--reload-include", "--workers", "--ws", "--help"])
        #expect(e[0].description == "Bind socket to this host. Default: 127.0.0.1.")
        #expect(e[1].description.contains("overridden with `--reload-exclude`."), "\(e[1].description)")
        #expect(e[3].description == "WebSocket protocol implementation. Default: auto.")
        // A description that says its default keeps only its own words.
        #expect(CommandHelp.withDefault("Delay between checks. Defaults to 0.25s. [default: 0.25]") == "Delay between checks. Defaults to 0.25s.")
        #expect(CommandHelp.withDefault("Disabled by default on Windows. [default: true]") == "Disabled by default on Windows. Default: true.")
        let argparse = """
            options:
              -h, --help            show this help message and exit
              -v, --verbose         print every step
              -o FILE, --output FILE
                                    write the result to FILE; must not exist
              -n N                  run N times (default: 1)
            """
        #expect(CommandHelp.entries(argparse)?.map(\.name) == ["--help", "--verbose", "--output", "-n"])
        #expect(CommandHelp.entries("$ pip install -e .\n$ pytest -q --maxfail=1\n$ git commit -m 'x'\n$ ls -la") == nil)
        // A man page's placeholder argument stays with the name: its description names it.
        let man = """
            OPTIONS
                   -m NUM, --max-count=NUM
                          Stop reading a file after NUM matching lines.
                   --color[=WHEN], --colour[=WHEN]
                          Surround the matched strings with escape sequences.
                   -i, --ignore-case
                          Ignore case distinctions in patterns and input data.
                   --strategy=<strategy>
                          Use the given merge strategy.
            """
        #expect(CommandHelp.entries(man)?.map(\.name) == ["--max-count=NUM", "--color[=WHEN]", "--ignore-case", "--strategy"])
        #expect(ApiName.hasPlaceholderArgument("--max-count=NUM") && ApiName.hasPlaceholderArgument("--file=FILE"))
        #expect(!ApiName.hasPlaceholderArgument("--strategy=<strategy>") && !ApiName.hasPlaceholderArgument("--jobs=N"))
    }

    @Test("each option is a rule about it; a description in the imperative says what the option does")
    func rulesAboutOptions() throws {
        let rules = HeuristicExtractor().extract([chunk([.code(language: nil, text: Self.click)])])
        let workers = try #require(rules.first { $0.text.hasPrefix("`--workers`: ") })
        #expect(workers.text.hasSuffix("Not valid with --reload.") && workers.kind == .never, "\(workers)")
        #expect(rules.first { $0.text.hasPrefix("`--host`: ") }.map { $0.kind != .should } == true)
    }

    @Test("a short call-out of several paragraphs is one rule")
    func shortBoxIsOneRule() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .admonition(kind: .warning, title: nil, blocks: [para("Always prefer `atomic()` if possible at all."),
                                                             para("The low level APIs are only useful if you're implementing your own transaction management.")]),
        ])])
        #expect(rules.count == 1 && rules[0].text.contains("atomic()") && rules[0].text.contains("low level APIs"), "\(rules.map(\.text))")
    }
}

@Suite("What is not a command's help, a label or a caption")
struct ReadingEdgeTests {
    @Test("a directory listing or a command with commented flags is no --help output; help descriptions describe")
    func notHelp() throws {
        let listing = """
            -rw-r--r--  1 user staff 1234 Jan 1 10:00 config.toml
            -rw-r--r--  1 user staff  234 Jan 1 10:00 README.md
            drwxr-xr-x  4 user staff  128 Jan 1 10:00 src
            -rwxr-xr-x  1 user staff  512 Jan 1 10:00 run.sh
            -rw-------  1 user staff   64 Jan 1 10:00 .env
            """
        #expect(CommandHelp.entries(listing) == nil)
        let docker = """
            docker run \\
              -d            # you must run detached in production
              -p 8080:80    # the port must be free
              -v data:/data # keep the data volume
              -e MODE=prod  # never change it at runtime
              nginx
            """
        #expect(CommandHelp.entries(docker) == nil)
        let help = """
            Usage: tool [OPTIONS]
              --config FILE   Use the given config file.
              --verbose       Print every step.
              --dry-run       Show what would change.
              --force         Overwrite files that exist.
            """
        let rules = HeuristicExtractor().extract([chunk([.code(language: nil, text: help)])])
        #expect(rules.first { $0.text.hasPrefix("`--config`") }.map { $0.kind != .should } != false, "\(rules)")
    }

    @Test("a declaration with a keyword names its field; a prose label does not")
    func declarations() {
        #expect(ApiName.fromSignatureText("public Duration timeout") == "timeout")
        #expect(ApiName.fromSignatureText("Hook methods") == nil)
    }

    @Test("a call-out whose first paragraph is a title line is not run into one sentence")
    func titledBox() {
        let rules = HeuristicExtractor().extract([chunk([
            .admonition(kind: .warning, title: nil, blocks: [para("Deprecated since version 2.0"), para("The pool will be removed in 3.0; use `Engine.pool` instead.")]),
        ])])
        #expect(!rules.contains { $0.text.contains("2.0 The pool") }, "\(rules.map(\.text))")
    }

    @Test("a paragraph after a list, or a definition entry after another, does not continue the item before")
    func afterList() {
        let rules = HeuristicExtractor().extract([chunk([
            para("The valid options are:"),
            .list(ordered: false, items: [[para("`0`: no optimizations.")], [para("`\"z\"`: optimize for binary size, but also turn off loop vectorization.")]]),
            para("It is recommended to experiment with different levels to find the right balance for your project."),
            .definitionList([DefinitionItem(term: [.code("--keep-index")], anchor: nil, definition: [para("All changes already added to the index are left intact.")]),
                             DefinitionItem(term: [.code("--patch")], anchor: nil, definition: [para("This option is only valid for push and save commands.")])]),
            para("This option is only valid for push and save commands."),
        ])])
        #expect(!rules.contains { $0.text.contains("binary size") && $0.text.contains("experiment") }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.contains("left intact") && $0.text.contains("only valid") }, "\(rules.map(\.text))")
        #expect(rules.contains { $0.text.contains("recommended to experiment") }, "\(rules.map(\.text))")
    }

    @Test("rules from list items and definition entries carry the item's number in page order; running prose none")
    func passages() {
        let rules = HeuristicExtractor().extract([
            chunk([para("You must close the pool before the process exits."),
                   .list(ordered: false, items: [[para("You must not share a connection across threads.")],
                                                 [para("You should set a timeout on every checkout.")]])]),
            chunk([.list(ordered: false, items: [[para("Never call `dispose()` twice on one engine.")]]),
                   .definitionList([DefinitionItem(term: [.text("Why does the pool hang?")], anchor: nil,
                                                   definition: [para("You must return every connection you check out.")])])]),
        ])
        #expect(rules.map(\.passage) == [nil, 1, 2, 3, 4], "\(rules.map { ($0.text, $0.passage) })")
    }

    @Test("the entry of a Returns field says what the API returns")
    func returnsField() throws {
        #expect(Walker.returning("true if the count reached zero") == "Returns true if the count reached zero")
        #expect(Walker.returning("The mapping for the key, if present") == "Returns the mapping for the key, if present")
        #expect(Walker.returning("True if the queue is empty") == "Returns True if the queue is empty")
        #expect(Walker.returning("Returns the count.") == "Returns the count.")
        let rules = HeuristicExtractor().extract([chunk([
            .heading(level: 3, text: "await", anchor: "await(long,java.util.concurrent.TimeUnit)"),
            para("Causes the current thread to wait until the latch has counted down to zero."),
            .definitionList([DefinitionItem(term: [.text("Returns:")], anchor: nil,
                                            definition: [para("`true` if the count reached zero and `false` if the waiting time elapsed before the count reached zero")])]),
        ])])
        #expect(rules.contains { $0.text.hasPrefix("`await()`: Returns `true` if the count reached zero") }, "\(rules.map(\.text))")
    }

    @Test("a bold line opening a call-out is its title, no rule of its own")
    func boldTitleLine() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .admonition(kind: .warning, title: nil, blocks: [
                .paragraph([.strong("Additional Caveats for bulk updates")]),
                para("Bulk updates bypass the unit of work and do not cascade relationships."),
                .list(ordered: false, items: [[para("The database may raise an integrity error if foreign keys are enforced.")]]),
            ]),
        ])])
        #expect(!rules.contains { $0.text == "Additional Caveats for bulk updates" }, "\(rules.map(\.text))")
        let first = try #require(rules.first { $0.text.contains("bypass the unit of work") })
        #expect(first.text.hasPrefix("Additional Caveats for bulk updates: "), "\(first.text)")
        #expect(Walker.boldTitle(.paragraph([.strong("Never share a session.")])) == nil)
        #expect(Walker.boldTitle(.paragraph([.strong("Thread safety"), .text(" matters here")])) == nil)
    }

    @Test("in an examples section a lead-in that insists stays; a caption after a fact takes nothing along")
    func captionsThatInsist() {
        let long = (1...12).map { "    let x\($0) = Pool::new(\($0));" }.joined(separator: "\n")
        let rules = HeuristicExtractor().extract([chunk([
            .heading(level: 2, text: "Examples", anchor: "examples"),
            para("The pool is created lazily on first use. This means you must call `init()` first:"),
            .code(language: "rust", text: long),
            para("The pool is shared by every thread. Keep a global count of live threads:"),
            .code(language: "rust", text: long),
        ])])
        #expect(rules.contains { $0.text.contains("you must call `init()` first") }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.contains("Keep a global count") }, "\(rules.map(\.text))")
    }
}

@Suite("Options described in a definition list")
struct OptionEntryTests {
    @Test("an option's first sentence in the imperative says what the option does (cargo's man pages)")
    func optionBriefs() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .definitionList([
                DefinitionItem(term: [.code("--quiet")], anchor: "option-quiet", definition: [para("Do not print cargo log messages.")]),
                DefinitionItem(term: [.code("--exclude")], anchor: "option-exclude",
                               definition: [para("Exclude the specified packages. Must be used in conjunction with the `--workspace` flag.")]),
            ]),
        ])])
        #expect(rules.first { $0.text.contains("Do not print") }.map { $0.kind != .never } != false, "\(rules)")
        let colors = HeuristicExtractor().extract([chunk([
            .definitionList([DefinitionItem(term: [.code("--no-color")], anchor: "opt", definition: [para("Do not use colors in the output.")])]),
        ])])
        #expect(colors.allSatisfy { $0.kind != .should && $0.kind != .never }, "\(colors)")
        let exclude = try #require(rules.first { $0.text.contains("in conjunction") })
        #expect(exclude.kind == .must)
    }

    @Test("a weak constraint beside the verb leaves the brief a description; a mechanism that 'would make sure' asks nothing (git's man pages)")
    func briefWithConstraint() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .definitionList([
                DefinitionItem(term: [.code("--prune")], anchor: nil, definition: [
                    para("Remove remote branches that don’t have a local counterpart."),
                    para("This also respects refspecs, e.g. `git push --prune remote refs/heads/*:refs/tmp/*` would make sure that remote `refs/tmp/foo` will be removed if `refs/heads/foo` doesn’t exist."),
                ]),
                DefinitionItem(term: [.code("--all")], anchor: nil, definition: [para("Push all branches; cannot be used with other <refspec>.")]),
            ]),
        ])])
        #expect(!rules.contains { $0.text.contains("Remove remote branches") && $0.kind == .should }, "\(rules.map(\.text))")
        #expect(!rules.contains { $0.text.contains("would make sure") && $0.kind == .must }, "\(rules.map(\.text))")
        // What the option may not be combined with still counts.
        #expect(rules.contains { $0.text.contains("cannot be used with") && $0.kind == .never }, "\(rules.map(\.text))")
        // A constraint on the entry itself, or a second clause, instructs.
        let advice = HeuristicExtractor().extract([chunk([
            .definitionList([
                DefinitionItem(term: [.code("--sandbox")], anchor: nil, definition: [para("Set this only when running inside a disposable container.")]),
                DefinitionItem(term: [.code("--insecure")], anchor: nil, definition: [para("Disable certificate validation; only use this for local testing.")]),
            ]),
        ])])
        #expect(advice.filter { $0.kind == .should || $0.kind == .must || $0.kind == .never }.count == 2, "\(advice.map { ($0.kind, $0.text) })")
    }

    @Test("a rule whose first sentence points at the entry is labelled with it, even when a later sentence names it")
    func labelledWhenPointedAt() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .definitionList([
                DefinitionItem(term: [.code("daemon")], anchor: "threading.Thread.daemon", definition: [
                    para("A boolean value indicating whether this thread is a daemon thread (True) or not (False). This must be set before `start()` is called, otherwise `RuntimeError` is raised. All threads default to `daemon` = False."),
                ]),
                DefinitionItem(term: [.code("close()")], anchor: "close", definition: [
                    para("Flushes pending writes first. You must then call `close()` only once, or the buffer is freed twice."),
                ]),
            ]),
        ])])
        let daemon = try #require(rules.first { $0.text.contains("must be set before") })
        #expect(daemon.text.hasPrefix("`Thread.daemon`: "), "\(daemon.text)")
        // A first sentence that does not point back leaves the later mention to name it.
        let close = try #require(rules.first { $0.text.contains("You must then call") })
        #expect(!close.text.hasPrefix("`close()`: "), "\(close.text)")
    }

    @Test("a paragraph after code that opens with a modal verb ends the interrupted sentence: no statement alone")
    func subjectlessAfterCode() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .heading(level: 2, text: "Options", anchor: "options"),
            para("Now the references on origin-push won’t be updated, and thus commands like:"),
            .code(language: nil, text: "git push --force-with-lease origin-push"),
            para("Will fail unless you manually run `git fetch origin-push`. This method is of course entirely defeated by something that runs `git fetch --all`, in that case you’d need to either disable it or do something more tedious."),
            .heading(level: 3, text: "connect()", anchor: "connect"),
            para("Must be called before the first request."),
        ])])
        #expect(!rules.contains { $0.text.contains("Will fail unless") }, "\(rules.map(\.text))")
        // What the rest of the paragraph asks still counts.
        #expect(rules.contains { $0.text.hasPrefix("This method is of course entirely defeated") }, "\(rules.map(\.text))")
        // Not after code: a sentence of its own, kept.
        #expect(rules.contains { $0.text.contains("Must be called before") }, "\(rules.map(\.text))")
        // After a signature, or an example a finished sentence introduced, the paragraph is whole; so is an inverted
        // condition.
        let whole = HeuristicExtractor().extract([chunk([
            .heading(level: 3, text: "foo_global_init ()", anchor: "init"),
            .code(language: "c", text: "int foo_global_init (long flags);"),
            para("Must be called once, before any other libfoo function, from the main thread."),
            .heading(level: 3, text: "Queries", anchor: "queries"),
            para("A query runs like this:"),
            .code(language: "c", text: "foo_query(handle, sql);"),
            para("Should the query fail, you must call `foo_reset()` before reusing the handle."),
        ])])
        #expect(whole.contains { $0.text.contains("Must be called once") }, "\(whole.map(\.text))")
        #expect(whole.contains { $0.text.contains("you must call `foo_reset()`") }, "\(whole.map(\.text))")
    }
}

@Suite("Lisp forms (Racket's Scribble)")
struct LispFormTests {
    @Test("a declared form is named by its head symbol; a parenthesised aside or an unclosed form names nothing")
    func names() {
        #expect(ApiName.fromHeading("(call-with-semaphore sema proc [try-fail-thunk] arg ...) → any") == "call-with-semaphore")
        #expect(ApiName.fromHeading("(semaphore-try-wait? sema) → boolean?") == "semaphore-try-wait?")
        #expect(ApiName.fromHeading("(current-thread) → thread?") == "current-thread")
        #expect(ApiName.lispFormName("(see below) for details") == nil)
        #expect(ApiName.lispFormName("(thread-send thd") == nil)
        #expect(ApiName.lispFormName("(1) Default constructor") == nil)
    }

    @Test("the prose after a form's heading is labelled with its name, and the heading is no instruction ('call-with-…')")
    func labelled() throws {
        let rules = HeuristicExtractor().extract([chunk([
            .heading(level: 4, text: "(call-with-semaphore sema proc [try-fail-thunk] arg ...) → any", anchor: "(def._call-with-semaphore)"),
            para("Waits on sema and must be called with a procedure."),
        ])])
        let rule = try #require(rules.first)
        #expect(rule.text == "`call-with-semaphore`: Waits on sema and must be called with a procedure.", "\(rule.text)")
    }
}

@Suite("A FAQ's table of contents")
struct FAQContentsTests {
    @Test("numbered link-only definitions are contents, and a numbered title names no API")
    func contents() {
        let rules = HeuristicExtractor().extract([chunk([
            .definitionList([DefinitionItem(term: [.strong("3. Valgrind aborts unexpectedly")], anchor: "faq",
                                            definition: [.paragraph([.text("3.1. "), .link(text: "Programs run OK on Valgrind, but at exit they must die with a segmentation fault.", url: "#faq.exit_errors")])])]),
        ])])
        #expect(rules.isEmpty, "\(rules.map(\.text))")
        #expect(ApiName.fromSignatureText("3. Valgrind aborts unexpectedly") == nil)
        #expect(ApiName.fromSignatureText("Windows 10") == nil && ApiName.fromSignatureText("Python 3.12") == nil)
    }
}

@Suite("Javadoc's Since field")
struct JavadocSinceTests {
    let extractor = HeuristicExtractor()

    func rules(under heading: String, since: String) -> [RuleCandidate] {
        extractor.extract([chunk([
            .heading(level: 3, text: heading, anchor: "withInitial(java.util.function.Supplier)"),
            .code(language: "java", text: "public static <S> ThreadLocal<S> withInitial(java.util.function.Supplier<? extends S> supplier)"),
            para("Creates a thread local variable."),
            .definitionList([DefinitionItem(term: [.strong("Since:")], anchor: nil, definition: [para(since)])]),
        ])])
    }

    @Test("a method's Since: field is a version marker of that method; the class's own or prose is not")
    func sinceField() throws {
        let made = try #require(rules(under: "withInitial", since: "1.8").first { $0.text.contains("1.8") })
        #expect(made.text == "`withInitial()`: Since 1.8." && made.kind == .version, "\(made)")
        #expect(rules(under: "withInitial", since: "JDK 19").contains { $0.text == "`withInitial()`: Since JDK 19." })
        // Not a version: the definition is left as it was (too short to be a rule).
        #expect(!rules(under: "withInitial", since: "the beginning").contains { $0.text.contains("beginning") })
        // A class's Since field (no call is the subject) dates the page, not an API.
        #expect(!rules(under: "Class ThreadLocal<T>", since: "1.2").contains { $0.text.contains("1.2") })
    }
}

@Suite("A declaration right after a heading that names no API")
struct DeclarationAfterHeadingTests {
    let extractor = HeuristicExtractor()

    @Test("names the entry (BoostBook's \"Move Constructor\"); its Effects field is what the call does")
    func boostBookEntry() throws {
        #expect(Walker.declaredName("scoped_thread() noexcept;") == "scoped_thread()")
        #expect(Walker.declaredName("template <class F, class ...Args>\nexplicit scoped_thread(F&& f, Args&&... args);") == "scoped_thread()")
        #expect(Walker.declaredName("explicit strict_scoped_thread(thread&& t) noexcept;") == "strict_scoped_thread()")
        #expect(Walker.declaredName("~strict_scoped_thread();") == "~strict_scoped_thread()")
        #expect(Walker.declaredName("int x = f(1);") == nil)
        // Statements that call or define a variable declare nothing.
        for statement in ["console.log(\"hello\");", "app.listen(3000);", "std::lock_guard<std::mutex> guard(mtx);", "foo_init(&ctx);", "run();",
                          "puts(\"hello world\");", "std::string name(\"Ada Lovelace\");", "throw std::runtime_error(\"connection lost\");",
                          "return compute(x * y);", "if (ready && !done) {", "log_message(level + 1);", "return std::make_unique<Widget>();"] {
            #expect(Walker.declaredName(statement) == nil, "\(statement)")
        }
        #expect(Walker.declaredName("scoped_thread(scoped_thread const&) = delete;") == "scoped_thread()")
        #expect(Walker.declaredName("for i in range(3):\n    print(i)") == nil)
        let rules = extractor.extract([chunk([
            .heading(level: 4, text: "Constructor from a thread", anchor: "ctor"),
            .code(language: nil, text: "explicit strict_scoped_thread(thread&& t) noexcept;"),
            .definitionList([DefinitionItem(term: [.strong("Effects:")], anchor: nil,
                                            definition: [para("Transfers ownership of the managed thread to this object after joining the old one.")])]),
        ])])
        #expect(rules.contains { $0.text == "`strict_scoped_thread()`: Transfers ownership of the managed thread to this object after joining the old one." },
                "\(rules.map(\.text))")
        let destructor = extractor.extract([chunk([
            .heading(level: 4, text: "Destructor", anchor: "dtor"),
            .code(language: nil, text: "~strict_scoped_thread();"),
            .definitionList([DefinitionItem(term: [.strong("Throws:")], anchor: nil,
                                            definition: [para("Nothing: The callable should not throw when joining the thread.")])]),
        ])]).map(\.text)
        #expect(destructor.contains("`~strict_scoped_thread()`: Throws nothing: The callable should not throw when joining the thread."), "\(destructor)")
        // An example section's code is no entry's declaration.
        let example = extractor.extract([chunk([
            .heading(level: 3, text: "Example", anchor: "example"),
            .code(language: nil, text: "explicit strict_scoped_thread(thread&& t) noexcept;"),
            para("Never detach the thread you pass in."),
        ])]).map(\.text)
        #expect(example.contains("Never detach the thread you pass in."), "\(example)")
        // Prose between the heading and the code: the heading's section is not that declaration's entry.
        let prose = extractor.extract([chunk([
            .heading(level: 4, text: "Usage", anchor: "usage"),
            para("Pass the thread when you construct the wrapper."),
            .code(language: nil, text: "scoped_thread() noexcept;"),
            para("The wrapper must not outlive the thread it joins."),
        ])])
        #expect(!prose.contains { $0.text.hasPrefix("`scoped_thread()`") }, "\(prose.map(\.text))")
    }
}

@Suite("cppreference.com's tables")
struct ReferenceTableTests {
    let extractor = HeuristicExtractor()
    let url = "https://en.cppreference.com/w/cpp/thread/condition_variable/wait"

    @Test("declaration rows state nothing; a parameter row with a dash is the parameter's rule; an index of other pages gives none")
    func tables() {
        let declarations = Table(header: nil, rows: [
            [[.code("void wait( std::unique_lock<std::mutex>& lock );")], [.text("(1)")], [.text("(since C++11)")]],
            [[.code("template< class Predicate > void wait( std::unique_lock<std::mutex>& lock, Predicate pred );")], [.text("(2)")], [.text("(since C++11)")]],
        ])
        let parameters = Table(header: nil, rows: [
            [[.text("lock")], [.text("-")], [.text("an object of type "), .code("std::unique_lock<std::mutex>"), .text(", which must be locked by the current thread")]],
        ])
        let seeAlso = Table(header: nil, rows: [
            [[.link(text: "wait_for", url: "wait_for.html")], [.text("blocks the current thread until the condition variable is woken up or after the specified timeout duration (public member function)")]],
            [[.link(text: "wait_until", url: "wait_until.html")], [.text("blocks the current thread until the condition variable is woken up or until specified time point has been reached (public member function)")]],
            [[.link(text: "C documentation", url: "cnd_wait.html"), .text(" for cnd_wait")], []],
        ])
        let texts = extractor.extract([chunk([
            .heading(level: 1, text: "std::condition_variable::wait", anchor: nil), .table(declarations),
            .heading(level: 3, text: "Parameters", anchor: "Parameters"), .table(parameters),
            .heading(level: 3, text: "See also", anchor: "See_also"), .table(seeAlso),
        ], url: url)]).map(\.text)
        #expect(!texts.contains { $0.contains("void wait(") }, "\(texts)")
        #expect(texts.contains("`lock`: an object of type `std::unique_lock<std::mutex>`, which must be locked by the current thread"), "\(texts)")
        #expect(!texts.contains { $0.contains("blocks the current thread until the condition variable") }, "\(texts)")
        // A table of prose rows is read as before.
        #expect(!Walker.isIndexTable(Table(header: nil, rows: [
            [[.text("Timeout")], [.text("The request waits at most this long. Then it fails.")]],
            [[.text("Retries")], [.text("How often to retry.")]],
        ]), page: "https://d.example/p.html"))
        #expect(!Walker.isDeclarationRow([[.text("Does not throw")], [.text("(since C++14)")]]))
        // A headed table's code-only rows are its data ("Deprecated | Use instead").
        let migration = Table(header: [[.text("Deprecated")], [.text("Use instead")]], rows: [
            [[.code("Pool.get()")], [.code("Pool.acquire()")]],
            [[.code("Pool.put(conn)")], [.code("Pool.release(conn)")]],
        ])
        let migrated = extractor.extract([chunk([.heading(level: 2, text: "Migration", anchor: "migration"), .table(migration)])]).map(\.text)
        #expect(migrated.contains { $0.contains("`Pool.acquire()`") }, "\(migrated)")
        // Lines that say what to do, links within the page, or a header: no index.
        let keys = Table(header: nil, rows: [
            [[.link(text: "max_conn", url: "https://d.example/other.html#max_conn")], [.text("Must not exceed 100.")]],
            [[.link(text: "tls", url: "https://d.example/other.html#tls")], [.text("Should always be enabled in production.")]],
        ])
        let kept = extractor.extract([chunk([.heading(level: 2, text: "Configuration keys", anchor: "keys"), .table(keys)])]).map(\.text)
        #expect(kept.contains { $0.contains("Must not exceed 100") }, "\(kept)")
        let local = Table(header: nil, rows: [
            [[.link(text: "max_conn", url: "https://docs.example.com/page.html#max_conn")], [.text("the most connections")]],
            [[.link(text: "tls", url: "https://docs.example.com/page.html#tls")], [.text("the TLS settings")]],
        ])
        #expect(!Walker.isIndexTable(local, page: "https://docs.example.com/page.html"))
        // A spacer column does not hide the lines that say what to do.
        let spaced = Table(header: nil, rows: [
            [[.link(text: "max_conn", url: "keys/max_conn.html")], [.text("\u{A0}")], [.text("Must not exceed 100.")]],
            [[.link(text: "tls", url: "keys/tls.html")], [.text("\u{A0}")], [.text("Should always be enabled in production.")]],
        ])
        let spacedRules = extractor.extract([chunk([.heading(level: 2, text: "Keys", anchor: "keys"), .table(spaced)])]).map(\.text)
        #expect(spacedRules.contains { $0.contains("Must not exceed 100") }, "\(spacedRules)")
    }

    @Test("a headerless Fields table of three columns keeps its description; a capitalised word is no parameter")
    func fieldsTable() {
        let fields = Table(header: nil, rows: [
            [[.text("id")], [.text("string")], [.text("Unique per delivery. You must deduplicate on it, because deliveries are retried.")]],
            [[.text("Required")], [.text("Must be set when mode is strict and the server runs in cluster mode.")]],
        ])
        let texts = extractor.extract([chunk([.heading(level: 2, text: "Fields", anchor: "fields"), .table(fields)])]).map(\.text)
        #expect(texts.contains("`id`: Unique per delivery. You must deduplicate on it, because deliveries are retried. (string)"), "\(texts)")
        #expect(!texts.contains { $0.hasPrefix("`Required`") }, "\(texts)")
    }

    @Test("gtk-doc's Parameters and Members tables: each row is its name's rule")
    func parameterTables() {
        let parameters = Table(header: nil, rows: [
            [[.text("func")], [.text("a function to execute in the threads of the new thread pool")], []],
            [[.text("max_threads")], [.text("the maximal number of threads to execute concurrently, -1 means no limit")], []],
        ])
        let members = Table(header: nil, rows: [
            [[.link(text: "gpointer", url: "types.html"), .text(" "), .code("user_data"), .text(";")], [.text("the user data for the threads of this pool")], []],
        ])
        let texts = extractor.extract([chunk([
            .heading(level: 3, text: "g_thread_pool_new ()", anchor: "g-thread-pool-new"),
            .code(language: nil, text: "GThreadPool *\ng_thread_pool_new (GFunc func, gint max_threads);"),
            para("This function creates a new thread pool."),
            .heading(level: 4, text: "Parameters", anchor: nil), .table(parameters),
            .heading(level: 3, text: "struct GThreadPool", anchor: "GThreadPool"),
            .heading(level: 4, text: "Members", anchor: nil), .table(members),
        ])]).map(\.text)
        #expect(texts.contains("`max_threads`: the maximal number of threads to execute concurrently, -1 means no limit"), "\(texts)")
        #expect(texts.contains("`user_data`: the user data for the threads of this pool"), "\(texts)")
        #expect(Walker.declaredMember([.text("GFunc "), .code("func"), .text(";")]) == "func")
        #expect(Walker.declaredMember([.text("the function to execute")]) == nil)
    }

    @Test("a member list whose names all link but a deleted operator is an index")
    func memberIndex() {
        func item(_ term: [Inline], _ text: String) -> DefinitionItem { DefinitionItem(term: term, anchor: nil, definition: [para(text)]) }
        let items = [
            item([.link(text: "(constructor)", url: "mutex.html")], "constructs the mutex (public member function)"),
            item([.text("operator= [deleted]")], "not copy-assignable (public member function)"),
            item([.link(text: "lock", url: "lock.html")], "locks the mutex, blocks if the mutex is not available (public member function)"),
            item([.link(text: "unlock", url: "unlock.html")], "unlocks the mutex (public member function)"),
            item([.link(text: "native_handle", url: "native_handle.html")], "returns the underlying implementation-defined thread handle (public member function)"),
        ]
        #expect(Walker.isIndex(items, section: "Member functions"))
        // Names in words without links are entries of the page's own.
        #expect(!Walker.isIndex(items.map { DefinitionItem(term: [.text($0.term.plainText)], anchor: nil, definition: $0.definition) }, section: "Options"))
    }
}
