import Foundation
import RulesMakerCore

/// Options of the Link stage.
public struct LinkOptions: Sendable, Hashable, Codable {
    /// Estimated rendered bytes of rules kept per source page; the weakest go first past it.
    public var maxRuleBytesPerPage: Int = 4500
    /// Most rule files (topics) per compile; smaller topics are merged into "general" past it.
    public var maxTopics: Int = 16
    /// Rules whose text appears on at least this many pages are treated as boilerplate and dropped.
    public var boilerplatePageCount: Int = 3

    public init() {}
}

/// Merges duplicates, ranks, groups into topics and fits the byte budget.
public struct Linker: Sendable {
    public var options: LinkOptions

    public init(options: LinkOptions = .init()) {
        self.options = options
    }

    /// Links `candidates` (in extraction order) from pages `pages` (in crawl order) into a rule set.
    public func link(_ candidates: [RuleCandidate], name: String, pages: [PageInfo], globs: [String]) -> RuleSet {
        // 1. Boilerplate: identical text on many pages.
        var pagesPerKey: [String: Set<String>] = [:]
        for c in candidates { pagesPerKey[Self.key(c.text), default: []].insert(c.source.url) }
        // 2. Exact and near-exact duplicates: keep the strongest, merge subjects.
        var order: [String] = []
        var merged: [String: (rule: RuleCandidate, index: Int)] = [:]
        for (index, c) in candidates.enumerated() {
            let key = Self.key(c.text)
            if pagesPerKey[key, default: []].count >= options.boilerplatePageCount { continue }
            if var existing = merged[key] {
                var subjects = existing.rule.subjects
                for s in c.subjects where !subjects.contains(s) { subjects.append(s) }
                if c.score > existing.rule.score {
                    existing.rule = RuleCandidate(text: c.text, kind: c.kind, subjects: subjects, example: c.example ?? existing.rule.example,
                                                  source: c.source, score: c.score, title: c.title, globs: c.globs)
                } else {
                    existing.rule.subjects = subjects
                    if existing.rule.example == nil { existing.rule.example = c.example }
                }
                merged[key] = existing
            } else {
                merged[key] = (c, index)
                order.append(key)
            }
        }
        var rules = order.map { merged[$0]! }
        rules = Self.dropContained(rules)

        // 3. Budget per page: drop the weakest past the byte budget.
        var dropped: [String: (count: Int, bytes: Int)] = [:]
        var kept: [(rule: RuleCandidate, index: Int)] = []
        let byPage = Dictionary(grouping: rules, by: { $0.rule.source.url })
        for url in byPage.keys.sorted() {
            let ranked = byPage[url]!.sorted { ($0.rule.score, -$0.index) > ($1.rule.score, -$1.index) }
            var used = 0
            for r in ranked {
                let cost = r.rule.estimatedBytes
                if used + cost <= options.maxRuleBytesPerPage || used == 0 {
                    kept.append(r)
                    used += cost
                } else {
                    dropped[url, default: (0, 0)].count += 1
                    dropped[url, default: (0, 0)].bytes += cost
                }
            }
        }

        // 4. Topics.
        let topicOf = TopicGrouping(pages: pages, siteName: name, maxTopics: options.maxTopics).topicKeys()
        var topicRules: [String: [(rule: RuleCandidate, index: Int)]] = [:]
        for r in kept { topicRules[topicOf[r.rule.source.url]?.key ?? "general", default: []].append(r) }
        var topics: [RuleTopic] = []
        let topicTitles = Dictionary(topicOf.values.map { ($0.key, $0.title) }, uniquingKeysWith: { a, _ in a })
        let orderedKeys = topicRules.keys.sorted { a, b in
            let ia = topicRules[a]!.map(\.index).min()!, ib = topicRules[b]!.map(\.index).min()!
            return (ia, a) < (ib, b)
        }
        let slugs = Slug.uniqued(orderedKeys.map { Slug.make($0) })
        for (key, slug) in zip(orderedKeys, slugs) {
            let list = topicRules[key]!.sorted { ($0.rule.score, -$0.index) > ($1.rule.score, -$1.index) }.map(\.rule)
            let title = topicTitles[key] ?? key
            topics.append(RuleTopic(slug: slug, title: title, description: Self.describe(title: title, siteName: name, rules: list),
                                    rules: list, sources: Array(Set(list.map(\.source.url))).sorted()))
        }
        let droppedList = dropped.keys.sorted().map { DroppedRules(topic: $0, count: dropped[$0]!.count, bytes: dropped[$0]!.bytes) }
        return RuleSet(name: name, topics: topics, globs: globs, dropped: droppedList)
    }

