import Testing
@testable import Extract
import RulesMakerCore

@Suite("Guidance detectors")
struct GuidanceTests {
    let classifier = GuidanceClassifier()

    @Test("modal phrasing", arguments: [
        ("The private key must be unencrypted.", RuleKind.must),
        ("Callbacks must not raise exceptions.", RuleKind.never),
        ("You should close the session when done.", RuleKind.should),
        ("It is an error to call `run()` twice.", RuleKind.never),
        ("Sessions shall never be shared between threads.", RuleKind.never),
        ("It is strongly recommended that you open files in binary mode.", RuleKind.should),
        ("A better approach is to let threads poll a state variable protected by a mutex.", RuleKind.should),
        ("You can’t call it inside loops or conditions.", RuleKind.never),
        ("You cannot add an inline argument in the same provisioner with script.", RuleKind.never),
        ("`useState` is a Hook, so you can only call it at the top level of your component.", RuleKind.must),
        ("The lifecycle block can only be given literal values.", RuleKind.must),
        ("Like Hashtable but unlike HashMap, this class does not allow null to be used as a key or value.", RuleKind.never),
        ("crates.io does not allow packages to be published with dependencies on code outside of crates.io.", RuleKind.never),
        ("It is the caller's responsibility to close the stream and retry the request.", RuleKind.must),
        ("Once closed, a UBreakIterator may no longer be used.", RuleKind.never),
        ("Programmers are urged to use the more convenient Executors factory methods.", RuleKind.should),
        ("It is also a requirement for a given hook to be executable.", RuleKind.must),
        ("The cure is to fix your program so that it doesn't do any illegal memory accesses.", RuleKind.should),
        ("The `--workers` option is not valid with `--reload`.", RuleKind.never),
    ])
    func modal(sentence: String, kind: RuleKind) throws {
        let m = try #require(classifier.classify(sentence))
        #expect(m.kind == kind)
        #expect(m.strength >= 0.75)
    }

    @Test("behaviour the documentation does not promise to keep, trouble a choice causes, or a cost in time or memory is a warning", arguments: [
        "The order of the callbacks may change in future versions of the library.",
        "The layout of this struct is subject to change.",
        "However smaller interval size can lead to accuracy issues due to warm-up effects.",
        "Values lower than 0x10000 (64KB) are known to create problems on some distributions.",
        "Your program will run much slower (eg. 20 to 30 times) than normal, and use a lot more memory.",
        "Increasing the depth makes Massif run more slowly and use more memory.",
        "Resizing this or any other kind of hash table may be a relatively slow operation.",
        "Using this program slows down execution by roughly a factor of 40 over native execution.",
        "The higher the quality, the slower the compression.",
        "Enabling debug logging is known to slow down the server considerably.",
        "No index means slower lookups on large tables.",
    ])
    func unstable(sentence: String) throws {
        let m = try #require(classifier.classify(sentence))
        #expect(m.kind == .warning)
        #expect(m.strength >= 0.7)
    }

    @Test("a key or setting superseded by another is deprecated", arguments: [
        "This key is superseded by the tls section.",
        "The legacy_auth setting has been superseded by auth.mode.",
    ])
    func supersededSetting(sentence: String) {
        #expect(GuidanceClassifier().classify(sentence)?.kind == .deprecated, "\(sentence)")
    }

    @Test("what the documentation calls bad practice, or asks to use with care, is to be avoided")
    func badPractice() throws {
        let m = try #require(classifier.classify("It is bad practice to remove listeners added elsewhere in the code."))
        #expect(m.kind == .avoid && m.strength >= 0.8)
        let care = try #require(classifier.classify("Use this feature with care, as hibernation implies at least two garbage collections."))
        #expect(care.kind == .avoid && care.strength >= 0.8)
        // Running out of memory as a hazard, not as the case a return code names.
        #expect(classifier.analyze("Calling this function under low memory conditions can cause an out of memory exception.").has(.risk))
        #expect(!classifier.analyze("Returns Z_MEM_ERROR if out of memory.").has(.risk))
    }

    @Test("what is necessary is asked for; what is not, or only a condition, is not", arguments: [
        ("Therefore it may be necessary, not just desirable, to drop and re-apply foreign keys when loading large amounts of data.", true),
        ("The `while` loop checking for the application’s condition is necessary because `wait()` can return after an arbitrary long time.", true),
        ("No locking is necessary.", false),
        ("The flag decides whether a flush is necessary.", false),
        ("If not, a restart is necessary.", true),
        ("It is also necessary to call `close()` first.", true),
        ("If a three-way merge of the two branches is necessary, git creates a merge commit.", false),
        ("The compiler inserts whatever padding is necessary.", false),
        ("It would be necessary to rewrite the whole module to support this.", false),
    ])
    func necessity(sentence: String, asks: Bool) {
        #expect(classifier.analyze(sentence).has(.modal) == asks, "\(sentence)")
    }

