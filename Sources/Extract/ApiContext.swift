import Foundation
import RulesMakerCore

/// Rendering inline runs for rules: code keeps backticks, links keep only their text.
enum Inlines {
    static func ruleText(_ inlines: [Inline]) -> String {
        let inlines = withTypedParameter(inlines)
        var out = ""
        for (k, inline) in inlines.enumerated() {
            switch inline {
            case .text(let s):
                // A line break in the source between a link and its comma ("<a>JSON</a>\n, <a>Datastore</a>") is no space
                // before the comma.
                if k > 0, { if case .text = inlines[k - 1] { return false } else { return true } }(),
                   let mark = s.first(where: { !$0.isWhitespace }), ",;.".contains(mark), s.first?.isWhitespace == true,
                   s.drop(while: \.isWhitespace).dropFirst().first.map(\.isWhitespace) ?? true {
                    out += s.drop(while: \.isWhitespace)
                } else {
                    out += s
                }
            case .emphasis(let s), .strong(let s): out += s
            case .link(let text, _): out += text
            case .image:
                // A picture set off by commas ("… a Saved Search icon, <img>, instead …") leaves one comma, not ", ,".
                if k + 1 < inlines.count, case .text(let next) = inlines[k + 1], next.trimmingWhitespace().hasPrefix(","),
                   let last = out.lastIndex(where: { !$0.isWhitespace }), out[last] == "," {
                    out.removeSubrange(last...)
                }
            case .code(let s):
                var t = s.replacingOccurrences(of: "`", with: "'")
                // A sentence's full stop caught inside the span ("… derived from `Throwable.`") goes after it: at the
                // end of the text or before the next sentence — not "`self.` to reach", nor a number ("`10.`").
                var stop = ""
                if t.count >= 3, t.hasSuffix("."), let before = t.dropLast().last,
                   before.isLetter || before == ")" || (before.isNumber && t.contains(where: \.isLetter)),
                   !t.contains(" "), Self.endsSentence(after: inlines[(k + 1)...]) {
                    t.removeLast()
                    stop = "."
                }
                // A command written as one span per word (`git` `commit`) is one span: "`git commit`".
                if stop.isEmpty, !t.isEmpty, out.hasSuffix("` "), k >= 2, case .code = inlines[k - 2], case .text(" ") = inlines[k - 1] {
                    out.removeLast(2)
                    out += " " + t + "`"
                    continue
                }
                out += t.isEmpty ? "" : "`" + t + "`" + stop
            }
        }
        return collapseSpaces(out)
    }

    /// A parameter entry that names its types as links after its name (Node.js: "`delay` <number> The number of
    /// milliseconds …", "`filename` <string> | <URL> The path …") reads "`delay` (`<number>`): The number of …".
    static func withTypedParameter(_ inlines: [Inline]) -> [Inline] {
        guard inlines.count >= 4, case .code(let name) = inlines[0], !name.contains(" ") else { return inlines }
        func isType(_ inline: Inline) -> String? {
            guard case .link(let text, _) = inline, text.count >= 3, text.hasPrefix("<"), text.hasSuffix(">"),
                  !text.dropFirst().dropLast().contains(where: { $0 == "<" || $0 == ">" }) else { return nil }
            return text
        }
        var types: [String] = []
        var k = 1
        // Name, space, type; then " | " and a type, as often as there are.
        while k + 1 < inlines.count, case .text(let gap) = inlines[k],
              gap.trimmingWhitespace() == (types.isEmpty ? "" : "|"), let t = isType(inlines[k + 1]) {
            types.append(t)
            k += 2
        }
        guard !types.isEmpty, k < inlines.count, case .text(let rest) = inlines[k], rest.first == " ",
              let first = rest.drop(while: { $0 == " " }).first, first.isLetter else { return inlines }
        return [.code(name), .text(" (" + types.map { "`\($0)`" }.joined(separator: " | ") + "): " + rest.drop(while: { $0 == " " }))]
            + inlines[(k + 1)...]
    }

    /// Whether the text after an inline ends the sentence there: nothing, or spaces then a capital ("… `X.` Use …").
    static func endsSentence(after rest: ArraySlice<Inline>) -> Bool {
        var spaced = false
        for inline in rest {
            if case .text(let t) = inline {
                let words = t.drop(while: { $0 == " " || $0 == "\n" })
                spaced = spaced || words.count < t.count
                guard let first = words.first else { continue }
                return spaced && first.isUppercase
            }
            // The next sentence may open with code ("… `Throwable.` `errno` is set too.").
            return spaced && { if case .code = inline { return true } else { return false } }()
        }
        return true
    }

    /// The inline run as plain text with a space kept between adjacent runs that would otherwise
    /// fuse (`class` + `sqlalchemy.pool.Pool` in a Sphinx signature).
    static func spacedText(_ inlines: [Inline]) -> String {
        var out = ""
        for inline in inlines {
            let t = inline.plainText
            if let l = out.last, let f = t.first, (l.isLetter || l.isNumber), (f.isLetter || f.isNumber) { out += " " }
            out += t
        }
        return collapseSpaces(out)
    }

    static func collapseSpaces(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let white = v < 0x80 ? (v == 32 || (v >= 9 && v <= 13)) : scalar.properties.isWhitespace
            if white { space = true; continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(scalar)
        }
        return String(out)
    }

    /// The contents of the backtick spans in `text`, in order, without duplicates.
    static func codeSpans(_ text: String) -> [String] {
        var spans: [String] = []
        var current: String? = nil
        for ch in text {
            if ch == "`" {
                if let c = current { if !c.isEmpty && !spans.contains(c) { spans.append(c) }; current = nil } else { current = "" }
            } else if current != nil {
                current!.append(ch)
            }
        }
        return spans
    }
}

/// Identifiers in prose: code spans, and tokens shaped like code (`snake_case`, `dotted.names`,
/// `calls()`, `Type::path`, `--flags`, `key=value`, `CamelCase`, `ALL_CAPS`).
enum Identifiers {
    static let maxCount = 8

