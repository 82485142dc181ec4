import Foundation
import Mustache
import RulesMakerCore

/// A prompt template that cannot be used.
public struct LLMPromptError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// The prompt templates of LLM extraction: `prompts/extract-rules` (the system prompt of each chunk,
/// with the page context), `prompts/repair-rules` (one repair request for a malformed answer) and
/// `prompts/consolidate-rules` (`--consolidate`) and `prompts/rank-rules` (`--rerank`). Built in, each overridable by
/// `<templates>/prompts/<name>.mustache`.
public struct LLMPromptTemplates: Sendable {
    public static let extractName = "prompts/extract-rules"
    public static let repairName = "prompts/repair-rules"
    public static let consolidateName = "prompts/consolidate-rules"
    public static let rankName = "prompts/rank-rules"
    /// Bumped when the JSON contract or the way prompts are assembled changes.
    public static let contractVersion = "rules-json/1"

    private var templates: [String: MustacheTemplate] = [:]
    private var texts: [String: String] = [:]
    /// Where each template came from (`built-in` or a file path).
    public private(set) var origins: [String: String] = [:]

    /// The built-in templates, overridden by files in `directory/prompts/` that exist.
    public static func loading(overrides directory: String?) throws(LLMPromptError) -> LLMPromptTemplates {
        var set = LLMPromptTemplates()
        for name in LLMPromptDefaults.all.keys.sorted() {
            var text = LLMPromptDefaults.all[name]!
            var origin = "built-in"
            if let directory, let data = FileManager.default.contents(atPath: "\(directory)/\(name).mustache") {
                text = String(decoding: data, as: UTF8.self)
                origin = "\(directory)/\(name).mustache"
            }
            do { set.templates[name] = try MustacheTemplate(string: text) } catch {
                throw LLMPromptError(file: origin == "built-in" ? "templates/\(name).mustache" : origin, reason: "not a valid Mustache template: \(error)")
            }
            set.texts[name] = text
            set.origins[name] = origin
        }
        return set
    }

    /// The text of template `name` as loaded.
    public func text(_ name: String) -> String? { texts[name] }

    /// A short hash of the templates and the contract version; part of every cache key, so
    /// editing a template never serves answers to the old prompt.
    public var version: String {
        let material = [Self.contractVersion] + texts.keys.sorted().map { "\($0)\u{1e}\(texts[$0]!)" }
        return Self.contractVersion + ":" + ContentHash.sha256Hex(material.joined(separator: "\u{1f}")).prefix(16)
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        guard let template = templates[name] else { return "" }
        return template.render(context).trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// The system prompt for one chunk: the extraction contract with the page context.
    public func extractSystemPrompt(for chunk: Chunk, framework: String?, maxRules: Int) -> String {
        let anchor = chunk.source.anchor.map { "#" + $0 }
        return render(Self.extractName, [
            "title": chunk.pageTitle, "breadcrumb": chunk.source.breadcrumb.joined(separator: " › "),
            "url": chunk.source.url, "link": chunk.source.link, "anchor": anchor ?? "",
            "anchorOrURL": anchor ?? chunk.source.url,
            "language": chunk.language ?? "", "framework": framework ?? "", "maxRules": maxRules,
        ])
    }

    /// The user prompt for one chunk: its content rendered as Markdown.
    public static func extractUserPrompt(for chunk: Chunk) -> String {
        DocumentRenderer.markdown(chunk.blocks)
    }

    public func repairSystemPrompt(problems: [String]) -> String {
        render(Self.repairName, ["problems": problems])
    }

    public func consolidateSystemPrompt(topic: String, siteName: String) -> String {
        render(Self.consolidateName, ["topic": topic, "siteName": siteName])
    }

    /// The system prompt of `--rerank` for one page.
    /// `condense`: the answer may also carry shorter wordings of the ranked rules, made by deleting words.
    public func rankSystemPrompt(title: String, url: String, condense: Bool) -> String {
        render(Self.rankName, ["title": title, "url": url, "condense": condense])
    }
}