    @Test("what a thing can't be used as, what stops abruptly and what is not released are to know")
    func limitsAndLosses() throws {
        let m = try #require(classifier.classify("This means that signals can’t be used as a means of inter-thread communication."))
        #expect(m.kind == .never)
        // What the writers advise against still forbids.
        #expect(classifier.classify("We don't recommend using this in production.")?.kind == .never)
        // The reader's thinking is a state of mind only after a subject: at the head it is still forbidden.
        #expect(classifier.classify("Do not think of a `Mutex` as protecting code; it protects data.")?.kind == .never)
        #expect(classifier.analyze("Daemon threads are abruptly stopped at shutdown.").has(.risk))
        #expect(classifier.analyze("Their resources may not be released properly.").has(.risk))
        // A mechanism that "would make sure" of something describes it; the reader making sure is asked.
        #expect(!classifier.analyze("This would make sure that remote refs are removed.").has(.modal))
        #expect(classifier.analyze("Make sure you call `close()` after use.").has(.modal))
    }

    @Test("a warning labelled inline in running text warns; what is not implemented or may never end is to know")
    func inlineWarningLabel() throws {
        let m = try #require(classifier.classify("Warning: Unicode word boundaries are quite different from traditional regular expression word boundaries."))
        #expect(m.kind == .warning)
        #expect(classifier.analyze("Not implemented yet, just a placeholder, hence draft.").has(.risk))
        #expect(classifier.analyze("For practical purposes, the match operation may appear to be in an infinite loop.").has(.risk))
        #expect(classifier.analyze("Some patterns, when matching certain strings, can run in exponential time.").has(.risk))
        // A label over advice is advice; a tool's message quoted in lower case is no call-out; loops written on purpose,
        // a cost avoided, a case a condition names and a release of software are no risks.
        #expect(classifier.classify("Important: Use a virtual environment for each project.")?.kind == .should)
        #expect(classifier.classify("warning: unused variable `x` in the compiler's output.")?.kind != .warning)
        for sentence in ["The `loop` keyword is used for infinite loops.", "The algorithm avoids the exponential time of naive backtracking.",
                         "Raises `NotImplementedError` if the method is not implemented by a subclass.", "The 1.x branch will not be released again."] {
            #expect(!classifier.analyze(sentence).has(.risk), "\(sentence)")
        }
    }

    @Test("what will be removed from an API deprecates it; what a command removes from elsewhere does not")
    func removedFrom() {
        #expect(classifier.analyze("This parameter will be removed from Python 3.14.").has(.deprecation))
        #expect(classifier.analyze("The function will be removed from the public API in a future release.").has(.deprecation))
        #expect(!classifier.analyze("Newly created local refs will be pushed, and deleted refs will be removed from the remote end.").has(.deprecation))
    }

    @Test("what is unwise is to be avoided; obsolete data deprecates nothing")
    func unwiseAndObsoleteData() throws {
        let m = try #require(classifier.classify("It is unwise to disable the daemon completely unless you have an extremely predictable workload."))
        #expect(m.kind == .avoid)
        #expect(!classifier.analyze("The number of obsolete tuples is obtained from the cumulative statistics system.").has(.deprecation))
        #expect(!classifier.analyze("With no statistics or obsolete statistics, the planner might make poor decisions.").has(.deprecation))
        // …but what it leads to is a warning.
        #expect(classifier.analyze("The planner might make poor decisions, leading to poor performance on any tables with inaccurate statistics.").has(.risk))
        #expect(classifier.analyze("This function is obsolete.").has(.deprecation))
    }

    @Test("a condition says when, and what the reader lacks is no prohibition", arguments: [
        "Override the `push.recurseSubmodules` configuration variable when no submodule recursion is required.",
        "This is to emulate `git fetch`, and is often needed when you can only make connection in one way.",
        "Sometimes useful when pushing to a remote repository over ssh, and you do not have the program in a directory on the default `$PATH`.",
        "You see dependency rand in the `cargo check` output but don’t think it’s needed.",
        "Whenever a rebuild is required, cargo reruns the build script.",
        "If the socket can't be used, an exception is raised.",
        "Positive refs on the command line are distinguished: we don't let them be excluded by such limiters.",
        "A value that can't be used as a dictionary key is called unhashable.",
    ])
    func conditionsAndLacks(sentence: String) {
        let a = classifier.analyze(sentence)
        #expect(!a.has(.modal) && !a.has(.prohibition), "\(sentence): \(a.signals)")
    }

