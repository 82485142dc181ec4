import Foundation
import Mustache
import RulesMakerCore

/// The Mustache templates used to render rule files: the built-in defaults, with any file of the
/// same name in a user's template folder taking precedence.
public struct TemplateSet: Sendable {
    private var library: MustacheLibrary
    /// Where each template came from (`built-in` or a file path), by name.
    public private(set) var origins: [String: String] = [:]
    private var texts: [String: String] = [:]

    /// SHA-256 over every template's name and text: changes when any template in use changes.
    public var fingerprint: String {
        ContentHash.sha256Hex(texts.keys.sorted().map { "\($0)\u{0}\(texts[$0]!)" }.joined(separator: "\u{1}"))
    }

    /// The defaults compiled into the binary (kept identical to `templates/` by a test).
    public static func defaults() -> TemplateSet {
        var set = TemplateSet(library: MustacheLibrary())
        for (name, text) in DefaultTemplates.all.sorted(by: { $0.key < $1.key }) {
            // The defaults are tested; failing here is a build defect.
            try! set.register(text, named: name, origin: "built-in")
        }
        return set
    }

    /// The defaults overridden by `<directory>/<name>.mustache` files that exist.
    public static func loading(overrides directory: String?) throws(EmitError) -> TemplateSet {
        var set = defaults()
        guard let directory else { return set }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .templateMissing(name: "(folder)", directory: directory)
        }
        for name in DefaultTemplates.all.keys.sorted() {
            let path = directory + "/" + name + ".mustache"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            try set.register(String(decoding: data, as: UTF8.self), named: name, origin: path)
        }
        return set
    }

    private init(library: MustacheLibrary) {
        self.library = library
    }

    mutating func register(_ text: String, named name: String, origin: String) throws(EmitError) {
        do {
            let template = try MustacheTemplate(string: text)
            library.register(template, named: name)
            origins[name] = origin
            texts[name] = text
        } catch let error as MustacheTemplate.ParserError {
            let file = origin == "built-in" ? "templates/\(name).mustache" : origin
            if case .expectedSectionEnd? = error.error as? MustacheTemplate.Error, let open = Self.unclosedSection(text) {
                throw .templateSyntax(file: file, line: open.line, column: open.column,
                                      reason: "section '\(open.name)' is opened here but never closed (add {{/\(open.name)}})")
            }
            throw .templateSyntax(file: file, line: error.context.lineNumber, column: error.context.columnNumber,
                                  reason: Self.explain(error.error))
        } catch {
            throw .templateSyntax(file: origin, line: 1, column: 1, reason: "\(error)")
        }
    }

    /// The built-in text of template `name`.
    public static func defaultText(_ name: String) -> String? { DefaultTemplates.all[name] }

    func render(_ name: String, _ object: [String: Any]) -> String {
        library.render(object, withTemplate: name) ?? ""
    }

    /// The innermost `{{#name}}`/`{{^name}}` tag left open at the end of `text`, with its position.
    static func unclosedSection(_ text: String) -> (name: String, line: Int, column: Int)? {
        var stack: [(String, Int, Int)] = []
        var line = 1, column = 1
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix("{{"), let close = text[i...].range(of: "}}") {
                let inner = text[text.index(i, offsetBy: 2)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if let sigil = inner.first, sigil == "#" || sigil == "^" {
                    stack.append((inner.dropFirst().trimmingCharacters(in: .whitespaces), line, column))
                } else if inner.first == "/" {
                    let name = inner.dropFirst().trimmingCharacters(in: .whitespaces)
                    if let k = stack.lastIndex(where: { $0.0 == name }) { stack.removeSubrange(k...) }
                }
            }
            if text[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i = text.index(after: i)
        }
        return stack.last.map { (name: $0.0, line: $0.1, column: $0.2) }
    }

    static func explain(_ error: any Error) -> String {
        guard let e = error as? MustacheTemplate.Error else { return "\(error)" }
        switch e {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed (missing '}}')"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "badly formed set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inherited section"
        case .illegalTokenInsideInheritSection: return "illegal tag inside an inherited section"
        case .textInsideInheritSection: return "text inside an inherited section"
        case .invalidConfigVariableSyntax: return "badly formed {{% … }} pragma"
        case .unrecognisedConfigVariable: return "unknown {{% … }} pragma"
        @unknown default: return "\(e)"
        }
    }
}