    static func find(in text: String) -> [String] {
        var out = Inlines.codeSpans(text).filter { $0.count <= 60 }
        var outside = ""
        var inCode = false
        for ch in text {
            if ch == "`" { inCode.toggle(); outside.append(" "); continue }
            outside.append(inCode ? " " : ch)
        }
        for raw in outside.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "\"" || $0 == "“" || $0 == "”" }) {
            var tok = Substring(raw)
            while let l = tok.last, ".:;!?)'’".contains(l), !(l == ")" && tok.hasSuffix("()")) { tok = tok.dropLast() }
            while let f = tok.first, "('‘".contains(f) { tok = tok.dropFirst() }
            let t = String(tok)
            if looksLikeCode(t), !out.contains(t), !isRunOnSentence(t) { out.append(t) }
            if out.count >= maxCount { break }
        }
        return Array(out.prefix(maxCount))
    }

    /// Two sentences with the space after the full stop missing ("… your e-commerce system database.If this doesn't
    /// apply …"): a word, a dot and a capitalised word that opens sentences, not a dotted name.
    static func isRunOnSentence(_ t: String) -> Bool {
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].allSatisfy({ $0.isLowercase }) else { return false }
        return runOnOpeners.contains(String(parts[1]))
    }

    /// Words that open sentences and name no export of a package (not `time.After`, `sync.Once`, `unicode.In`, `re.A`).
    static let runOnOpeners: Set<String> = ["If", "The", "This", "That", "These", "Those", "It", "When", "You", "We", "They", "There",
                                            "However", "Otherwise", "Please", "But", "And", "Note", "See"]

    static func looksLikeCode(_ t: String) -> Bool {
        if t.utf8.allSatisfy({ $0 < 0x80 }) { return looksLikeCodeASCII(Array(t.utf8)) }
        return looksLikeCodeGeneral(t)
    }

    /// `looksLikeCodeGeneral` on ASCII bytes (the common case), without Character properties.
    static func looksLikeCodeASCII(_ b: [UInt8]) -> Bool {
        @inline(__always) func letter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        @inline(__always) func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        guard b.count >= 3, b.count <= 60 else { return false }
        func has(_ p: String) -> Bool { ByteSearch.contains(b, p.utf8) }
        if has("://") { return false }
        if b[0] == 45, b[1] == 45 { return letter(b[2]) }   // "--x"
        let first = b[0]
        guard letter(first) || first == 95 || first == 64 || first == 46 else { return false }
        // A version ("v15.1.0", "V2.0") is a number, not a name.
        if first == 118 || first == 86, b.contains(46), b.dropFirst().allSatisfy({ digit($0) || $0 == 46 }) { return false }
        let allowed: Set<UInt8> = Set("_.:()=<>!@&*'\"-".utf8)
        if (b[b.count - 2] == 40 && b[b.count - 1] == 41) || has("::") || b.contains(95) {
            return b.allSatisfy { letter($0) || digit($0) || allowed.contains($0) }
        }
        if b.contains(61), letter(first) { return true }
        if b.contains(46), b.last != 46 {
            let parts = b.split(separator: 46)
            if parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { letter($0) || digit($0) || $0 == 95 } }) {
                return parts.contains { $0.count > 2 }
            }
        }
        guard b.allSatisfy(letter) else { return false }
        let uppers = b.dropFirst().filter { $0 >= 65 && $0 <= 90 }.count
        return uppers >= 1 && b.contains { $0 >= 97 && $0 <= 122 }
    }

    static func looksLikeCodeGeneral(_ t: String) -> Bool {
        guard t.count >= 3, t.count <= 60, let first = t.first else { return false }
        if t.contains("://") { return false }
        if t.hasPrefix("--"), t.dropFirst(2).first?.isLetter == true { return true }
        guard first.isLetter || first == "_" || first == "@" || first == "." else { return false }
        if first == "v" || first == "V", t.contains("."), t.dropFirst().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) { return false }
        let body = t.filter { !$0.isLetter && !$0.isNumber }
        if t.hasSuffix("()") || t.contains("::") || t.contains("_") { return body.allSatisfy { "_.:()=<>!@&*'\"-".contains($0) } }
        if t.contains("="), t.first!.isLetter { return true }
        if t.contains("."), !t.hasSuffix("."), t.split(separator: ".").count >= 2,
           t.split(separator: ".").allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) {
            // "e.g", "i.e" and plain abbreviations are not identifiers.
            return t.split(separator: ".").contains { $0.count > 2 }
        }
        let letters = t.filter(\.isLetter)
        guard letters.count == t.count else { return false }
        let uppers = t.dropFirst().filter(\.isUppercase).count
        if uppers >= 1, t.contains(where: \.isLowercase) { return true }   // CamelCase, iOS-style names
        return false
    }

    /// Whether `text` names the API `name` itself: as a whole token, and, when the name is also a
    /// plain word ("lock", "close"), in code or as a call — "if the lock is already held" is prose.
    /// Words that follow an API named as the subject of its sentence.
    static let subjectVerbs: Set<String> = ["is", "are", "was", "does", "do", "has", "have", "will", "can", "could", "may", "might",
                                            "must", "should", "shall", "returns", "reads", "writes", "works", "never", "always",
                                            "also", "only", "cannot", "doesn't", "doesn’t", "isn't", "isn’t", "won't", "won’t"]

    /// `text` with each `Owner::name` path to `name` cut to `Owner::`: what is left names `name` only where the text
    /// names it on its own.
    static func withoutPaths(_ text: String, to name: String) -> String {
        guard !name.isEmpty, text.contains("::" + name) else { return text }
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: "::" + name) {
            out += rest[..<r.lowerBound] + "::"
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    /// `text` with each `other.name` cut to `other.` where `other` is not `owner` (any case): the Node.js entry
    /// `events.listenerCount()` is not named by "Use `emitter.listenerCount()` instead". Unchanged without an owner.
    static func withoutOtherOwners(_ text: String, owner: String?, name: String) -> String {
        guard let owner, !owner.isEmpty, !name.isEmpty, text.contains("." + name) else { return text }
        let own = owner.lowercased()
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "$" }
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: "." + name) {
            let before = rest[..<r.lowerBound]
            let word = String(before.reversed().prefix(while: isWord).reversed())
            let after = rest[r.upperBound...].first
            let whole = after.map { !isWord($0) } ?? true
            if whole, !word.isEmpty, word.lowercased() != own, !["self", "this", "cls"].contains(word) {
                out += before + "."
            } else {
                out += rest[..<r.upperBound]
            }
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    static func namesAPI(_ text: String, _ name: String) -> Bool {
        guard !name.isEmpty, name.allSatisfy({ $0.isLowercase && $0.isLetter }) else { return mentions(text, name) }
        // An entry that opens with its own name ("size – the maximum number …") names it too; capitalised at the start
        // of a sentence only as its subject ("Gzread does not return …"), not as the imperative verb of a brief
        // ("Close all pooled connections." does not name `close()`).
        let head = text.prefix(name.count + 1)
        let lower = head.lowercased()
        if lower.hasPrefix(name), lower.count > name.count, let next = lower.last, !next.isLetter && !next.isNumber && next != "_" {
            if head.hasPrefix(name) { return true }
            let following = text.dropFirst(name.count).split(separator: " ").first.map { $0.lowercased() } ?? ""
            if subjectVerbs.contains(following) { return true }
        }
        return containsSpan(text, "`\(name)`") || text.contains("`\(name)(") || text.contains("\(name)(") || text.contains(".\(name)`")
    }

    /// Whether `text` holds `span` other than as the first part of a hyphenated word: "the file should be `read`-able"
    /// uses the name as a word, it does not say which API the sentence is about.
    static func containsSpan(_ text: String, _ span: String) -> Bool {
        var rest = Substring(text)
        while let r = rest.range(of: span) {
            let after = rest[r.upperBound...]
            if !(after.first == "-" && after.dropFirst().first?.isLetter == true) { return true }
            rest = after
        }
        return false
    }

    /// Whether `text` names `name` as a whole token: a letter, digit or `_` at either end of the name
    /// must not go on into the text beside it; an end that is punctuation is not checked, so a name
    /// that ends in `=` (`--show-possibly-lost=`) is named by the token it opens
    /// (`--show-possibly-lost=no`). A quoted value names itself in either quotes (`'evaluate'` is `"evaluate"`).
    static func mentions(_ text: String, _ name: String) -> Bool {
        guard !name.isEmpty else { return true }
        if name.count > 2, let q = name.first, q == "'" || q == "\"", name.last == q {
            let other: Character = q == "'" ? "\"" : "'"
            let swapped = String(other) + name.dropFirst().dropLast() + String(other)
            if mentionsToken(text, swapped) { return true }
        }
        return mentionsToken(text, name)
    }

    private static func mentionsToken(_ text: String, _ name: String) -> Bool {
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        let checkBefore = name.first.map(isWord) ?? false, checkAfter = name.last.map(isWord) ?? false
        // An option goes on in a hyphen: `--xml` is not named by `--xml-fd`.
        let option = name.hasPrefix("-")
        var search = text.startIndex
        while let r = text.range(of: name, range: search..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let okBefore = !checkBefore || (before.map { !isWord($0) } ?? true)
            let okAfter = !checkAfter || (after.map { !isWord($0) && !(option && $0 == "-") } ?? true)
            if okBefore && okAfter { return true }
            search = r.upperBound
        }
        return false
    }
}

