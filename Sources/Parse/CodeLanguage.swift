import Foundation

/// Detects the language of a code block from class names, data attributes and the enclosing
/// containers, else from a small content heuristic.
enum CodeLanguage {
    static let known: Set<String> = [
        "python", "py", "python3", "pycon", "javascript", "js", "jsx", "typescript", "ts", "tsx", "rust", "go", "golang",
        "java", "kotlin", "swift", "c", "cpp", "c++", "csharp", "cs", "ruby", "rb", "php", "bash", "sh", "shell", "console",
        "zsh", "powershell", "ps1", "sql", "json", "yaml", "yml", "toml", "ini", "xml", "html", "css", "scss", "markdown", "md",
        "dockerfile", "docker", "makefile", "make", "cmake", "graphql", "proto", "protobuf", "lua", "perl", "r", "scala", "haskell",
        "elixir", "erlang", "clojure", "dart", "objc", "objective-c", "nginx", "diff", "text", "jinja", "html+jinja", "vue", "svelte",
        "http", "hcl", "terraform", "groovy", "gradle", "ocaml", "fsharp", "julia", "zig", "nim", "sass", "less", "csv", "rst", "latex",
    ]
    static let aliases: [String: String] = [
        "py": "python", "python3": "python", "pycon": "python", "js": "javascript", "ts": "typescript", "golang": "go",
        "rb": "ruby", "sh": "bash", "shell": "bash", "zsh": "bash", "yml": "yaml", "c++": "cpp", "cs": "csharp", "md": "markdown",
        "docker": "dockerfile", "make": "makefile", "ps1": "powershell", "objective-c": "objc", "proto": "protobuf",
        "shellscript": "bash", "shell-script": "bash", "shell-session": "console", "shellsession": "console", "vb": "vbnet",
    ]
    static let none: Set<String> = ["text", "none", "default", "plain", "plaintext", "txt", "output", "nohighlight", "notranslate"]

    static func normalize(_ raw: String) -> String? {
        var l = raw.lowercased()
        if l.hasSuffix("3") && l.hasPrefix("python") { l = "python" }
        if none.contains(l) { return nil }
        if let a = aliases[l] { return a }
        return known.contains(l) ? l : nil
    }

    static func fromClass(_ c: Substring) -> String?? {
        // Every prefix starts with l, h, b or s: an ASCII first letter other than those starts none.
        if let f = c.utf8.first, f < 0x80, ![0x6C, 0x68, 0x62, 0x73].contains(f >= 65 && f <= 90 ? f | 0x20 : f) { return nil }
        let lower = c.lowercased()
        // (`source-cpp`: MediaWiki's GeSHi highlighter, as cppreference.com writes it.)
        for prefix in ["language-", "lang-", "highlight-", "brush:", "sourcecode-", "source-"] where lower.hasPrefix(prefix) {
            let name = String(lower.dropFirst(prefix.count))
            if none.contains(name) { return .some(nil) }
            // (`source-` names only a language GeSHi knows: Javadoc's `source-container` or a `source-code` box is none.)
            if prefix == "source-" { return normalize(name).map { .some($0) } }
            if name == "default" { return .some(nil) }
            return .some(normalize(name) ?? (name.isEmpty ? nil : name))
        }
        return nil
    }

