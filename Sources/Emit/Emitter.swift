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

/// The files of a render, and the rules that had to be dropped to fit single-file limits.
public struct EmitOutput: Sendable, Hashable {
    public var files: [OutputFile]
    /// Per file: how many of the lowest-ranked rules were left out to fit its limit.
    public var dropped: [DroppedRules]
}

/// Renders a rule set into the files of each target. Pure: it never touches the file system.
public struct Emitter: Sendable {
    public let templates: TemplateSet

    public init(templates: TemplateSet = .defaults()) {
        self.templates = templates
    }

    /// Files for `targets`, in a stable order (target, then path).
    public func render(_ ruleSet: RuleSet, targets: [Target], pages: [PageSummary] = []) -> [OutputFile] {
        emit(ruleSet, targets: targets, pages: pages).files
    }

    public func emit(_ ruleSet: RuleSet, targets: [Target], pages: [PageSummary] = []) -> EmitOutput {
        var files: [OutputFile] = []
        var dropped: [DroppedRules] = []
        func single(_ path: String, _ template: String, _ target: Target, extra: [String: Any] = [:]) {
            let (text, lost) = renderSingleFile(ruleSet, target: target, template: template, extra: extra)
            files.append(OutputFile(path: path, contents: text))
            if lost.count > 0 { dropped.append(DroppedRules(topic: "\(target.rawValue): \(path)", count: lost.count, bytes: lost.bytes)) }
        }
        for target in targets {
            switch target {
            case .cursor:
                files += topicFiles(ruleSet, target: target, template: "cursor/rule.mdc", path: { ".cursor/rules/\($0).mdc" })
            case .windsurf:
                files += topicFiles(ruleSet, target: target, template: "windsurf/rule.md", path: { ".windsurf/rules/\($0).md" })
            case .devin:
                files += topicFiles(ruleSet, target: target, template: "devin/rule.md", path: { ".devin/rules/\($0).md" })
            case .cline:
                files += topicFiles(ruleSet, target: target, template: "cline/rule.md", path: { ".clinerules/\($0).md" })
            case .claude:
                let topicFiles = topicFiles(ruleSet, target: target, template: "claude/rule.md", path: { ".claude/rules/\($0).md" })
                files.append(OutputFile(path: "CLAUDE.md", contents: renderIndex(ruleSet, template: "claude/CLAUDE.md", files: topicFiles)))
                files += topicFiles
            case .copilot:
                let topicFiles = topicFiles(ruleSet, target: target, template: "copilot/instructions.md", path: { ".github/instructions/\($0).instructions.md" })
                files.append(OutputFile(path: ".github/copilot-instructions.md", contents: renderIndex(ruleSet, template: "copilot/copilot-instructions.md", files: topicFiles)))
                files += topicFiles
            case .cursorLegacy:
                single(".cursorrules", "cursor-legacy/cursorrules", target)
            case .windsurfLegacy:
                single(".windsurfrules", "windsurf-legacy/windsurfrules", target)
            case .agents:
                single("AGENTS.md", "agents/AGENTS.md", target)
            case .llmsTxt:
                files.append(OutputFile(path: "llms.txt", contents: renderLLMSIndex(ruleSet, pages: pages)))
                files.append(OutputFile(path: "llms-full.txt", contents: renderLLMSFull(ruleSet, pages: pages)))
            }
        }
        return EmitOutput(files: files, dropped: dropped)
    }

    // MARK: - Activation

    /// How a topic file gets into the assistant's context.
    enum Activation: Equatable { case always, globs([String]), described }

    func activation(for ruleSet: RuleSet, topic: RuleTopic) -> Activation {
        let globs = topic.globs ?? ruleSet.globs
        let bytes = topic.rules.reduce(0) { $0 + $1.estimatedBytes }
        if ruleSet.topics.count == 1 && bytes <= 2048 && topic.globs == nil { return .always }
        if !globs.isEmpty { return .globs(globs) }
        return .described
    }

    // MARK: - Per-topic files