/// Names of the API entry a block describes.
enum ApiName {
    static let keywords: Set<String> = ["class", "def", "async", "pub", "fn", "static", "final", "exception", "method", "property",
                                        "attribute", "function", "data", "classmethod", "staticmethod", "abstract", "public",
                                        "private", "protected", "const", "struct", "enum", "trait", "impl", "type", "interface",
                                        "unsafe", "extern", "mod", "macro", "module", "coroutine", "awaitable", "void", "int",
                                        "synchronized", "native", "default", "virtual", "inline", "override", "open", "let", "var",
                                        "func", "init", "mut", "dyn", "union", "typedef", "template", "constexpr", "explicit", "boolean",
                                        "long", "double", "float", "char", "byte", "short", "bool", "string", "object", "field", "event",
                                        "decorator", "variable", "constant", "signal", "slot", "package"]

    /// What a reference page calls one of its entries in a heading like "The `name` field".
    static let entryNouns: Set<String> = ["field", "fields", "section", "table", "key", "option", "setting", "attribute", "parameter",
                                          "argument", "property", "flag", "command", "variable", "directive", "hook", "method",
                                          "function", "macro", "trait", "type", "element", "header", "event", "target"]

    /// Words that describe rather than name an entry ("The next section", "The whole table").
    static let ordinaryAdjectives: Set<String> = ["first", "second", "third", "last", "next", "previous", "following", "above", "below",
                                                  "same", "other", "new", "old", "whole", "entire", "current", "basic", "simple", "final",
                                                  "special", "optional", "required", "main", "top", "bottom", "global", "local", "custom"]

    /// The API name of a definition-list entry (Sphinx `dt`, Javadoc member, rustdoc item):
    /// from a generator's anchor when it names the entry, else from the signature text.
    static func fromSignature(_ term: [Inline], anchor: String?) -> String? {
        let text = Inlines.spacedText(term)
        guard !text.isEmpty, text.count < 400 else { return nil }
        let isCall = text.contains("(")
        // An option's term names the option (DocBook anchors `--xml` at `#opt.xml`: no name of its own).
        let option = text.trimmingWhitespace().hasPrefix("-")
        if let anchor, !option, let name = fromAnchor(anchor), text.contains(name.split(separator: ".").last.map(String.init) ?? name) {
            return isCall && !name.hasSuffix("()") ? name + "()" : name
        }
        return fromSignatureText(text)
    }

    static func fromSignature(_ term: [Inline]) -> String? { fromSignature(term, anchor: nil) }