    /// Normalised text for duplicate detection: lower-case letters and digits only.
    static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// Drops a rule whose normalised text is contained in another rule of the same page
    /// (an anaphoric rule that already carries its predecessor makes the predecessor redundant).
    static func dropContained(_ rules: [(rule: RuleCandidate, index: Int)]) -> [(rule: RuleCandidate, index: Int)] {
        let keys = rules.map { key($0.rule.text) }
        var keep = [Bool](repeating: true, count: rules.count)
        let byPage = Dictionary(grouping: rules.indices, by: { rules[$0].rule.source.url })
        for (_, idx) in byPage {
            for i in idx where keys[i].count >= 20 {
                for j in idx where i != j && keep[j] && keys[j].count > keys[i].count && keys[j].contains(keys[i]) {
                    keep[i] = false
                    break
                }
            }
        }
        return rules.indices.filter { keep[$0] }.map { rules[$0] }
    }

    static func describe(title: String, siteName: String, rules: [RuleCandidate]) -> String {
        var subjects: [String] = []
        for r in rules { for s in r.subjects where !subjects.contains(s) && s.count <= 40 { subjects.append(s) } }
        let about = subjects.prefix(4).joined(separator: ", ")
        let base = title == siteName ? "\(siteName) guidance" : "\(siteName): \(title)"
        return about.isEmpty ? base : "\(base) (\(about))"
    }
}

/// What Link needs to know about a compiled page.
public struct PageInfo: Sendable, Hashable, Codable {
    public var url: String
    public var title: String

    public init(url: String, title: String) {
        self.url = url
        self.title = title
    }
}

/// Groups pages into topics by their place in the site: the first directory below the pages'
/// common root, or the page itself when it sits at the root.
struct TopicGrouping {
    let pages: [PageInfo]
    let siteName: String
    let maxTopics: Int

    func topicKeys() -> [String: (key: String, title: String)] {
        guard pages.count > 1 else {
            return Dictionary(pages.map { ($0.url, (key: $0.title.isEmpty ? siteName : $0.title, title: $0.title.isEmpty ? siteName : $0.title)) },
                              uniquingKeysWith: { a, _ in a })
        }
        let paths = pages.map { Self.pathComponents($0.url) }
        var common = paths[0].dropLast()
        for p in paths.dropFirst() {
            let dir = p.dropLast()
            var n = 0
            while n < common.count && n < dir.count && common[common.startIndex + n] == dir[dir.startIndex + n] { n += 1 }
            common = common.prefix(n)
        }
        var result: [String: (key: String, title: String)] = [:]
        var counts: [String: Int] = [:]
        for (page, path) in zip(pages, paths) {
            let rest = Array(path.dropFirst(common.count))
            let key: (String, String)
            if rest.count >= 2 {
                key = (rest[0], Self.humanize(rest[0]))
            } else {
                let stem = (rest.first ?? "index").split(separator: ".").first.map(String.init) ?? "index"
                key = stem == "index" || stem.isEmpty ? ("overview", "Overview") : (stem, page.title.isEmpty ? Self.humanize(stem) : page.title)
            }
            result[page.url] = key
            counts[key.0, default: 0] += 1
        }
        if counts.count > maxTopics {
            let keepKeys = Set(counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(maxTopics - 1).map(\.key))
            for (url, k) in result where !keepKeys.contains(k.key) { result[url] = ("general", "General") }
        }
        return result
    }

    static func pathComponents(_ url: String) -> [String] {
        // URLComponents keeps the trailing slash that URL.path drops ("/en/2.3/" is a folder).
        guard let c = URLComponents(string: url) else { return [url] }
        let path = c.percentEncodedPath
        var comps = path.split(separator: "/").map(String.init)
        if path.hasSuffix("/") || comps.isEmpty { comps.append("index.html") }
        return comps
    }

    static func humanize(_ s: String) -> String {
        let words = s.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