    @Test("what is not to be done is a prohibition")
    func notToBe() throws {
        let m = try #require(classifier.classify("The function is not to have any side effects."))
        #expect(m.kind == .never)
    }

    @Test("a cost said not to be one, compared as a value, or asked for is no warning; nor is a reassurance or data superseded", arguments: [
        "Set backoff to slow down retries against a busy server.",
        "Allocate more memory to the JVM with -Xmx when indexing large repositories.",
        "This option does not make queries any slower.",
        "The new parser uses no more memory than the old one.",
        "Returns the slower of the two clocks.",
        "The progress bar fills slowly while the index is built.",
        "It is not bad practice to keep a connection open for the lifetime of the process.",
        "You will never need to call this function directly.",
        "If two keys exist in both maps, the value in Map1 is superseded by the value in Map2.",
    ])
    func noCost(sentence: String) {
        #expect(![.warning, .avoid, .deprecated].contains(GuidanceClassifier().classify(sentence)?.kind), "\(sentence)")
    }

    @Test("trouble said not to happen, fixed or reported is no warning", arguments: [
        "This will not cause problems.",
        "Using a pool does not lead to performance issues.",
        "Version 2.1 fixes several performance issues.",
        "Report accuracy issues on the tracker.",
    ])
    func noTrouble(sentence: String) {
        #expect(!GuidanceClassifier().analyze(sentence).has(.risk), "\(sentence)")
    }

    @Test("what an API never does is kept as a restriction; a hypothetical 'would never' is not")
    func neverAfterSubject() throws {
        let never = classifier.analyze("Operations performed using a stateless session never cascade to associated instances.")
        #expect(never.signals.contains { $0.detector == .constraint && $0.kind == .warning && $0.strength > 0.5 }, "\(never.signals)")
        // …also what it will never do: a certainty, not a hypothesis.
        let will = classifier.analyze("A cycle between Arc pointers will never be deallocated.")
        #expect(will.signals.contains { $0.detector == .constraint && $0.kind == .warning && $0.strength > 0.5 }, "\(will.signals)")
        // (Also after a clause the reader acts in: "you" is not the subject of "will never".)
        let afterYou = classifier.analyze("Once you call close(), the callback will never be invoked.")
        #expect(afterYou.signals.contains { $0.detector == .constraint && $0.strength > 0.5 }, "\(afterYou.signals)")
        let hedged = classifier.analyze("The compiler would never access the variable here.")
        #expect(hedged.signals.allSatisfy { $0.strength <= 0.5 })
        let noun = classifier.analyze("The never type is useful with the panic macro as well.")
        #expect(noun.signals.allSatisfy { $0.strength <= 0.5 }, "\(noun.signals)")
        let narrative = classifier.analyze("Our team never imagined the project would grow this large.")
        #expect(narrative.signals.allSatisfy { $0.strength <= 0.5 })
        // A component's job is no obligation on the reader; the caller's is.
        #expect(classifier.classify("The scheduler component is responsible for dispatching queued jobs to idle workers.") == nil)
        #expect(classifier.classify("The caller is responsible for freeing the returned buffer.")?.kind == .must)
        // What an API does not do, said of it as its subject, is kept like what it never does; not a condition or plain prose.
        let api = classifier.analyze("`process.exit()` does not stop the whole program, just the single thread.")
        #expect(api.signals.contains { $0.detector == .constraint && $0.strength > 0.5 }, "\(api.signals)")
        #expect(classifier.analyze("The `mkstemp()` function does not put a dot between the file name and the suffix.").signals.contains { $0.strength > 0.5 })
        #expect(classifier.analyze("If `x` is not set, the program does not stop.").signals.allSatisfy { $0.strength <= 0.5 })
        #expect(classifier.analyze("The program does not stop when the thread exits.").signals.allSatisfy { $0.strength <= 0.5 })
        let insufficient = classifier.analyze("The mere presence of the annotation is not enough to activate the behavior.")
        #expect(insufficient.signals.contains { $0.detector == .constraint && $0.strength > 0.5 }, "\(insufficient.signals)")
        #expect(try #require(classifier.classify("Ordering updates comes with a performance hit.")).kind == .avoid)
        let priority = classifier.analyze("For all other parameters, the request-level value takes priority.")
        #expect(priority.signals.contains { $0.detector == .constraint && $0.strength > 0.5 }, "\(priority.signals)")
    }