    /// Labels of documentation field lists, which are not API names.
    static let fieldLabels: Set<String> = ["parameters", "parameter", "params", "param", "arguments", "args", "argument", "keyword arguments",
                                           "returns", "return", "return type", "return value", "rtype", "yields", "yield", "raises", "raise",
                                           "throws", "exceptions", "type", "types", "see also", "note", "notes", "example", "examples",
                                           "since", "version", "deprecated", "warning", "warnings", "attributes", "fields", "type parameters",
                                           "specified by", "overrides", "implementation note", "api note", "errors", "panics", "safety",
                                           // The C++ standard's "Effects:" (what the call does), as Boost and cppreference write it.
                                           "effects"]

    static func isFieldLabel(_ text: String) -> Bool {
        fieldLabels.contains(text.trimming(": ").lowercased())
    }

    /// Fields that only point at other entries: Javadoc's "Specified by:", "Overrides:", "See Also:".
    static func isReferenceLabel(_ text: String) -> Bool {
        ["specified by", "overrides", "see also", "all implemented interfaces", "all known implementing classes",
         "direct known subclasses", "all superinterfaces", "enclosing class"].contains(text.trimming(": ").lowercased())
    }

    /// Javadoc's summary sections repeat, as a table, the first sentence of every entry the
    /// details below give in full.
    static func isMemberSummary(_ heading: String) -> Bool {
        ["method summary", "constructor summary", "field summary", "nested class summary", "enum constant summary",
         "property summary", "optional element summary", "required element summary"].contains(heading.lowercased())
    }

    /// Doxygen's member summaries (`table.memberdecls`: "Functions", "Public Member Functions", …) by the
    /// anchors Doxygen gives their headings; the member documentation below repeats them in full.
    static func isMemberSummaryAnchor(_ anchor: String?) -> Bool {
        guard let a = anchor else { return false }
        if a.hasSuffix("-members") { return true }
        let scopes = ["pub", "pro", "pri", "pac"], kinds = ["types", "methods", "static-methods", "attribs", "static-attribs", "slots", "signals"]
        return a == "nested-classes" || a == "related" || scopes.contains { s in kinds.contains { a == s + "-" + $0 } }
    }

    /// "Throws:", "Raises", "Exceptions:" — the field listing what an API throws.
    static func isReturnsLabel(_ text: String) -> Bool {
        ["returns", "return", "return value", "return values", "returns value"].contains(text.trimming(": ").lowercased())
    }

    static func isThrowsLabel(_ text: String) -> Bool {
        ["throws", "raises", "exceptions", "throw", "raise"].contains(text.trimming(": ").lowercased())
    }

