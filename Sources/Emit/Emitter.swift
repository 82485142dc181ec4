import Foundation
import RulesMakerCore

/// One file to write, relative to the output folder.
public struct OutputFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Options of the Emit stage.
public struct EmitOptions: Sendable {
    public var targets: [Target] = [.cursor]
    public init(targets: [Target] = [.cursor]) { self.targets = targets }
}

/// Renders a rule set into the files of each target. Pure: it never touches the file system.
public struct Emitter: Sendable {
    public let templates: TemplateSet

    public init(templates: TemplateSet = .defaults()) {
        self.templates = templates
    }

    /// Files for `targets`, in a stable order (target, then path).
    public func render(_ ruleSet: RuleSet, targets: [Target]) -> [OutputFile] {
        var files: [OutputFile] = []
        for target in targets {
            switch target {
            case .cursor: files += renderTopicFiles(ruleSet, target: target, directory: ".cursor/rules", ext: "mdc")
            case .windsurf: files += renderTopicFiles(ruleSet, target: target, directory: ".windsurf/rules", ext: "md")
            }
        }
        return files
    }

    // MARK: - Per-topic files (Cursor, Windsurf)

    /// How a topic file gets into the assistant's context.
    enum Activation { case always, globs([String]), described }

    func activation(for ruleSet: RuleSet, topic: RuleTopic) -> Activation {
        let bytes = topic.rules.reduce(0) { $0 + $1.estimatedBytes }
        if ruleSet.topics.count == 1 && bytes <= 2048 { return .always }
        if !ruleSet.globs.isEmpty { return .globs(ruleSet.globs) }
        return .described
    }

    private func renderTopicFiles(_ ruleSet: RuleSet, target: Target, directory: String, ext: String) -> [OutputFile] {
        var files: [OutputFile] = []
        for topic in ruleSet.topics where !topic.rules.isEmpty {
            // Split into parts that fit the target's limits; never truncate.
            var parts: [[RuleCandidate]] = [[]]
            for rule in topic.rules {
                let candidate = parts[parts.count - 1] + [rule]
                let text = render(target: target, ruleSet: ruleSet, topic: topic, rules: candidate, part: parts.count, of: parts.count)
                if !parts[parts.count - 1].isEmpty && !fits(text, target: target) {
                    parts.append([rule])
                } else {
                    parts[parts.count - 1] = candidate
                }
            }
            for (i, rules) in parts.enumerated() {
                let slug = parts.count == 1 ? topic.slug : "\(topic.slug)-\(i + 1)"
                let text = render(target: target, ruleSet: ruleSet, topic: topic, rules: rules, part: i + 1, of: parts.count)
                files.append(OutputFile(path: "\(directory)/\(slug).\(ext)", contents: text))
            }
        }
        return files
    }

    func fits(_ text: String, target: Target) -> Bool {
        if let max = target.maxFileCharacters, text.count > max { return false }
        if let max = target.maxFileLines, text.split(separator: "\n", omittingEmptySubsequences: false).count > max { return false }
        return true
    }