    static func detect(tree: HTMLTree, pre: Int, text: String) -> String? {
        var candidates: [Int] = [pre]
        if let code = tree.children(pre).first(where: { tree.nodes[$0].tag == "code" }) { candidates.insert(code, at: 0) }
        var p = Int(tree.nodes[pre].parent)
        for _ in 0..<3 where p >= 0 { candidates.append(p); p = Int(tree.nodes[p].parent) }
        for n in candidates {
            let node = tree.nodes[n]
            // Every test below reads an attribute.
            if node.attributes.isEmpty { continue }
            for attr in ["data-lang", "data-language", "lang"] where n != pre || attr != "lang" {
                if let v = node.attribute(attr), let lang = normalize(v) { return lang }
                // A highlighter's own language name that we do not know (`data-lang="vbscript"`) is still its name.
                if attr != "lang", let v = node.attribute(attr)?.lowercased(), !v.isEmpty, v.count <= 20, !none.contains(v),
                   v.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "+" || $0 == "#" }) {
                    return v
                }
            }
            let classes = node.classes
            // Sphinx's `default` language is Python 3 when Pygments could lex the block (it left token
            // spans), else none.
            if classes.contains(where: { lowercased($0, equals: "highlight-default") }) {
                return hasTokenSpans(pre, in: tree) ? "python" : nil
            }
            if node.tag == "pre" || node.tag == "code", let lang = classes.lazy.compactMap({ highlighterClass($0) }).first {
                return lang
            }
            for (k, c) in classes.enumerated() {
                // SyntaxHighlighter: `class="brush: python"` splits into two names.
                if lowercased(c, equals: "brush:"), k + 1 < classes.count { return normalize(String(classes[k + 1]).trimmingCharacters(in: CharacterSet(charactersIn: ";"))) ?? String(classes[k + 1]) }
                if let found = fromClass(c) { return found }
            }
            if classes.contains("sourceCode") || classes.contains("rust") || classes.contains(where: { n == pre && normalize(String($0)) != nil }) {
                if let lang = classes.lazy.compactMap({ normalize(String($0)) }).first { return lang }
            }
        }
        return guess(text)
    }

    /// `c.lowercased() == word` (`word` lower-case ASCII), by bytes when `c` is ASCII.
    static func lowercased(_ c: Substring, equals word: StaticString) -> Bool {
        let u = c.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return c.lowercased() == word.description }
        guard u.count == word.utf8CodeUnitCount else { return false }
        var k = 0
        for b in u {
            if (b >= 65 && b <= 90 ? b | 0x20 : b) != word.utf8Start[k] { return false }
            k += 1
        }
        return true
    }

    /// A highlighter's class on the code element that ends in a language: Sandpack's `sp-javascript`,
    /// Gatsby's `gatsby-code-jsx`, `prism-code-ts`. The prefix must be short or name code, so that
    /// ordinary words ending in a language name are not read as one.
    static func highlighterClass(_ c: Substring) -> String? {
        // No "-" without the byte.
        guard c.utf8.contains(0x2D) else { return nil }
        let lower = c.lowercased()
        guard let dash = lower.lastIndex(of: "-") else { return nil }
        let prefix = lower[..<dash], name = String(lower[lower.index(after: dash)...])
        guard !prefix.isEmpty, prefix.count <= 2 || prefix.has("code") || prefix.has("syntax") || prefix.has("prism") || prefix.has("hljs") else { return nil }
        guard known.contains(name), !none.contains(name) else { return nil }
        return normalize(name)
    }

    /// Whether Pygments (or another highlighter) split the block into token spans.
    static func hasTokenSpans(_ pre: Int, in tree: HTMLTree) -> Bool {
        var stack = Array(tree.children(pre))
        while let d = stack.popLast() {
            let node = tree.nodes[d]
            if node.tag == "span", !(node.attribute("class") ?? "").isEmpty, !node.hasClass("linenos"), !node.hasClass("lineno") { return true }
            stack.append(contentsOf: tree.children(d))
        }
        return false
    }

    /// A small content heuristic for unlabelled blocks.
    static func guess(_ text: String) -> String? {
        let t = Text.trimmed(text)
        if t.hasPrefix("$ ") || t.hasPrefix("pip install") || t.hasPrefix("npm ") || t.hasPrefix("cargo ") || t.hasPrefix("apt-get") { return "bash" }
        if t.hasPrefix(">>> ") { return "python" }
        if t.hasPrefix("{") && t.hasSuffix("}") && t.has("\":") { return "json" }
        if t.hasPrefix("<?xml") || (t.hasPrefix("<") && t.hasSuffix(">") && t.has("</")) { return "html" }
        if t.has("fn ") && t.has("->") && t.has("let ") { return "rust" }
        // Go imports a quoted path ("import \"rsc.io/quote\"", "import ("); JavaScript imports from a quoted module.
        // (Not JavaScript's or protobuf's `import "./styles.css";`: Go's path opens with a host name and has no ";".)
        let goImport = t.hasPrefix("import \"") && !t.has(";") && t.dropFirst(8).prefix(while: { $0 != "/" && $0 != "\"" }).contains(".")
            && !t.dropFirst(8).hasPrefix(".")
        if goImport || t.hasPrefix("import (\n") || (t.hasPrefix("package ") && t.has("func ")) { return "go" }
        // Haskell imports capitalised modules ("import Data.IORef", "import qualified Data.Map as M").
        if t.hasPrefix("import qualified ") || (t.hasPrefix("import ") && t.dropFirst(7).first?.isUppercase == true && t.has("::") == false
            && t.dropFirst(7).prefix(while: { !$0.isWhitespace }).contains(".")) || (t.has(" :: ") && t.has(" -> ") && t.has("IO ")) {
            return "haskell"
        }
        let pythonImport = t.hasPrefix("import ") && t.dropFirst(7).first.map { $0.isLetter || $0 == "_" } == true
            && !t.has(";") && !t.has("{") && !t.has(" from '") && !t.has(" from \"")
        if t.has("def ") && t.has("):") || pythonImport { return "python" }
        if t.has("func ") && t.has("package ") { return "go" }
        if t.has("public class ") || t.has("public static void") { return "java" }
        // A C or C++ file opens with its includes (before the JavaScript test: C++ has `const` and may print "=>").
        if t.hasPrefix("#include") || t.has("\n#include") {
            return t.has("std::") || t.has("template <") || t.has("template<") || t.has("namespace ") ? "cpp" : "c"
        }
        if t.has("const ") && (t.has("=>") || t.has("require(")) { return "javascript" }
        if t.has("#include") { return "c" }
        return nil
    }
}