    @Test("narration after a leading conjunction is discourse too")
    func conjunctionThenNarration() {
        #expect(classifier.analyze("But let's see what happens when we move the call before the loop.").isDiscourse)
        #expect(classifier.analyze("Let's see what happens when we move the call before the loop.").isDiscourse)
        #expect(!classifier.analyze("But you must call join before main exits.").isDiscourse)
        #expect(!classifier.analyze("But we also strongly recommend closing every session.").isDiscourse)
    }

    @Test("imperatives, at the start and after a leading clause")
    func imperative() throws {
        #expect(classifier.analyze("Use `Session.close()` to release connections.").has(.imperative))
        #expect(classifier.analyze("If you need a fresh pool, call `dispose()` in the child process.").has(.imperative))
        #expect(classifier.analyze("To limit concurrency, use a buffered channel.").has(.imperative))
        #expect(classifier.analyze("To unlock a mutex guard sooner than the end of the enclosing scope, either create an inner scope or drop the guard manually.").has(.imperative))
        #expect(!classifier.analyze("Sessions are cheap to create.").has(.imperative))
    }

    @Test("risks and missing guarantees", arguments: [
        "`iter_lines` is not thread-safe.",
        "Reading it concurrently is undefined behaviour.",
        "This can deadlock when the pool is exhausted.",
        "There is no guarantee that the loop will finish.",
        "The package-name/feature-name syntax also enables package-name. Often this is not what you want.",
    ])
    func risk(sentence: String) throws {
        let a = classifier.analyze(sentence)
        #expect(a.has(.risk) || a.has(.prohibition), "\(a.signals)")
        #expect(try #require(a.match).strength >= 0.8)
    }