    /// `sqlalchemy.pool.Pool.connect` → `Pool.connect`; `method.parse_terminated` (rustdoc) →
    /// `parse_terminated`; `close()` / `close--` / `close(java.lang.String)` (Javadoc) → `close()`.
    static func fromAnchor(_ anchor: String) -> String? {
        var a = anchor
        for prefix in ["method.", "tymethod.", "structfield.", "variant.", "associatedtype.", "associatedconstant.", "field.", "macro.",
                       "fn.", "struct.", "enum.", "trait.", "type.", "constant.", "static."] where a.hasPrefix(prefix) {
            a = String(a.dropFirst(prefix.count))
            return isIdentifier(a) ? a : nil
        }
        if let paren = a.firstIndex(of: "(") { a = String(a[..<paren]) + "()" }
        else if a.hasSuffix("--") || a.hasSuffix("-"), let dash = a.firstIndex(of: "-") { a = String(a[..<dash]) + "()" }
        let core = a.hasSuffix("()") ? String(a.dropLast(2)) : a
        guard isIdentifier(core) else { return nil }
        // Only anchors that look like code: dotted paths or names with `_`, `::` or inner capitals.
        guard core.contains(".") || core.contains("_") || core.contains("::") || a.hasSuffix("()")
                || core.dropFirst().contains(where: \.isUppercase) else { return nil }
        let parts = core.split(separator: ".")
        let short = parts.suffix(2).joined(separator: ".")
        return a.hasSuffix("()") ? short + "()" : short
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || "_.:$".contains($0) } && s.count <= 80
    }

    static func fromSignatureText(_ text: String) -> String? {
        // A Haskell type signature names its function ("takeMVar :: MVar a -> IO a", Haddock's declarations).
        // (Not a spaced C++ scope, "std :: vector": a type follows "::" — an arrow, a constraint, a capital, a bracket.)
        if let sig = text.range(of: " :: ") {
            let name = text[..<sig.lowerBound].trimmingCharacters(in: .whitespaces)
            let type = text[sig.upperBound...].trimmingCharacters(in: .whitespaces)
            let typed = type.contains("->") || type.contains("=>") || type.hasPrefix("forall") || type.first.map { $0.isUppercase || "([".contains($0) } == true
            if typed, let first = name.first, first.isLowercase || first == "_",
               name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "'" }) { return name }
        }
        // A term that is one placeholder names it (git's "`<stash>`", "`<pathspec>…`").
        if text.hasPrefix("<"), let close = text.firstIndex(of: ">"), text[text.index(after: close)...].allSatisfy({ $0 == "." || $0 == "…" }),
           text.dropFirst().prefix(upTo: close).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
           text.index(after: text.startIndex) < close {
            return String(text[...close])
        }
        // Generic parameter lists hold spaces and parentheses ("wait<'a, T>", "Mutex<T: ?Sized>", "<T> List<T> asList",
        // "map<U, F: FnOnce(T) -> U>(self, f: F)"): they go before the words are read. (A term that is one placeholder
        // was named above.)
        let bare = text.contains("<") && text.contains(">") && !text.hasPrefix("-") ? Self.withoutGenerics(text) : text
        let head = bare.split(separator: "(", maxSplits: 1).first.map(String.init) ?? bare
        // A C declarator's pointer or reference marks belong to the type, not the name ("void *ffi_closure_alloc (…)").
        // (Only after a type: a lone "**kwargs" or "&mut self" is no declaration.)
        let words = head.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" })
        var tokens = (words.count >= 2 ? words.map { $0.drop(while: { $0 == "*" || $0 == "&" }) } : words).map(String.init).filter { !$0.isEmpty }
        // A parenthesis is a call's unless it stands apart after words that are no code: an aside ("Non-fair mode
        // (default)", "Total (blocks)") or a synopsis's group ("export ( --print | --to-ref <ref> )").
        let call: Bool = {
            guard let paren = text.firstIndex(of: "(") else { return false }
            guard paren > text.startIndex, text[text.index(before: paren)] == " " else { return true }
            let inside = text[text.index(after: paren)...].drop(while: { $0 == " " }).prefix(while: { $0 != ")" })
            if inside.hasPrefix("-") || inside.contains("|") { return false }
            let plainWords = { (words: [Substring]) in words.allSatisfy { $0.allSatisfy { $0.isLetter || "-,/".contains($0) } } }
            // One word is an aside's only when capitalised ("Total (blocks)"); a lower-case one is a call written with
            // a space (Lua's "ipairs (t)", GNU C's "g_free (mem)").
            let aside = !tokens.isEmpty && !tokens.contains(where: { keywords.contains($0.lowercased()) || Identifiers.looksLikeCode($0) })
                && (tokens.count > 1 || tokens[0].first?.isUppercase == true)
                && plainWords(tokens.map { Substring($0) }) && plainWords(inside.split(separator: " "))
            return !aside
        }()
        // A name with an aside ("Total (bytes)", "Total (blocks), tiny": DHAT's sort metrics) is named with it: the
        // aside tells entries of one name apart.
        // (Only an aside and perhaps ", more words" after it; not a call-out's "Note (advanced)" or a step's title.)
        if !call, tokens.count == 1, let close = text.lastIndex(of: ")"), text.count <= 40, let first = tokens.first,
           first.first?.isUppercase == true, !keywords.contains(first.lowercased()), !Self.asideWords.contains(first.lowercased()) {
            let after = String(text[text.index(after: close)...]).trimmingWhitespace()
            if after.isEmpty || after.hasPrefix(",") { return text.trimmingWhitespace() }
        }
        // A command-line option and its argument ("-o output", "-d, --data <data>"): the option is the
        // name, the long form when there is one.
        // Its argument may be written onto it ("--strategy=<strategy>", "-X<option>", "--color[=<when>]").
        // (Its values, when it lists them, stay: `--history-level=none|approx|full`, `--xml=<yes|no>`.)
        let optionHead = { (token: String) -> String in
            let t = token.trimming(",;:")
            guard t.hasPrefix("-"), let cut = t.dropFirst().firstIndex(where: { "=<[".contains($0) }) else { return t }
            return String(t[..<cut])
        }
        if let first = tokens.first, isOptionName(optionHead(first)) {
            // (An argument written apart from its option stands between the forms: "-s <strategy>; --strategy=<strategy>".)
            let options = tokens.filter { !$0.hasPrefix("<") && !$0.hasPrefix("[") }
                .map { (head: optionHead($0), whole: $0.trimming(",;:")) }.prefix(while: { isOptionName($0.head) })
            let chosen = options.first(where: { $0.head.hasPrefix("--") }) ?? options.first!
            // (A man page's placeholder stays too, since its description names it: `--max-count=NUM` — "A NUM of -1 …".)
            return chosen.whole.contains("|") || Self.hasPlaceholderArgument(chosen.whole) ? chosen.whole : chosen.head
        }
        // Javadoc / C-like: drop annotations and generic parameter lists before the name.
        // A leading section number ("3. Valgrind aborts unexpectedly") is no part of a declaration.
        if let first = tokens.first, first.first?.isNumber == true, first.allSatisfy({ $0.isNumber || $0 == "." }) { tokens.removeFirst() }
        let declared = tokens.count
        // (The last word right before the call's parenthesis or generics is its name, also when it is a keyword elsewhere:
        // Rust's `open<P: AsRef<Path>>(path: P)`. Not a word before an aside: "Default (recommended)".)
        let last = tokens.last ?? ""
        let named = call && isIdentifier(last) && (text.contains(last + "(") || text.contains(last + "<"))
        tokens = tokens.enumerated().filter { i, t in
            (named && i == tokens.count - 1) || (!t.hasPrefix("@") && !keywords.contains(t.lowercased()) && !(t.hasPrefix("<") && t.hasSuffix(">")))
        }.map(\.element)
        // Words of prose without a call ("Core and maximum pool sizes", "Keep-alive times": Javadoc's labelled paragraphs
        // in a class description) label a topic; they declare nothing. A declaration keyword makes them one
        // ("public Duration timeout").
        if !call, tokens.count == declared, tokens.count >= 2,
           tokens.allSatisfy({ $0.allSatisfy { $0.isLetter || "-/,:'’".contains($0) } && !Identifiers.looksLikeCode($0) }) { return nil }
        // A sentence ("2. `convert_blessed` is enabled and the object has a `TO_JSON` method.": pod2html's list of cases)
        // declares nothing either.
        if !call, tokens.count >= 4, text.trimmingWhitespace().hasSuffix("."), !text.hasSuffix("..") { return nil }
        guard var name = tokens.last?.trimming(":,;") , !name.isEmpty else { return nil }
        if let lt = name.firstIndex(of: "<") { name = String(name[..<lt]) }
        if name.hasSuffix("!") { name = String(name.dropLast()) + "!" }   // Rust macros
        let core = name.hasSuffix("!") ? String(name.dropLast()) : name
        guard isIdentifier(core) || core.hasPrefix("-") && core.count > 2 else { return nil }
        if name.count > 80 { return nil }
        let parts = name.split(separator: ".")
        // `sqlalchemy.pool.Pool.connect` → `Pool.connect`; a dotted setting (`hibernate.jdbc.batch_size`,
        // `spring.datasource.url`) is only whole.
        let isSetting = !call && parts.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-" } }
        let short = parts.count > 2 && !isSetting ? parts.suffix(2).joined(separator: ".") : name
        return call && !short.hasSuffix("!") ? short + "()" : short
    }

    /// Text without its balanced `<…>` groups (nested ones included); an unclosed `<` stays.
    static func withoutGenerics(_ s: String) -> String {
        var out = ""
        var depth = 0
        var pending = ""
        var previous: Character = " "
        for c in s {
            defer { previous = c }
            // (A placeholder is no generic list: git's `branch.<name>.pushRemote` keeps its `<name>`; a list follows a
            // name, `Vec<T>`.)
            if c == "<", depth > 0 || previous.isLetter || previous.isNumber || previous == "_" || previous == ">" {
                depth += 1; pending.append(c); continue
            }
            if depth > 0 {
                pending.append(c)
                // (A function type's arrow inside the list closes nothing: `F: FnOnce(T) -> U`.)
                if c == ">", previous != "-" { depth -= 1; if depth == 0 { pending = "" } }
                continue
            }
            out.append(c)
        }
        return out + pending
    }

    /// An option written with a man page's placeholder argument: "--max-count=NUM", "--color[=WHEN]" (capitals, digits
    /// and `_` after "=").
    static func hasPlaceholderArgument(_ option: String) -> Bool {
        guard let eq = option.firstIndex(of: "=") else { return false }
        let argument = String(option[option.index(after: eq)...]).trimming("[]")
        return argument.count >= 2 && argument.first?.isUppercase == true
            && argument.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber || $0 == "_" }
    }

    /// `-o`, `-v`, `--force`, `--no-verify`: a dash, then a letter or digit (or a second dash and one).
    static func isOptionName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "-") else { return false }
        let body = u[1] == UInt8(ascii: "-") ? u.dropFirst(2) : u.dropFirst(1)
        guard let lead = body.first, (lead >= 0x30 && lead <= 0x39) || ((lead | 0x20) >= 0x61 && (lead | 0x20) <= 0x7A) else { return false }
        return body.allSatisfy { b in (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") }
    }

    /// A glossary or option term that is itself code-like (`--force`, `max_retries`, `acks_late`).
    static func fromTerm(_ term: [Inline]) -> String? {
        let text = Inlines.spacedText(term).trimmingWhitespace()
        // A term set as code is an API name, even a plain word (rustdoc's `discouraged` module).
        if term.count == 1, case .code(let name) = term[0], !name.isEmpty, name.count <= 60, !name.contains(" ") { return name }
        guard !text.isEmpty, text.count <= 60, !text.contains(" ") || text.hasPrefix("-") else { return nil }
        let first = text.split(separator: " ").first.map(String.init) ?? text
        let clean = first.trimming(":,;")
        return Identifiers.looksLikeCode(clean) || (clean.hasPrefix("-") && clean.count > 2) ? clean : nil
    }

    static func fromHeading(_ text: String) -> String? {
        var t = text.trimmingWhitespace()
        // A heading that is one code span names that code, whatever its shape (`timeout`, `retries`).
        let plain = ContentBlock.plainHeading(t)
        // …but a file in a folder ("blog/views.py", "src/main.rs") is where an example's code goes: a caption, no API.
        if isFilePath(plain.trimmingWhitespace()) { return nil }
        if plain != t {
            let inner = plain.trimmingWhitespace()
            guard !inner.isEmpty, inner.count <= 120 else { return nil }
            if !inner.contains(" ") || inner.contains("(") { return fromSignatureText(inner) ?? inner }
            t = inner
        }
        // A section number ("4.1. Overview", "2.3 Options" in DocBook, Texinfo, numbered Sphinx) is not a name.
        t = Condense.withoutSectionNumber(t)
        guard t.count < 200 else { return nil }
        let tokens = t.split(separator: " ")
        // Reference pages name an entry in a sentence-shaped heading: "The `name` field", "The `[badges]` section".
        if tokens.count == 3, tokens[0] == "The", entryNouns.contains(tokens[2].lowercased()),
           tokens[1].allSatisfy({ $0.isLetter || $0.isNumber || "_-.:[]".contains($0) }), tokens[1].first?.isLowercase == true || tokens[1].first == "[",
           !ordinaryAdjectives.contains(String(tokens[1])) {
            return String(tokens[1])
        }
        // A Lisp form ("(thread-send thd v [fail-thunk]) → any", Racket's Scribble) is named by its head symbol.
        if let form = lispFormName(t) { return form }
        // rustdoc's impl blocks ("impl<T: ?Sized + Send> Send for Mutex<T>") name no single API.
        if tokens.first.map({ $0 == "impl" || $0.hasPrefix("impl<") }) == true { return nil }
        // An identifier directly followed by "(", also after declaration keywords ("pub const fn new(t: T) -> …",
        // "public static void close(int code)"), or one token with "::", "." or "_" inside it.
        var rest = Substring(t)
        while let space = rest.firstIndex(of: " "), keywords.contains(String(rest[..<space])) || rest[..<space].hasPrefix("pub(") {
            rest = rest[rest.index(after: space)...]
        }
        let call = Self.withoutGenerics(String(rest)).range(of: #"^[A-Za-z_][\w.:$]*\("#, options: .regularExpression) != nil
        let dotted = tokens.count <= 2 && tokens.contains(where: { tok in
            tok.count > 2 && (tok.contains("::") || tok.dropFirst().dropLast().contains(".") || tok.contains("_"))
        })
        // "class Pool", "Class ArrayList<E>", "trait Parse"; not a prose heading ("Trait Implementations").
        let keywordSignature = tokens.count == 2 && keywords.contains(String(tokens[0]).lowercased())
            && (tokens[0].first!.isLowercase || Identifiers.looksLikeCode(String(tokens[1])) || tokens[1].contains("<") || tokens[1].contains("."))
        // A single code-shaped token: `X-Frame-Options`, `pool_pre_ping`, `CliRunner`, `--force`.
        let single = tokens.count == 1 && (Identifiers.looksLikeCode(t) || (t.contains("-") && t.dropFirst().contains(where: \.isUppercase)
            && t.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }) || (t.hasPrefix("--") && t.count > 3))
        if single { return t.hasPrefix("-") ? t : (fromSignatureText(t) ?? t) }
        // GNU style sets a space before the call's parenthesis: gtk-doc's "xsltCheckRead ()". Only an empty pair: a word in
        // it is an aside ("macOS (Homebrew)", "useEffect (React hook)", "PostgreSQL (psycopg2)").
        if tokens.count == 2, tokens[1] == "()", Identifiers.looksLikeCode(String(tokens[0])), isIdentifier(String(tokens[0])) {
            return String(tokens[0]) + "()"
        }
        // A heading that is one lower-case hyphenated name ("codegen-units", "prepare-commit-msg") names a
        // setting, command or hook: prose headings start with a capital. (A plain lower-case word may be a
        // site's style of heading: "retries" stays prose.)
        if tokens.count == 1, t.count <= 40, t.first.map({ $0.isASCII && $0.isLowercase }) == true, t.last != "-",
           t.contains("-"), t.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }),
           !hyphenatedWords.contains(t) {
            return t
        }
        // A Haskell type signature ("takeMVar :: MVar a -> IO a", Haddock's declarations).
        if tokens.count >= 3, tokens[1] == "::", let name = fromSignatureText(t) { return name }
        guard call || dotted || keywordSignature else { return nil }
        return fromSignatureText(call ? String(rest) : t)
    }

    /// A plain-word heading whose anchor names it as a method: Javadoc's `<h3>close</h3>` in
    /// `section#close()` or `#close(int,java.lang.String)`, rustdoc's `#method.close`.
    /// Hyphenated English words a site that writes its headings in lower case may use as one ("thread-safety").
    static let hyphenatedWords: Set<String> = [
        "thread-safety", "how-to", "how-tos", "built-in", "built-ins", "e-mail", "read-only", "write-only", "step-by-step",
        "real-time", "open-source", "third-party", "end-to-end", "set-up", "follow-up", "up-to-date", "opt-in", "opt-out",
        "sign-in", "sign-up", "log-in", "add-on", "add-ons", "plug-in", "plug-ins", "multi-threading", "non-blocking",
        "pre-requisites", "best-practices", "error-handling", "trade-offs", "drop-in", "cross-platform", "well-known",
        "back-end", "front-end", "run-time", "compile-time", "zero-copy", "copy-on-write", "first-class", "high-level",
        "low-level", "long-running", "self-hosted", "in-memory", "on-disk", "time-outs", "re-exports",
    ]

    /// The head symbol of a Lisp form that declares an entry: "(call-with-semaphore sema proc [try-fail-thunk] arg ...) → any"
    /// → `call-with-semaphore`, "(semaphore-try-wait? sema) → boolean?" → `semaphore-try-wait?`. Only a whole form, closed,
    /// with a result arrow or nothing after it.
    static func lispFormName(_ t: String) -> String? {
        guard t.hasPrefix("("), t.count > 2 else { return nil }
        var depth = 0
        var close: String.Index? = nil
        for k in t.indices {
            if t[k] == "(" || t[k] == "[" { depth += 1 } else if t[k] == ")" || t[k] == "]" {
                depth -= 1
                if depth == 0 { close = k; break }
            }
        }
        guard let close else { return nil }
        let after = String(t[t.index(after: close)...]).trimmingWhitespace()
        guard after.isEmpty || after.hasPrefix("→") || after.hasPrefix("->") else { return nil }
        let head = t[t.index(after: t.startIndex)..<close].split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        guard !head.isEmpty, head.first?.isLetter == true,
              head.allSatisfy({ $0.isLetter || $0.isNumber || "-?!*/<>=+:._%".contains($0) }) else { return nil }
        return head
    }

    /// `overloaded`: names the page gives several entries (`ApiName.overloads`): their calls carry their parameter types.
    static func fromHeading(_ text: String, anchor: String?, overloaded: Set<String> = []) -> String? {
        let t = text.trimmingWhitespace()
        // The anchor says a one-word heading is a method ("setTimeout" in `#setTimeout(int)`): a call.
        if let anchor, !t.isEmpty, t.count < 80, !t.contains(" ") {
            // Javadoc's anchor lists the parameter types, which tell overloads apart: `tryAcquire(int, long, TimeUnit)`
            // may throw `InterruptedException`, `tryAcquire()` may not.
            let typed = overloaded.contains(t)
            if let call = javadocCall(t, anchor: anchor, as: t) { return typed ? call : t + "()" }
            if anchor == "method." + t || anchor == "tymethod." + t { return t + "()" }
            // A constructor: Javadoc anchors it `#<init>(int,int)` (`#%3Cinit%3E(…)` escaped) under the class name.
            if isIdentifier(t), let call = javadocCall("<init>", anchor: anchor, as: t) { return typed ? call : t + "()" }
        }
        return fromHeading(text)
    }

    /// Whether `s` is a path to a file inside a folder: no spaces, a "/", and a last part with a short extension
    /// ("blog/views.py", "src/bin/main.rs"; not "/download/", "read/write" or "application/json").
    static func isFilePath(_ s: String) -> Bool {
        guard !s.contains(" "), s.contains("/"), let last = s.split(separator: "/").last, last.count < s.count,
              let dot = last.lastIndex(of: "."), dot != last.startIndex else { return false }
        let ext = last[last.index(after: dot)...]
        return (1...5).contains(ext.count) && ext.allSatisfy { $0.isLetter || $0.isNumber }
    }

    /// Words that open a call-out's or a step's title, not a name with an aside ("Note (advanced)", "Step (optional)").
    static let asideWords: Set<String> = ["note", "notes", "warning", "example", "examples", "tip", "step", "important", "caution",
                                          "danger", "see", "deprecated", "optional", "required", "default"]

    /// Whether a name is a call: its parenthesis follows the name (`close()`, `tryAcquire(long, TimeUnit)`), not a word
    /// and a space (an aside: "Total (bytes)").
    static func isCall(_ name: String) -> Bool {
        guard name.hasSuffix(")"), let open = name.firstIndex(of: "("), open > name.startIndex else { return false }
        return name[name.index(before: open)] != " "
    }

    /// A call's name without its parentheses and what they hold: `close()`, `tryAcquire(int, long, TimeUnit)` →
    /// `close`, `tryAcquire`; anything else (an aside's "Total (bytes)" too) as it is.
    static func withoutArguments(_ name: String) -> String {
        guard isCall(name) else { return name }
        // The parenthesis that opens the last group (`operator()(int)` → `operator()`).
        var depth = 0
        var i = name.endIndex
        while i > name.startIndex {
            i = name.index(before: i)
            if name[i] == ")" { depth += 1 } else if name[i] == "(" {
                depth -= 1
                if depth == 0 { return i > name.startIndex ? String(name[..<i]) : name }
            }
        }
        return name
    }

    /// The names a page gives more than one Javadoc entry (methods or constructors anchored with their parameter
    /// types): only these are named with their types, the others stay `name()`.
    static func overloads(_ chunks: [Chunk]) -> Set<String> {
        var anchors: [String: Set<String>] = [:]
        func note(_ text: String, _ anchor: String?) {
            let t = text.trimmingWhitespace()
            guard let anchor, !t.isEmpty, t.count < 80, !t.contains(" ") else { return }
            if javadocCall(t, anchor: anchor, as: t) != nil || javadocCall("<init>", anchor: anchor, as: t) != nil {
                anchors[t, default: []].insert(anchor)
            }
        }
        for chunk in chunks {
            if let last = chunk.source.breadcrumb.last { note(last, chunk.source.anchor) }
            for case .heading(_, let text, let anchor) in chunk.blocks { note(text, anchor) }
        }
        return Set(anchors.filter { $0.value.count > 1 }.keys)
    }

    /// `name` called with the parameter types a Javadoc anchor lists, in their simple names: `#tryAcquire(int,long,java.util.concurrent.TimeUnit)`
    /// (Java 9 and later) or `#tryAcquire-int-long-java.util.concurrent.TimeUnit-` (Java 8, arrays as `:A`) →
    /// `tryAcquire(int, long, TimeUnit)`; nil when the anchor is not `member`'s.
    static func javadocCall(_ member: String, anchor: String, as name: String) -> String? {
        // Most anchors are no call's: tell by their opening before decoding them (this runs for every heading).
        guard anchor.hasPrefix(member) || (member == "<init>" && anchor.hasPrefix("%3C")) else { return nil }
        let a = anchor.contains("%") ? anchor.removingPercentEncoding ?? anchor : anchor
        let list: [Substring]
        if a.hasPrefix(member + "("), a.hasSuffix(")") {
            list = a.dropFirst(member.count + 1).dropLast().split(separator: ",")
        } else if a.hasPrefix(member + "-"), a.hasSuffix("-"), a.count >= member.count + 2 {
            list = a.dropFirst(member.count + 1).dropLast().split(separator: "-")
            // Java 8's form looks like any slug ("options-advanced-"): only Java types make it a call's — a primitive,
            // a qualified name, a capitalised simple name, an array (`:A`).
            let primitives: Set<Substring> = ["int", "long", "short", "byte", "char", "boolean", "float", "double"]
            guard list.allSatisfy({ t in primitives.contains(t) || t.contains(".") || t.hasSuffix(":A") || t.first?.isUppercase == true })
            else { return nil }
        } else {
            return nil
        }
        let types = list.map { raw -> String in
            var type = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":A", with: "[]")
            var suffix = ""
            while let last = ["...", "[]"].first(where: { type.hasSuffix($0) }) {
                suffix = last + suffix
                type.removeLast(last.count)
            }
            return (type.split(separator: ".").last.map(String.init) ?? type) + suffix
        }
        guard types.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "_$[].".contains($0) } }) else { return nil }
        return name + "(" + types.joined(separator: ", ") + ")"
    }
}

