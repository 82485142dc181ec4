import Testing
@testable import Extract
import RulesMakerCore

@Suite("Thread safety read from rustdoc's Send / Sync implementation headings")
struct ThreadSafetyTests {
    let extractor = HeuristicExtractor()

    @Test("a heading gives the trait, its sign, the type and the thread-safety bounds from generics and the where clause")
    func readsHeadings() throws {
        let refCell = try #require(ThreadSafety.implementation("impl<T> !Sync for RefCell<T> where T: ?Sized,"))
        #expect(refCell == .init(trait: "Sync", negative: true, type: "RefCell<T>", bounds: []))
        let mutex = try #require(ThreadSafety.implementation("impl<T: ?Sized + Send> Sync for Mutex<T>"))
        #expect(mutex == .init(trait: "Sync", negative: false, type: "Mutex<T>", bounds: ["T: Send"]))
        let arc = try #require(ThreadSafety.implementation("impl<T, A> Send for Arc<T, A> where T: Sync + Send + ?Sized, A: Allocator + Send,"))
        #expect(arc == .init(trait: "Send", negative: false, type: "Arc<T, A>", bounds: ["T: Sync + Send", "A: Send"]))
        #expect(ThreadSafety.implementation("impl Send for Command") == .init(trait: "Send", negative: false, type: "Command", bounds: []))
        // Other traits, inherent impls and prose are not read.
        #expect(ThreadSafety.implementation("impl<T> Unpin for RefCell<T> where T: Unpin + ?Sized,") == nil)
        #expect(ThreadSafety.implementation("impl<T> Receiver<T>") == nil)
        #expect(ThreadSafety.implementation("impl<T> !Freeze for RefCell<T>") == nil)
        #expect(ThreadSafety.implementation("Send for all types") == nil)
    }

    @Test("one statement per type, made only when it tells something: a negative impl or a bound beyond the trait itself")
    func statements() throws {
        func say(_ headings: String...) -> String? {
            ThreadSafety.statement(headings.compactMap(ThreadSafety.implementation))?.text
        }
        #expect(say("impl<T> Send for RefCell<T> where T: Send + ?Sized,", "impl<T> !Sync for RefCell<T> where T: ?Sized,")
                == "`RefCell<T>` is `Send` where `T: Send`, and not `Sync`.")
        #expect(say("impl<T: ?Sized + Send> Send for Mutex<T>", "impl<T: ?Sized + Send> Sync for Mutex<T>")
                == "`Mutex<T>` is `Send` where `T: Send`, and `Sync` where `T: Send`.")
        #expect(say("impl<T, A> Send for Arc<T, A> where T: Sync + Send + ?Sized, A: Allocator + Send,",
                    "impl<T, A> Sync for Arc<T, A> where T: Sync + Send + ?Sized, A: Allocator + Sync,")
                == "`Arc<T, A>` is `Send` where `T: Sync + Send` and `A: Send`, and `Sync` where `T: Sync + Send` and `A: Sync`.")
        #expect(say("impl<T, A> !Send for Rc<T, A> where A: Allocator, T: ?Sized,", "impl<T, A> !Sync for Rc<T, A> where A: Allocator, T: ?Sized,")
                == "`Rc<T, A>` is neither `Send` nor `Sync`.")
        // What anyone would assume: Send and Sync outright, or just where the parameter is.
        #expect(say("impl Send for Command", "impl Sync for Command") == nil)
        #expect(say("impl<T> Send for MaybeUninit<T> where T: Send,", "impl<T> Sync for MaybeUninit<T> where T: Sync,") == nil)
        // A derived (auto trait) implementation's bounds follow its fields: a borrowing iterator says nothing.
        var keys = ["impl<'a, K, V> Send for Keys<'a, K, V> where K: Sync, V: Sync,", "impl<'a, K, V> Sync for Keys<'a, K, V> where K: Sync, V: Sync,"]
            .compactMap(ThreadSafety.implementation)
        #expect(ThreadSafety.statement(keys) != nil)
        for k in keys.indices { keys[k].derived = true }
        #expect(ThreadSafety.statement(keys) == nil)
        // An arrow inside the generics closes no bracket (std's `LazyCell<T, F = fn() -> T>`).
        #expect(ThreadSafety.implementation("impl<T, F = fn() -> T> !Sync for LazyCell<T, F>")?.type == "LazyCell<T, F>")
        // Headings of several types (a trait's implementors) or a trait twice are no one type's statement.
        #expect(say("impl<T> !Send for Rc<T>", "impl<T> !Send for Weak<T>") == nil)
        #expect(say("impl<T> !Sync for Rc<T>", "impl<T: Send> Sync for Rc<T>") == nil)
    }

    @Test("the extractor makes the rule from a type's trait implementation sections, not from blanket impls or implementors")
    func extractorRule() throws {
        func rules(_ section: String) -> [RuleCandidate] {
            extractor.extract([chunk([
                .heading(level: 1, text: "Struct RefCell", anchor: nil),
                para("A mutable memory location with dynamically checked borrow rules."),
                .heading(level: 2, text: section, anchor: "trait-implementations"),
                .heading(level: 3, text: "impl<T> Send for RefCell<T> where T: Send + ?Sized,", anchor: nil),
                .heading(level: 3, text: "impl<T> !Sync for RefCell<T> where T: ?Sized,", anchor: nil),
            ])])
        }
        let made = try #require(rules("Trait Implementations").first { $0.text.hasSuffix("and not `Sync`.") })
        #expect(made.text == "`RefCell<T>` is `Send` where `T: Send`, and not `Sync`.")
        #expect(made.subjects == ["RefCell<T>"])
        #expect(made.kind == .warning)
        #expect(made.source.anchor == "trait-implementations")
        #expect(!made.source.breadcrumb.contains("Trait Implementations"))
        #expect(rules("Auto Trait Implementations").contains { $0.text == made.text })
        #expect(!rules("Blanket Implementations").contains { $0.text.contains("`Sync`") })
        #expect(!rules("Implementors").contains { $0.text.contains("`Sync`") })
    }
}