    @Test("cue words are read in their place: descriptive uses are no guidance, normative ones still are", arguments: [
        // Descriptive: the detector's cue does not fire (or only weakly).
        ("You don't need to recompile the module.", GuidanceClassifier.Detector.prohibition, false),
        ("Set this to no if you don't want to see these errors.", .prohibition, false),
        ("It is something you don't expect.", .prohibition, false),
        ("Blocks allocated with malloc and never freed are reported.", .prohibition, false),
        ("Always returns 0 when not run under Valgrind.", .modal, false),
        ("Retrieval operations generally do not block.", .recommendation, false),
        ("This call will return an error containing the provided value instead.", .recommendation, false),
        ("This is expected and shouldn't break your code.", .risk, false),
        ("This should be fine for most applications.", .recommendation, false),
        ("If in doubt, please file a bug report.", .risk, false),
        ("DRD may report data races on these functions.", .risk, false),
        ("Only a leak summary is printed.", .risk, false),
        ("The `default-members` key lists the members to build.", .default, false),
        ("The default pre-commit hook, when enabled, catches trailing whitespace.", .default, false),
        ("Return the default value for the context variable.", .default, false),
        ("Whether the client certificate is required.", .modal, false),
        ("The cache will avoid cloning the value.", .risk, false),
        ("It is useful to consider the mapped objects as proxies to database rows.", .recommendation, false),
        ("A list of HTTP request headers that should be supported for cross-origin requests.", .recommendation, false),
        ("set: The value can contain text, variables, and their combination.", .imperative, false),
        ("Profile settings can be changed in `Cargo.toml`.", .imperative, false),
        ("Test classes must be prefixed with Test.", .imperative, false),
        ("Recommended number of postfix bits.", .recommendation, false),
        ("The screen number is set to the preferred screen of the server.", .recommendation, false),
        ("Always returns 0 when not run under Valgrind.", .imperative, false),
        ("Never blocks.", .prohibition, false),
        ("Never blocks.", .imperative, false),
        ("Consider this part of the slogan from the Go documentation again.", .imperative, false),
        ("Time-sensitive entries expire after a minute.", .risk, false),
        ("If the referent no longer exists, calling the reference object returns None.", .deprecation, false),
        ("For example, a compiler must not move the accesses to `*p` ahead of the loop.", .prohibition, false),
        ("Beyond just scheduling tasks, the runtime must also manage IO resources and timers.", .modal, false),
        // Normative: the same words still instruct.
        ("Returns a newly allocated string that must be freed with `g_free()`.", .modal, true),
        ("Returns a pointer that must not be freed.", .prohibition, true),
        ("The server must set the `Access-Control-Allow-Credentials` header.", .modal, true),
        ("Implementations must be consistent with the `PartialOrd` implementation.", .modal, true),
        ("If you use an older compiler you should pass `-std=c11`.", .recommendation, true),
        ("Ensure callbacks do not block.", .imperative, true),
        ("Verify signatures are valid before use.", .imperative, true),
        ("Use types that are Sendable.", .imperative, true),
        ("Call methods that can throw inside a do block.", .imperative, true),
        ("Keep batches small and never exceed 100 items.", .prohibition, true),
        ("Handlers should not affect other requests.", .risk, true),
        ("Plugins should not break the public API.", .risk, true),
        ("This frees the filter chain options. The filters array itself is not freed.", .risk, true),
        ("The `pool_timeout` option is no longer supported.", .deprecation, true),
        ("Do not use this function; call `fetch_all()`.", .deprecation, true),
        ("However, upgrading from a read lock to the write lock is not possible.", .risk, true),
        ("Adding more input data to a finalized stream is impossible.", .risk, true),
        ("Session information is readable but not modifiable.", .risk, true),
        ("Calling `on_commit()` when autocommit is disabled will result in an error.", .risk, true),
        ("This means that invalid integrity check values won't be detected.", .risk, true),
        ("Context pointers are always owned by the caller.", .risk, true),
        ("Returns a File that takes ownership of the given file descriptor.", .risk, false),
        ("The `dep:` syntax is only available starting with Rust 1.60.", .version, true),
        ("The user of `mkdtemp()` is responsible for deleting the temporary directory when done with it.", .modal, true),
        ("The garbage collector is responsible for freeing unreachable objects.", .modal, false),
        ("Repeated calls to `dump()` using the same fp will result in an invalid JSON file.", .risk, true),
        ("Without debugging info, error messages and profiling output are nearly useless.", .risk, true),
        ("Things could go badly awry if you do weird things with signals.", .risk, true),
        ("Useless or underused allocations: blocks which are allocated but not read.", .risk, false),
        ("Moving the index position to an adjacent character is best done with `utext_next32()`.", .recommendation, true),
        ("It will usually be more efficient to begin an iteration with `next32From()` rather than setIndex().", .recommendation, true),
        ("Note, however, that method-level parameters will not be persisted across requests.", .recommendation, true),
        ("This function will create a file if it does not exist, and will truncate it if it does.", .risk, true),
        ("The compiled rules are not compatible across different major versions of ICU.", .risk, true),
        ("The type object for proxies of objects which are not callable.", .risk, false),
        ("The option is not applicable here.", .risk, false),
        // A prohibition under a condition retires nothing.
        ("The data read is buffered in memory, so do not use this method if the data size is large.", .deprecation, false),
        ("The data read is buffered in memory, so do not use this method if the data size is large.", .prohibition, true),
        ("Do not use this if the data size is large.", .deprecation, false),
        ("Do not use this method in new code.", .deprecation, true),
        ("Do not use this option in production.", .deprecation, false),
        ("Do not use this class from multiple threads.", .prohibition, true),
        ("The `-Wno-unused` option silences spurious warnings.", .risk, false),
        ("A thread may wake up because of a spurious wakeup.", .risk, true),
        ("The parser rejects wrongly encoded input.", .risk, false),
        ("The encoder never produces an invalid UTF-8 sequence.", .risk, false),
        ("Returns true if applying the patch would result in an invalid tree.", .risk, false),
        ("The destructor is responsible for closing the file.", .modal, false),
        ("This call will return a cached value instead of querying the server, which is cheaper.", .recommendation, false),
        ("lock: If a worktree is on a portable device, lock it to prevent its administrative files from being pruned.", .imperative, true),
        ("Set this to no if you don't want to see these errors.", .imperative, true),
        ("Make sure you are using a supported compiler.", .modal, true),
        ("The recommended configuration for proxying is to use a UNIX domain socket.", .recommendation, true),
        ("It is recommended to close the pool.", .recommendation, true),
        ("Never call `free()` twice on the same block.", GuidanceClassifier.Detector.prohibition, true),
        ("Don't mix the two APIs in one program.", .prohibition, true),
        ("Always call `close()` when you are done.", .modal, true),
        ("Use `ucnv_clone()` instead.", .recommendation, true),
        ("It is generally best to close the pool first.", .recommendation, true),
        ("Memory leaks occur if you forget to call `close()`.", .risk, true),
        ("The timeout defaults to 30 seconds.", .default, true),
        ("If no value is given, the default is used.", .default, true),
        ("The default is 100 connections.", .default, true),
        ("This argument is required.", .modal, true),
        ("You should avoid holding the lock across an await.", .risk, true),
        ("You may want to consider using a pool.", .recommendation, true),
        ("Consider the performance cost before enabling tracing.", .recommendation, true),
        ("Make sure that the handler must not block.", .modal, true),
    ])
    func cuesInPlace(sentence: String, detector: GuidanceClassifier.Detector, normative: Bool) {
        let a = classifier.analyze(sentence)
        #expect(a.signals.contains { $0.detector == detector && $0.strength >= 0.6 } == normative, "\(sentence): \(a.signals)")
    }