/// A parameter or field entry: a list item or paragraph that opens with the name in bold or
/// code followed by a dash or colon (Sphinx field lists, Javadoc `@param`, MkDocs tables as lists).
enum ParameterEntry {
    static func split(_ inlines: [Inline]) -> (text: String, subject: String?) {
        let text = Inlines.ruleText(inlines)
        guard inlines.count >= 2 else { return (text, nil) }
        let name: String
        switch inlines[0] {
        case .strong(let s), .code(let s): name = s.trimmingWhitespace()
        default: return (text, nil)
        }
        // (An entry whose term carries its argument — "`--ws <str>` - …", "`leak_check [full*|summary]` …",
        // "`VALGRIND_MEMPOOL_TRIM(pool, addr, size)`: …" — is named by its first word.)
        guard let name = entryName(name) else { return (text, nil) }
        let rest = inlines[1].plainText
        let trimmed = rest.drop(while: { $0 == " " })
        guard trimmed.hasPrefix("–") || trimmed.hasPrefix("-") || trimmed.hasPrefix("—") || trimmed.hasPrefix(":") || trimmed.hasPrefix("(") else {
            return (text, nil)
        }
        return (text, name)
    }

    /// The name an entry's term gives: the term itself when it is one word; else its first word when that is an option
    /// (`--ws`), an identifier written as one (`leak_check`, `SOME_MACRO`, `a.b`) or a call (`VALGRIND_MEMPOOL_TRIM()`).
    static func entryName(_ term: String) -> String? {
        guard !term.isEmpty, term.count <= 80 else { return nil }
        guard term.contains(" ") else { return term.count <= 50 ? term : nil }
        guard var first = term.split(separator: " ").first.map(String.init) else { return nil }
        if let paren = first.firstIndex(of: "("), paren != first.startIndex {
            let head = String(first[..<paren])
            return head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ":" }) ? head + "()" : nil
        }
        while let last = first.last, "=,".contains(last) { first.removeLast() }
        if first.hasPrefix("-"), first.count > 1, first.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            return first
        }
        let identifier = first.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        return identifier && (first.contains("_") || first.contains(".")) ? first : nil
    }
}

extension String {
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
