import Foundation

/// One piece of inline content inside a paragraph, list item or table cell.
///
/// Inline content is kept flat: nesting such as a link inside emphasis is reduced to the
/// outermost meaningful form, which is all the later stages need.
public enum Inline: Sendable, Hashable, Codable {
    case text(String)
    case code(String)
    case emphasis(String)
    case strong(String)
    case link(text: String, url: String)
    /// An image, reduced to its alt text. Markdown shows the alt text; plain text leaves it out, as a
    /// browser's visible text does.
    case image(alt: String)

    /// The words a reader sees, without markup (an image's alt text is not among them).
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s), .emphasis(let s), .strong(let s): return s
        case .link(let text, _): return text
        case .image: return ""
        }
    }
}

extension Array where Element == Inline {
    /// The inline run as plain text.
    public var plainText: String { map(\.plainText).joined() }
}

/// The kind of an admonition ("call-out") box.
public enum AdmonitionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case note, tip, hint, important, warning, caution, danger, error, attention, deprecated
    case versionAdded = "versionadded"
    case versionChanged = "versionchanged"
    case seeAlso = "seealso"
    case info, example

    /// The label a reader expects on the box: "Note", "Added", "Changed", "See also".
    public var displayName: String {
        switch self {
        case .versionAdded: return "Added"
        case .versionChanged: return "Changed"
        case .seeAlso: return "See also"
        default: return rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }

    /// Maps a class name or label such as `admonition-warning`, `Warning` or `versionadded`.
    public init?(label: String) {
        let l = label.lowercased()
            .replacingOccurrences(of: "admonition-", with: "")
            .replacingOccurrences(of: "alert-", with: "")
            .replacingOccurrences(of: "callout-", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: " :!"))
        switch l {
        case "note", "notice": self = .note
        case "tip", "success", "check": self = .tip
        case "hint": self = .hint
        case "important": self = .important
        case "warning", "warn": self = .warning
        case "caution": self = .caution
        case "danger", "failure", "fail", "bug": self = .danger
        case "error": self = .error
        case "attention": self = .attention
        case "deprecated", "deprecation", "versionremoved": self = .deprecated
        case "versionadded", "version-added", "new": self = .versionAdded
        case "versionchanged", "version-changed", "changed": self = .versionChanged
        case "seealso", "see-also": self = .seeAlso
        case "info", "information", "abstract", "summary", "tldr", "question", "quote": self = .info
        case "example": self = .example
        default: return nil
        }
    }
}

/// A table in the content IR. Cells are inline runs; a cell spanning rows is repeated into each row
/// it covers, a cell spanning columns fills its first column and leaves the others empty.
public struct Table: Sendable, Hashable, Codable {
    public var header: [[Inline]]?
    public var rows: [[[Inline]]]
    /// The id the page gives the table or the box it opens (nginx's `<a name="rewrite_log">` before a
    /// directive's syntax box), when it has one.
    public var anchor: String?

    public init(header: [[Inline]]?, rows: [[[Inline]]], anchor: String? = nil) {
        self.header = header
        self.rows = rows
        self.anchor = anchor
    }
}

/// One entry of a definition list: an API signature, a parameter, a glossary term.
public struct DefinitionItem: Sendable, Hashable, Codable {
    public var term: [Inline]
    /// The id of the term element, when the page gives one (Sphinx, Javadoc and rustdoc do).
    public var anchor: String?
    public var definition: [ContentBlock]

    public init(term: [Inline], anchor: String?, definition: [ContentBlock]) {
        self.term = term
        self.anchor = anchor
        self.definition = definition
    }
}

/// One block of the content IR.
public indirect enum ContentBlock: Sendable, Hashable, Codable {
    /// A heading's text; a heading that is one code span (`### \`timeout\``, an option or API entry)
    /// keeps its backticks, so that readers know it names code (`ContentBlock.plainHeading` drops them).
    case heading(level: Int, text: String, anchor: String?)
    case paragraph([Inline])
    case code(language: String?, text: String)
    case list(ordered: Bool, items: [[ContentBlock]])
    case table(Table)
    case admonition(kind: AdmonitionKind, title: String?, blocks: [ContentBlock])
    case quote([ContentBlock])
    case definitionList([DefinitionItem])
}

extension ContentBlock {
    /// A heading's text without the backticks of a heading that is one code span.
    public static func plainHeading(_ text: String) -> String {
        guard text.count > 2, text.hasPrefix("`"), text.hasSuffix("`") else { return text }
        let inner = text.dropFirst().dropLast()
        return inner.contains("`") ? text : String(inner)
    }
}

/// A parsed documentation page: the main content as IR plus page metadata.
public struct Document: Sendable, Hashable, Codable {
    private enum CodingKeys: String, CodingKey {
        case url, canonicalURL, title, description, language, generator, siteName, blocks, breadcrumbs, version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        canonicalURL = try c.decodeIfPresent(String.self, forKey: .canonicalURL)
        title = try c.decode(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        generator = try c.decodeIfPresent(String.self, forKey: .generator)
        siteName = try c.decodeIfPresent(String.self, forKey: .siteName)
        blocks = try c.decode([ContentBlock].self, forKey: .blocks)
        breadcrumbs = try c.decodeIfPresent([String].self, forKey: .breadcrumbs) ?? []
        version = try c.decodeIfPresent(String.self, forKey: .version)
    }

    /// The URL the page was fetched from (after redirects), or a `file://` URL.
    public var url: String
    /// `<link rel=canonical>`, when present and absolute.
    public var canonicalURL: String?
    public var title: String
    public var description: String?
    public var language: String?
    /// The documentation generator detected from markup (`sphinx`, `mkdocs`, `docusaurus`, …).
    public var generator: String?
    /// The documentation site's name (`og:site_name`, or the suffix of the page title).
    public var siteName: String?
    public var blocks: [ContentBlock]
    /// The page's breadcrumb trail (site section › subsection), when it shows one.
    public var breadcrumbs: [String]
    /// The documented version the page is about (`3.12`, `v2.1.0`), when the page says.
    public var version: String?
    /// Problems met while parsing the page that the reader should hear about (invalid byte
    /// sequences, NUL bytes, a document cut off mid-tag, nesting flattened). Not encoded: they
    /// belong to one parse, not to the content.
    public var warnings: [String] = []
    /// Where a redirect stub sends the reader (`<meta http-equiv="refresh" content="0; URL=…">` on a page
    /// with next to no text of its own): such a page is not documentation. Not encoded.
    public var redirect: String?
    /// What the page asks of crawlers (`<meta name="robots" content="noindex">`). Not encoded.
    public var robots = RobotsDirectives()

    public init(url: String, canonicalURL: String? = nil, title: String, description: String? = nil,
                language: String? = nil, generator: String? = nil, siteName: String? = nil, blocks: [ContentBlock],
                breadcrumbs: [String] = [], version: String? = nil) {
        self.breadcrumbs = breadcrumbs
        self.version = version
        self.siteName = siteName
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.description = description
        self.language = language
        self.generator = generator
        self.blocks = blocks
    }
}