    @Test("narrating an example is discourse")
    func exampleNarration() {
        #expect(classifier.analyze("In the following example, Terraform runs the echo command.").isDiscourse)
    }

    @Test("sensitive data is a risk; case-sensitive matching is not")
    func caseSensitivity() {
        #expect(classifier.analyze("Never log sensitive data such as passwords.").has(.risk))
        #expect(!classifier.analyze("Matching uses the “~” (case-sensitive) and “~*” (case-insensitive) operators.").has(.risk))
    }

    @Test("what a misused call throws is a warning", arguments: [
        "If the current thread is not the holder of this lock then IllegalMonitorStateException is thrown.",
        "Calling `close()` twice will raise a RuntimeError.",
    ])
    func thrown(sentence: String) throws {
        let a = classifier.analyze(sentence)
        #expect(a.has(.risk), "\(a.signals)")
        #expect(try #require(a.match).strength >= 0.6)
    }

    @Test("defaults", arguments: [
        "The timeout defaults to 30 seconds.",
        "By default, requests do not time out.",
        "If omitted, the current directory is used.",
        "This is the default value.",
        "Unauthenticated requests will fall back to using the IP address of the request.",
        "Export the specified stashes, or all of them if none are specified.",
    ])
    func defaults(sentence: String) {
        #expect(classifier.analyze(sentence).has(.default), "\(sentence)")
    }

    @Test("a return value's alternative is no default", arguments: [
        "Returns the new value associated with the specified key, or null if none.",
        "If none of those match, the option is ignored.",
    ])
    func noDefault(sentence: String) {
        #expect(!classifier.analyze(sentence).has(.default), "\(sentence)")
    }

    @Test("version and deprecation markers")
    func versions() throws {
        #expect(classifier.analyze("New in version 2.1.").has(.version))
        #expect(classifier.analyze("Changed in version 3.0: the argument is keyword-only.").has(.version))
        #expect(classifier.analyze("Added in 1.4.33.").has(.version))
        #expect(classifier.analyze("Requests uses certifi since 2.16.").has(.version))
        #expect(classifier.analyze("In Flask 0.10 and lower, arrays were not serialized.").has(.version))
        let d = try #require(classifier.classify("Deprecated since version 1.4.24: use dbapi_connection."))
        #expect(d.kind == .deprecated)
        #expect(try #require(classifier.classify("This method will be removed in 3.0.")).kind == .deprecated)
        #expect(!classifier.analyze("The pool holds 5 connections.").has(.version))
    }

    @Test("what cannot be done, said of a subject in the main clause, is a warning; not in a condition, a relative clause or a compound")
    func cannot() throws {
        for s in ["Overrides cannot specify the panic, lto, or rpath settings.",
                  "The main worktree cannot be moved with this command.",
                  "Dependencies from this table cannot be declared as optional."] {
            #expect(classifier.analyze(s).signals.contains { $0.detector == .risk && $0.kind == .warning }, "\(s)")
        }
        for s in ["If the file cannot be opened, the function returns NULL.",
                  "The encoder replaces characters which cannot be represented.",
                  "Various kinds of this-can't-possibly-happen events are also reported.",
                  "This function cannot fail.", "The compiler cannot prove that the reference outlives the value."] {
            #expect(!classifier.analyze(s).signals.contains { $0.detector == .risk }, "\(s)")
        }
    }

    @Test("what is invalid is a warning; not a case named in a condition or a relative clause")
    func invalid() throws {
        for s in ["Other consecutive asterisks are considered invalid.", "An empty pattern is invalid.", "Note that an empty pattern is invalid.",
                  "Iterators that point into the vector become invalid after `push()`.",
                  "Slice metadata is invalid if it makes the total size bigger than `isize::MAX`."] {
            #expect(classifier.analyze(s).signals.contains { $0.detector == .risk }, "\(s)")
        }
        for s in ["Returns BROTLI_FALSE if parameter is unrecognized, or value is invalid.",
                  "This can cause servers to present a certificate that the client thinks is invalid.",
                  "EINVAL The value specified in flags is invalid."] {
            #expect(!classifier.analyze(s).signals.contains { $0.detector == .risk }, "\(s)")
        }
    }

    @Test("what an API is meant for, when that is monitoring or debugging, is advice; a hedge or a purpose of the data is not")
    func meantForDiagnostics() throws {
        for s in ["This method is designed for use in monitoring system state, not for synchronization control.",
                  "This method is primarily useful for debugging and assertions.",
                  "The hold count information is typically only used for testing and debugging purposes."] {
            let m = try #require(classifier.classify(s), "\(s)")
            #expect(m.kind == .should, "\(s)")
        }
        for s in ["This method may be useful for debugging.",
                  "This retrieves the total number of bytes read, to be used for diagnostic/monitoring/informative purposes.",
                  "The profile is designed for optimized artifacts used for releases.",
                  "`Number.isNaN()` is used for testing whether a value is NaN."] {
            #expect(!classifier.analyze(s).signals.contains { $0.detector == .recommendation }, "\(s)")
        }
    }