    private func topicFiles(_ ruleSet: RuleSet, target: Target, template: String, path: (String) -> String) -> [OutputFile] {
        var files: [OutputFile] = []
        for topic in ruleSet.topics where !topic.rules.isEmpty {
            let activation = activation(for: ruleSet, topic: topic)   // once per topic, not per rendered part
            let render = { (rules: [RuleCandidate], part: Int, of: Int) in
                self.renderTopic(target: target, template: template, topic: topic, activation: activation, rules: rules, part: part, of: of)
            }
            let parts = split(topic.rules, target: target, render: render)
            for (i, rules) in parts.enumerated() {
                let slug = parts.count == 1 ? topic.slug : "\(topic.slug)-\(i + 1)"
                files.append(OutputFile(path: path(slug), contents: render(rules, i + 1, parts.count)))
            }
        }
        return files
    }

    /// Packs rules into as few parts as fit the target's limits, in order; never truncates.
    /// Sizes are measured once per rule against the empty file, then each part is verified.
    func split(_ rules: [RuleCandidate], target: Target, render: ([RuleCandidate], Int, Int) -> String) -> [[RuleCandidate]] {
        if fits(render(rules, 1, 1), target: target) { return [rules] }
        let base = render([], 1, 2)
        let baseMeasure = Measure(base)
        var parts: [[RuleCandidate]] = [[]]
        var used = baseMeasure
        for rule in rules {
            let delta = Measure(render([rule], 1, 2)) - baseMeasure
            if !parts[parts.count - 1].isEmpty && !(used + delta).fits(target) {
                parts.append([])
                used = baseMeasure
            }
            parts[parts.count - 1].append(rule)
            used = used + delta
        }
        // Verify with the real part numbers; move the last rule on while a part is still too big.
        var k = 0
        while k < parts.count {
            while parts[k].count > 1 && !fits(render(parts[k], k + 1, parts.count), target: target) {
                let moved = parts[k].removeLast()
                if k + 1 < parts.count { parts[k + 1].insert(moved, at: 0) } else { parts.append([moved]) }
            }
            k += 1
        }
        return parts
    }

    func fits(_ text: String, target: Target) -> Bool { Measure(text).fits(target) }

    /// Characters, bytes and lines of a rendered file.
    struct Measure {
        var characters: Int, bytes: Int, lines: Int
        init(characters: Int, bytes: Int, lines: Int) { self.characters = characters; self.bytes = bytes; self.lines = lines }
        init(_ text: String) {
            characters = text.count
            bytes = text.utf8.count
            lines = text.utf8.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        }
        static func - (a: Measure, b: Measure) -> Measure { Measure(characters: a.characters - b.characters, bytes: a.bytes - b.bytes, lines: a.lines - b.lines) }
        static func + (a: Measure, b: Measure) -> Measure { Measure(characters: a.characters + b.characters, bytes: a.bytes + b.bytes, lines: a.lines + b.lines) }
        func fits(_ target: Target) -> Bool {
            if let m = target.maxFileCharacters, characters > m { return false }
            if let m = target.maxFileBytes, bytes > m { return false }
            if let m = target.maxFileLines, lines > m { return false }
            return true
        }
    }

    private func renderTopic(target: Target, template: String, topic: RuleTopic, activation: Activation, rules: [RuleCandidate], part: Int, of parts: Int) -> String {
        let title = parts > 1 ? "\(topic.title) (part \(part) of \(parts))" : topic.title
        var model: [String: Any] = [
            "title": Markdown.line(title),
            "description": YAML.scalar(topic.description),
            "hasDescription": true,
            "provenance": Provenance.htmlComment(sources: Array(Set(rules.map(\.source.url))).sorted()),
        ]
        let (ruleModels, links) = RuleView.models(rules)
        model["rules"] = ruleModels
        model["links"] = links
        let globList: [String] = { if case .globs(let g) = activation { return g } else { return [] } }()
        switch target {
        case .cursor:
            model["globs"] = globList.joined(separator: ",")
            model["alwaysApply"] = activation == .always ? "true" : "false"
        case .windsurf, .devin:
            switch activation {
            case .always: model["trigger"] = "always_on"; model["hasDescription"] = false
            case .globs: model["trigger"] = "glob"; model["hasDescription"] = false
            case .described: model["trigger"] = "model_decision"
            }
            model["hasGlobs"] = !globList.isEmpty
            model["globs"] = globList.joined(separator: ",")
        case .claude, .cline:
            model["hasPaths"] = !globList.isEmpty
            model["paths"] = globList.map { ["glob": YAML.quoted($0)] }
        case .copilot:
            model["applyTo"] = YAML.quoted(globList.isEmpty ? "**" : globList.joined(separator: ","))
        default:
            break
        }
        return finish(templates.render(template, model))
    }

