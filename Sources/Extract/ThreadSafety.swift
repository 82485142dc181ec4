import Foundation
import RulesMakerCore

/// What rustdoc's implementation headings say about whether a type may cross or be shared between threads.
///
/// rustdoc lists a type's `Send` and `Sync` implementations under "Trait Implementations" or "Auto Trait
/// Implementations" as headings of code (`impl<T> !Sync for RefCell<T> where T: ?Sized,`), with no prose: the one place
/// a page says that `RefCell<T>` may move to another thread but never be shared, or that `Mutex<T>` is `Sync` whenever
/// `T` is `Send`. `ThreadSafety` reads those headings and condenses them into one statement of the type
/// ("`RefCell<T>` is `Send` where `T: Send`, and not `Sync`."), made only when it tells something: a negative
/// implementation, or a bound other than the trait itself (`Arc<T>` is `Send` only where `T: Sync + Send`). A type that is
/// `Send` and `Sync` outright, or just where its parameters are, says nothing an assistant would not assume.
struct ThreadSafety: Equatable {
    /// One `Send` or `Sync` implementation heading.
    struct Implementation: Equatable {
        var trait: String
        var negative: Bool
        /// The type, as the heading writes it (`RefCell<T>`).
        var type: String
        /// The bounds on thread-safety traits, per parameter, in the heading's order (`T: Sync + Send`); other bounds
        /// (`?Sized`, `A: Allocator`) are left out.
        var bounds: [String]
        /// Listed under "Auto Trait Implementations": derived by the compiler from the fields, so its bounds say only
        /// what the fields are.
        var derived = false
    }

    static let traits = ["Send", "Sync"]

    /// Reads `impl<T: Send> Send for Receiver<T>` or `impl<T, A> !Sync for Rc<T, A> where A: Allocator, T: ?Sized,`.
    static func implementation(_ heading: String) -> Implementation? {
        var rest = Substring(heading.trimmingCharacters(in: .whitespaces))
        guard rest.hasPrefix("impl") else { return nil }
        rest = rest.dropFirst(4)
        var generics = Substring("")
        if rest.hasPrefix("<") {
            guard let close = closingAngle(rest, from: rest.startIndex) else { return nil }
            generics = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        }
        guard rest.hasPrefix(" ") else { return nil }
        rest = rest.drop(while: { $0 == " " })
        let negative = rest.hasPrefix("!")
        if negative { rest = rest.dropFirst() }
        guard let trait = traits.first(where: { rest.hasPrefix($0 + " for ") }) else { return nil }
        rest = rest.dropFirst(trait.count + 5)
        // The type runs to " where" or the end; its own generic arguments may hold spaces ("Arc<T, A>").
        var depth = 0
        var end = rest.endIndex
        var i = rest.startIndex
        var previous: Character? = nil
        while i < rest.endIndex {
            let c = rest[i]
            if c == "<" { depth += 1 } else if c == ">", previous != "-" { depth -= 1 }
            if depth == 0, c == " ", rest[i...].hasPrefix(" where ") { end = i; break }
            previous = c
            i = rest.index(after: i)
        }
        let type = rest[..<end].trimmingCharacters(in: .whitespaces)
        guard !type.isEmpty, type.first?.isLetter == true, !type.contains(" for ") else { return nil }
        var clauses = topLevelSplit(generics)
        if end < rest.endIndex {
            let whereClause = rest[rest.index(end, offsetBy: 7)...].trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            clauses += topLevelSplit(Substring(whereClause))
        }
        var bounds: [String] = []
        for clause in clauses {
            guard let colon = clause.firstIndex(of: ":") else { continue }
            let parameter = clause[..<colon].trimmingCharacters(in: .whitespaces)
            let kept = clause[clause.index(after: colon)...].split(separator: "+")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { traits.contains($0) }
            if !parameter.isEmpty, !kept.isEmpty { bounds.append("\(parameter): " + kept.joined(separator: " + ")) }
        }
        return Implementation(trait: trait, negative: negative, type: type, bounds: bounds)
    }

    /// The one statement a type's implementations make, or nil when they say nothing worth a rule: the headings must all
    /// be of one type, at most one per trait.
    static func statement(_ implementations: [Implementation]) -> (text: String, negative: Bool)? {
        guard let type = implementations.first?.type, implementations.allSatisfy({ $0.type == type }) else { return nil }
        var byTrait: [String: Implementation] = [:]
        for i in implementations {
            guard byTrait[i.trait] == nil else { return nil }
            byTrait[i.trait] = i
        }
        let negative = implementations.contains(where: \.negative)
        // A bound that only passes the trait on ("`Send` where `T: Send`") is what the compiler derives anyway.
        // A derived implementation's bounds follow its fields (a borrowing iterator is `Send` where `K: Sync`): only an
        // explicit one's bounds are the type's design (`Mutex<T>` is `Sync` where `T: Send`).
        let telling = implementations.contains { i in
            !i.derived && i.bounds.contains { $0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) != i.trait }
        }
        guard negative || telling else { return nil }
        if let send = byTrait["Send"], let sync = byTrait["Sync"], send.negative, sync.negative {
            return ("`\(type)` is neither `Send` nor `Sync`.", true)
        }
        let parts = traits.compactMap { byTrait[$0] }.map { i -> String in
            if i.negative { return "not `\(i.trait)`" }
            return i.bounds.isEmpty ? "`\(i.trait)`" : "`\(i.trait)` where " + i.bounds.map { "`\($0)`" }.joined(separator: " and ")
        }
        return ("`\(type)` is " + parts.joined(separator: ", and ") + ".", negative)
    }

    /// The `>` that closes the `<` at `open`, counting nested brackets; the `>` of an arrow (`fn() -> T`) closes none.
    static func closingAngle<S: StringProtocol>(_ s: S, from open: S.Index) -> S.Index? {
        var depth = 0
        var previous: Character? = nil
        for i in s[open...].indices {
            let c = s[i]
            if c == "<" { depth += 1 } else if c == ">", previous != "-" {
                depth -= 1
                if depth == 0 { return i }
            }
            previous = c
        }
        return nil
    }

    /// Splits at commas outside angle brackets and parentheses.
    private static func topLevelSplit(_ s: Substring) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for c in s {
            if c == "<" || c == "(" { depth += 1 } else if (c == ">" && current.last != "-") || c == ")" { depth -= 1 }
            if c == ",", depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces)); current = ""
            } else { current.append(c) }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { parts.append(last) }
        return parts.filter { !$0.isEmpty }
    }
}