    @Test("what a tool refuses to do is a warning; what happens when a value is omitted is a default, not that it is omitted")
    func refusesAndOmitted() throws {
        #expect(classifier.analyze("`git clean` will refuse to delete files or directories unless given -f.").signals.contains { $0.detector == .risk })
        #expect(classifier.analyze("By default, `remove` refuses to remove an unclean worktree.").signals.contains { $0.detector == .risk })
        #expect(classifier.analyze("If the second number in a range is omitted, all remaining items are selected.").has(.default))
        #expect(!classifier.analyze("If offset is not 0, then stream header is omitted.").has(.default))
    }

    @Test("what is no longer needed is a change, not a deprecation; 'legacy' deprecates only when said of the API")
    func noLongerNeededAndLegacy() throws {
        let needed = try #require(classifier.classify("With default parameters, a manual check in the function body is no longer necessary."))
        #expect(needed.kind == .version)
        #expect(try #require(classifier.classify("This parameter is no longer supported.")).kind == .deprecated)
        #expect(!classifier.analyze("The legacy `inline-flex` display value displays the container as inline.").has(.deprecation))
        #expect(!classifier.analyze("Git warns unless your project uses a legacy encoding.").has(.deprecation))
        #expect(classifier.analyze("The `Query` object is legacy as of 2.0.").has(.deprecation))
        #expect(classifier.analyze("Avoid the legacy API in new code.").has(.deprecation))
        // (Weaker than the instruction it sits in.)
        #expect(try #require(classifier.classify("Avoid the legacy API in new code.")).kind == .avoid)
        #expect(classifier.classify("Close connections that are no longer needed.")?.kind != .version)
    }

    @Test("what is not yet stable is a version marker: nightly-only and experimental APIs, not an experiment described")
    func stability() throws {
        let nightly = try #require(classifier.classify("This is a nightly-only experimental API."))
        #expect(nightly.kind == .version)
        #expect(try #require(classifier.classify("The `recv_deadline` method is nightly only.")).kind == .version)
        #expect(classifier.analyze("Multiple checkout is still experimental, and the support for submodules is incomplete.").has(.version))
        #expect(classifier.analyze("The --free-is-write option is an experimental feature.").has(.version))
        #expect(!classifier.analyze("The experimental results are shown in the table below.").has(.version))
        #expect(!classifier.analyze("We ran an experimental build of the compiler overnight.").has(.version))
        #expect(!classifier.analyze("Nightly builds are published every day.").has(.version))
        #expect(!classifier.analyze("Enable experimental features by setting `RUSTC_BOOTSTRAP=1`.").has(.version))
    }

    @Test("constraint words alone are not guidance; several together are")
    func constraints() {
        #expect(classifier.classify("The pool only holds idle connections.") == nil)
        let a = classifier.analyze("Requests cannot release the connection unless you consume all the data.")
        #expect((a.signals.first { $0.detector == .constraint }?.strength ?? 0) >= 0.5)
    }

    @Test("pointers and narration are discourse")
    func discourse() {
        #expect(classifier.analyze("See the API docs for more details.").isDiscourse)
        #expect(classifier.analyze("Do not fret, these still work.").isDiscourse)
        #expect(!classifier.analyze("We recommend upgrading certifi frequently.").isDiscourse)
    }

    @Test("tokens keep dotted names and versions, fold hyphens and apostrophes")
    func tokens() {
        #expect(GuidanceClassifier.tokenize("Don’t call sys.path in 1.4.33, it's not thread-safe.") ==
                ["don't", "call", "sys.path", "in", "1.4.33", ",", "it's", "not", "thread", "safe"])
    }
}

@Suite("Sentence segmentation")
struct SentenceSplitterTests {
    @Test("inline code, abbreviations and version numbers do not end a sentence")
    func keepsTogether() {
        let s = SentenceSplitter.split("Call `obj.close(). Then` reuse it, e.g. in a loop. Version 1.4.2 changed this, i.e. the default. Done.")
        #expect(s == ["Call `obj.close(). Then` reuse it, e.g. in a loop.", "Version 1.4.2 changed this, i.e. the default.", "Done."])
    }

    @Test("file names and parenthesised asides stay whole")
    func asides() {
        let s = SentenceSplitter.split("Edit setup.py (see the docs. It helps.) before release. Next step.")
        #expect(s == ["Edit setup.py (see the docs. It helps.) before release.", "Next step."])
    }