    // MARK: - Single files

    /// Renders a single-file target, leaving out the lowest-ranked rules (across all topics) when
    /// the file would exceed the target's limit. Returns the text and what was left out.
    private func renderSingleFile(_ ruleSet: RuleSet, target: Target, template: String, extra: [String: Any]) -> (String, (count: Int, bytes: Int)) {
        let all = ruleSet.topics.flatMap(\.rules)
        let order = all.indices.sorted { (all[$0].score, $1) < (all[$1].score, $0) }   // weakest first
        func render(dropping k: Int) -> String {
            let excluded = Set(order.prefix(k))
            var index = 0
            var keptPerTopic: [(RuleTopic, [RuleCandidate])] = []
            for topic in ruleSet.topics {
                var kept: [RuleCandidate] = []
                for rule in topic.rules {
                    if !excluded.contains(index) { kept.append(rule) }
                    index += 1
                }
                if !kept.isEmpty { keptPerTopic.append((topic, kept)) }
            }
            // Reference numbers are shared across the whole file.
            let (models, links) = RuleView.models(keptPerTopic.flatMap(\.1))
            var offset = 0
            var topics: [[String: Any]] = []
            for (topic, kept) in keptPerTopic {
                topics.append(["title": Markdown.line(topic.title), "rules": Array(models[offset..<offset + kept.count])])
                offset += kept.count
            }
            var model: [String: Any] = [
                "name": Markdown.line(ruleSet.name),
                "provenance": Provenance.htmlComment(sources: Array(Set(ruleSet.topics.flatMap(\.sources))).sorted()),
                "topics": topics,
                "links": links,
            ]
            for (k, v) in extra { model[k] = v }
            return finish(templates.render(template, model))
        }
        let full = render(dropping: 0)
        if fits(full, target: target) || all.isEmpty { return (full, (0, 0)) }
        // Smallest number of weakest rules to leave out, by binary search.
        var lo = 1, hi = all.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if fits(render(dropping: mid), target: target) { hi = mid } else { lo = mid + 1 }
        }
        let bytes = order.prefix(lo).reduce(0) { $0 + all[$1].estimatedBytes }
        return (render(dropping: lo), (lo, bytes))
    }

    /// `CLAUDE.md` / `copilot-instructions.md`: a short index of the topic files.
    private func renderIndex(_ ruleSet: RuleSet, template: String, files: [OutputFile]) -> String {
        var entries: [[String: Any]] = []
        for topic in ruleSet.topics where !topic.rules.isEmpty {
            let paths = files.map(\.path).filter { p in
                let name = ((p as NSString).lastPathComponent.components(separatedBy: ".").first) ?? ""
                return name == topic.slug || name.hasPrefix(topic.slug + "-") && Int(name.dropFirst(topic.slug.count + 1)) != nil
            }
            for p in paths {
                entries.append(["title": Markdown.line(topic.title), "path": p, "description": Markdown.line(topic.description),
                                "globs": (topic.globs ?? ruleSet.globs).joined(separator: ", ")])
            }
        }
        let model: [String: Any] = [
            "name": Markdown.line(ruleSet.name),
            "provenance": Provenance.htmlComment(sources: Array(Set(ruleSet.topics.flatMap(\.sources))).sorted()),
            "files": entries,
            "ruleCount": ruleSet.ruleCount,
        ]
        return finish(templates.render(template, model))
    }

    // MARK: - llms.txt

    private func renderLLMSIndex(_ ruleSet: RuleSet, pages: [PageSummary]) -> String {
        var sections: [[String: Any]] = []
        var optional: [[String: Any]] = []
        let topicTitles = Dictionary(ruleSet.topics.map { ($0.slug, $0.title) }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var grouped: [String: [[String: Any]]] = [:]
        for page in pages {
            let link: [String: Any] = ["title": Markdown.linkText(page.title.isEmpty ? page.url : page.title), "url": page.url,
                                       "hasDescription": page.description?.isEmpty == false,
                                       "description": Markdown.line(page.description ?? "")]
            if let slug = page.topic, topicTitles[slug] != nil {
                if grouped[slug] == nil { order.append(slug) }
                grouped[slug, default: []].append(link)
            } else {
                optional.append(link)
            }
        }
        for slug in order { sections.append(["title": Markdown.line(topicTitles[slug]!), "links": grouped[slug]!]) }
        // The summary of the site's root page (the shortest URL), else a plain statement.
        let root = pages.min { ($0.url.count, $0.url) < ($1.url.count, $1.url) }
        let summary = root?.description.flatMap { $0.isEmpty ? nil : $0 } ?? "Documentation index and rules compiled from \(ruleSet.name)."
        let model: [String: Any] = [
            "name": Markdown.line(ruleSet.name),
            "summary": Markdown.line(summary),
            "notice": "Compiled from \(Provenance.sourceList(pages.map(\.url))) — \(Provenance.notice).",
            "sections": sections,
            "hasOptional": !optional.isEmpty,
            "optional": optional,
        ]
        return finish(templates.render("llms-txt/llms.txt", model))
    }

    private func renderLLMSFull(_ ruleSet: RuleSet, pages: [PageSummary]) -> String {
        let model: [String: Any] = [
            "name": Markdown.line(ruleSet.name),
            "provenance": Provenance.htmlComment(sources: pages.map(\.url)),
            "pages": pages.map { ["url": $0.url, "markdown": ($0.markdown ?? "# \($0.title)\n").trimmingCharacters(in: .newlines)] as [String: Any] },
        ]
        return finish(templates.render("llms-txt/llms-full.txt", model))
    }

    private func finish(_ text: String) -> String {
        text.hasSuffix("\n") ? text : text + "\n"
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
                let span = code.contains("`") ? "`` \(code) ``" : "`\(code)`"
                // A command the text already names as code ("Run your build process with `npm run dev` …") is not said
                // again as its example.
                if rule.text.contains(span) { return m }
                m["inlineExample"] = span
                // The template says "e.g." before the example: a text that already ends with it gives it up
                // ("… should be used, e.g.:" → "… should be used, e.g. `loop.call_soon_threadsafe(…)`").
                let lower = rule.text.lowercased()
                if let tail = [" e.g.:", " eg.:", " for example:", " for instance:"].first(where: { lower.hasSuffix($0) }) {
                    m["text"] = Markdown.line(String(rule.text.dropLast(tail.count)))
                } else if rule.text.hasSuffix(":") {
                    // A lead-in that ends with a colon ("To get all available queues, invoke:") takes the example as its
                    // own end, without an "e.g.".
                    m["text"] = Markdown.line(rule.text) + " " + span
                    m["inlineExample"] = nil
                }
            } else {
                m["example"] = [
                    "language": example.language ?? "",
                    "code": lines.map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n"),
                ] as [String: Any]
            }
        }
        return m
    }

    /// A link destination usable in a reference definition: `<` and `>` percent-encoded (Javadoc's
    /// constructor anchors, `#<init>(int)`, may not stand in a destination, bracketed or not; a browser
    /// decodes the fragment to find the element), angle brackets around it when it has spaces.
    static func destination(_ link: String) -> String {
        let escaped = link.contains("<") || link.contains(">")
            ? link.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E") : link
        return escaped.contains(" ") ? "<" + escaped + ">" : escaped
    }

    /// Whether lower-cased text reports a removal as done ("has been removed", "AddrCheck (removed in 3.1.0)"), not one
    /// to come ("will be removed in 4.0").
    static func reportsRemoval(_ lower: String) -> Bool {
        if ["has been removed", "have been removed", "was removed", "were removed", "is removed", "are removed"].contains(where: { lower.contains($0) }) {
            return true
        }
        return lower.contains("removed in") && !lower.contains("be removed in")
    }

    /// A short kind label when the sentence does not already say it.
    static func label(_ rule: RuleCandidate) -> String {
        let lower = rule.text.lowercased()
        switch rule.kind {
        case .warning where rule.inCallout != false && !lower.hasPrefix("warning") && !lower.contains("`: warning"): return "Warning: "
        // A removal that happened says so itself ("… has been removed"); one to come ("will be removed in 4.0") is a
        // deprecation.
        case .deprecated where !lower.contains("deprecat") && !Self.reportsRemoval(lower): return "Deprecated: "
        default: return ""
        }
    }
}