    private func render(target: Target, ruleSet: RuleSet, topic: RuleTopic, rules: [RuleCandidate], part: Int, of parts: Int) -> String {
        let title = parts > 1 ? "\(topic.title) (part \(part) of \(parts))" : topic.title
        var model: [String: Any] = [
            "title": Markdown.line(title),
            "description": YAML.quoted(topic.description),
            "hasDescription": true,
            "provenance": Provenance.htmlComment(sources: Array(Set(rules.map(\.source.url))).sorted()),
        ]
        let (ruleModels, links) = RuleView.models(rules)
        model["rules"] = ruleModels
        model["links"] = links
        switch (target, activation(for: ruleSet, topic: topic)) {
        case (.cursor, .always):
            model["globs"] = ""; model["alwaysApply"] = "true"
        case (.cursor, .globs(let g)):
            model["globs"] = g.joined(separator: ","); model["alwaysApply"] = "false"
        case (.cursor, .described):
            model["globs"] = ""; model["alwaysApply"] = "false"
        case (.windsurf, .always):
            model["trigger"] = "always_on"; model["hasDescription"] = false; model["hasGlobs"] = false
        case (.windsurf, .globs(let g)):
            model["trigger"] = "glob"; model["globs"] = g.joined(separator: ","); model["hasGlobs"] = true; model["hasDescription"] = false
        case (.windsurf, .described):
            model["trigger"] = "model_decision"; model["hasGlobs"] = false
        }
        var text = templates.render(target.templateNames[0], model)
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}

/// The view of one rule handed to templates.
///
/// Fields: `text`, `kind`, `label` (a short kind label when the sentence does not say it),
/// `link` (`url#anchor`), `ref` (the number of the file's reference definition for `link`),
/// `subjects`, and `inlineExample` (a one-line example as a code span) or `example`
/// (`language`, `code` indented for a list item). The file's `links` list holds each distinct
/// link once as `ref` and `url`, for Markdown reference definitions.
enum RuleView {
    static func models(_ rules: [RuleCandidate]) -> (rules: [[String: Any]], links: [[String: Any]]) {
        var refs: [String: Int] = [:]
        var links: [[String: Any]] = []
        var models: [[String: Any]] = []
        for rule in rules {
            let link = rule.source.link
            let ref: Int
            if let r = refs[link] { ref = r } else {
                ref = links.count + 1
                refs[link] = ref
                links.append(["ref": ref, "url": destination(link)])
            }
            var m = model(rule)
            m["ref"] = ref
            models.append(m)
        }
        return (models, links)
    }

    static func model(_ rule: RuleCandidate) -> [String: Any] {
        var m: [String: Any] = [
            "text": Markdown.line(rule.text),
            "kind": rule.kind.rawValue,
            "label": label(rule),
            "link": rule.source.link,
            "subjects": rule.subjects.joined(separator: ", "),
        ]
        if let example = rule.example {
            let lines = example.code.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count == 1 {
                let code = String(lines[0]).trimmingCharacters(in: .whitespaces)
                m["inlineExample"] = code.contains("`") ? "`` \(code) ``" : "`\(code)`"
            } else {
                m["example"] = [
                    "language": example.language ?? "",
                    "code": lines.map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n"),
                ] as [String: Any]
            }
        }
        return m
    }

    /// A link destination usable in a reference definition (angle brackets when it has spaces).
    static func destination(_ link: String) -> String {
        link.contains(" ") || link.contains("<") || link.contains(">") ? "<" + link.replacingOccurrences(of: ">", with: "%3E") + ">" : link
    }

    /// A short kind label when the sentence does not already say it.
    static func label(_ rule: RuleCandidate) -> String {
        let lower = rule.text.lowercased()
        switch rule.kind {
        case .warning where !lower.hasPrefix("warning") && !lower.contains("`: warning"): return "Warning: "
        case .deprecated where !lower.contains("deprecat"): return "Deprecated: "
        default: return ""
        }
    }
}

/// YAML scalar quoting for frontmatter written by templates.
public enum YAML {
    /// A double-quoted YAML scalar.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Markdown helpers for single-line fields.
enum Markdown {
    static func line(_ s: String) -> String {
        s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

/// The provenance note every generated file carries.
public enum Provenance {
    public static let notice = "generated by rules-maker; edit the source or the template, not this file"

    static func sourceList(_ sources: [String]) -> String {
        if sources.count <= 3 { return sources.joined(separator: ", ") }
        return sources.prefix(3).joined(separator: ", ") + " and \(sources.count - 3) more"
    }

    public static func htmlComment(sources: [String]) -> String {
        "<!-- Source: \(sourceList(sources).replacingOccurrences(of: "--", with: "%2D%2D")) — \(notice). -->"
    }
}