    @Test("a quotation's own full stops end no sentence; a quotation that ends one does")
    func quotations() {
        let s = SentenceSplitter.split("Enter the poem “I’m Nobody! Who are you?” by Emily Dickinson. Then save it.")
        #expect(s == ["Enter the poem “I’m Nobody! Who are you?” by Emily Dickinson.", "Then save it."])
        let ends = SentenceSplitter.split("The error reads “Too many re-renders.” Then the page stops.")
        #expect(ends == ["The error reads “Too many re-renders.”", "Then the page stops."])
        let unclosed = SentenceSplitter.split("A quote “opens here and never closes. " + String(repeating: "Words go on. ", count: 30) + "Last one.")
        #expect(unclosed.count > 5, "an unclosed quote stops holding sentences together")
    }

    @Test("a mark quoted on its own names a character and ends no sentence")
    func quotedMark() {
        let s = SentenceSplitter.split("Patterns support the wildcards '*' (zero or more characters) and '?' (exactly one character), as in the shell. Use them.")
        #expect(s == ["Patterns support the wildcards '*' (zero or more characters) and '?' (exactly one character), as in the shell.", "Use them."])
        #expect(SentenceSplitter.split("Type \".\" (a full stop) to end input. Then press Enter.")
                == ["Type \".\" (a full stop) to end input.", "Then press Enter."])
        // A quotation that ends with its mark still ends the sentence: "'Stop!' Then …", "‘Who?’ Next …".
        #expect(SentenceSplitter.split("He said 'Stop!' Then he left.") == ["He said 'Stop!'", "Then he left."])
        // A quoted value that ends its sentence still ends it.
        #expect(SentenceSplitter.split("Set it to '5.' Then restart.") == ["Set it to '5.'", "Then restart."])
    }
}

@Suite("Deprecation wording")
struct RemovalWordingTests {
    let classifier = GuidanceClassifier()

    @Test("'is removed' is a deprecation only when it says when; 'was removed' / 'has been removed' always")
    func removed() {
        #expect(!classifier.analyze("Or the value could be inspected, and if so the poison is removed.").has(.deprecation))
        #expect(classifier.analyze("The `pool_timeout` option is removed in version 3.").has(.deprecation))
        #expect(classifier.analyze("The `pool_timeout` option was removed.").has(.deprecation))
        #expect(!classifier.analyze("true if the value was removed").has(.deprecation))
        #expect(classifier.analyze("When `distutils` was removed in Python 3.12, setuptools took over.").has(.deprecation))
        #expect(!classifier.analyze("url_scheme – Scheme to use instead of `PREFERRED_URL_SCHEME`.").has(.deprecation))
        #expect(classifier.analyze("The `pool_timeout` option has been removed in 2.0.").has(.deprecation))
        #expect(!classifier.analyze("When the spawned thread starts, v is no longer valid.").has(.deprecation))
        #expect(classifier.analyze("The `pool_timeout` option is no longer supported.").has(.deprecation))
        #expect(!classifier.analyze("If neither option is set, the cookie will be removed when the browser is closed.").has(.deprecation))
        #expect(classifier.analyze("The `pool_timeout` option will be removed in a future release.").has(.deprecation))
        #expect(classifier.analyze("`connect()` is deprecated and will be removed.").has(.deprecation))
        // At the end of its clause: a removal from the API only when what goes is part of it.
        #expect(!classifier.analyze("If a pathspec is given, all untracked files matching the specified paths will be removed.").has(.deprecation))
        #expect(classifier.analyze("This option will be removed.").has(.deprecation))
        #expect(!classifier.analyze("Once the container stops, it will be removed.").has(.deprecation))
        #expect(classifier.analyze("Support for Python 2 will be removed, so migrate now.").has(.deprecation))
    }

    @Test("an imperative after a short label and a colon; not a label that is a definition of a verb")
    func labelledImperative() {
        let a = classifier.analyze("Workaround for 1.1.X and later versions of Valgrind: use the `--run-libc-freeres=no` option.")
        #expect(a.has(.imperative) && a.match?.kind == .should, "\(a.signals)")
        #expect(!classifier.analyze("Version 2: use of the old API is limited to the first call.").has(.imperative))
        for label in ["Error: open failed with ENOENT when the path is missing.", "Returns: set containing the keys of the map.",
                      "Example: run the following command to see the output.",
                      "The function performs three steps: open the file, read the header and close it."] {
            #expect(!classifier.analyze(label).has(.imperative), "\(label)")
        }
        #expect(classifier.analyze("Tip: close the session before the process exits.").has(.imperative))
    }
}