/// YAML scalar quoting for frontmatter written by templates.
public enum YAML {
    /// A plain scalar when that reads back as the same string, else a double-quoted one.
    public static func scalar(_ s: String) -> String {
        let specialStart: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " "]
        let lower = s.lowercased()
        let ambiguous = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(lower) || Double(s) != nil
        if s.isEmpty || ambiguous || specialStart.contains(s.first!) || s.last == " " || s.contains(": ") || s.contains(" #")
            || s.hasSuffix(":") || s.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return quoted(s)
        }
        return s
    }

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
    /// One line of Markdown text: line breaks become spaces, and a `<` that would open an HTML tag outside code
    /// ("returns the <stderr> string", from Sphinx's `<cite>&lt;stderr&gt;</cite>`) is escaped, so that a
    /// Markdown viewer shows it instead of swallowing it as a tag. Code spans (opened and closed by runs of as
    /// many backticks) and autolinks (`<https://…>`) stay as written.
    static func line(_ s: String) -> String {
        // Byte checks first: this runs for every rule of every file rendered, and most texts need neither step.
        let breaks = s.utf8.contains(where: { $0 == 10 || $0 == 13 })
        let flat = breaks ? s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") : s
        guard flat.utf8.contains(UInt8(ascii: "<")) else { return flat }
        let chars = Array(flat)
        var out = ""
        var fence = 0   // backticks of the open code span, 0 outside code
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "`" {
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                if fence == 0 { fence = run } else if run == fence { fence = 0 }
                out += String(repeating: "`", count: run)
                i += run
                continue
            }
            if c == "<", fence == 0, i == 0 || chars[i - 1] != "\\", let tag = htmlTag(chars[(i + 1)...]) {
                // A placeholder standing as a word ("--log-file=<filename>", "returns the <stderr> string") reads as
                // code; any other tag-shaped text is escaped ("Vec\<T>", "\<a href=…>").
                let before = i == 0 ? " " : chars[i - 1]
                if tag.placeholder, !before.isLetter, !before.isNumber, before != "`" {
                    out += "`" + String(chars[i...(i + tag.length)]) + "`"
                } else {
                    out += "\\<" + String(chars[(i + 1)...(i + tag.length)])
                }
                i += tag.length + 1
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// The HTML tag (CommonMark's raw HTML) that the text after a `<` would make: an open or closing tag, a
    /// comment, declaration or processing instruction, ending at its `>` (`length` counts up to and with it);
    /// `placeholder` when it is a bare name (`<filename>`, `<remote-sha1>`). Nil when no tag closes there
    /// ("start<=index<limit") and for autolinks (`<https://…>`), which Markdown shows as written.
    private static func htmlTag(_ rest: ArraySlice<Character>) -> (length: Int, placeholder: Bool)? {
        guard let first = rest.first, !isAutolink(rest) else { return nil }
        var j = rest.startIndex
        if first == "!" || first == "?" {
            guard let close = rest.firstIndex(of: ">"), !rest[j..<close].contains("<") else { return nil }
            return (rest.distance(from: rest.startIndex, to: close) + 1, false)
        }
        if first == "/" { j += 1 }
        guard j < rest.endIndex, rest[j].isASCII, rest[j].isLetter else { return nil }
        var k = j
        while k < rest.endIndex, rest[k].isASCII, rest[k].isLetter || rest[k].isNumber || rest[k] == "-" { k += 1 }
        guard k < rest.endIndex else { return nil }
        if rest[k] == ">" { return (rest.distance(from: rest.startIndex, to: k) + 1, first != "/") }
        // Attributes (or a self-closing slash) after white space, then the `>`, before any other `<`.
        guard rest[k] == " " || rest[k] == "/" || rest[k] == "\t", let close = rest[k...].firstIndex(of: ">"), !rest[k..<close].contains("<") else { return nil }
        return (rest.distance(from: rest.startIndex, to: close) + 1, false)
    }

    /// Whether the text after a `<` is an autolink's: a scheme and a colon, then no space before `>`.
    private static func isAutolink(_ rest: ArraySlice<Character>) -> Bool {
        guard let close = rest.firstIndex(of: ">") else { return false }
        let inner = rest[rest.startIndex..<close]
        guard let colon = inner.firstIndex(of: ":"), colon > inner.startIndex else { return false }
        return inner[inner.startIndex..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) && !inner.contains(" ")
    }

    static func linkText(_ s: String) -> String {
        line(s).replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
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
