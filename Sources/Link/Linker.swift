import Foundation
import RulesMakerCore

/// Options of the Link stage.
public struct LinkOptions: Sendable, Hashable, Codable {
    /// Rendered bytes of rules kept per source page (list items plus each distinct source link
    /// once); past it the weakest rules are dropped, never truncated. With a rule file's front
    /// matter and header a page compiled alone then writes at most about 6 KB.
    public var maxRuleBytesPerPage: Int = 5650
    /// Rendered bytes of rules kept over the whole compile (per target), nil for no limit; past it
    /// the weakest rules of any page are dropped.
    public var maxRuleBytesTotal: Int? = nil
    /// Most rule files (topics) per compile; smaller topics are merged into "general" past it.
    public var maxTopics: Int = 16
    /// Rules whose text appears on at least this many pages are treated as boilerplate and dropped —
    /// unless they name an API (documentation shared by several entries), then they are kept once.
    public var boilerplatePageCount: Int = 3
    /// Two rules of one page whose word sets overlap at least this much (Jaccard) are merged.
    public var nearDuplicateSimilarity: Double = 0.75
    /// Score lost by a rule for each rule already kept from its section (half for its subsection)
    /// when the budget is filled, so that one long section does not take the whole budget.
    public var sectionPenalty: Double = 0.6
    /// Score lost by a rule for what the rules already kept say: this much times the part of its
    /// overlap with the nearest kept rule (shared content words over the smaller rule's) past
    /// `redundancyThreshold`, so the budget goes to statements not yet made rather than to a
    /// second telling of one.
    public var redundancyPenalty: Double = 6
    /// Word overlap with a kept rule below which a rule loses nothing (see `redundancyPenalty`).
    public var redundancyThreshold: Double = 0.4
    /// Only this many of a page's strongest rules go through duplicate merging and the budget: a page budget holds
    /// a few dozen, and an all-in-one page (Node.js's 8 MB `all.html`: 16,868 candidates) would otherwise cost
    /// minutes in the pairwise steps. The rest are reported as dropped.
    public var maxCandidatesPerPage: Int = 2_000
    /// A page whose strongest statement scores below this says nothing it insists on — an overview, an index, a
    /// product page: only descriptions, which make assistants no better. Its rules are left out and reported as
    /// dropped with the budget "guidance". Nil (the default here) keeps every page; `compile` sets the heuristic
    /// extractor's floor (`CompileSettings.minimumPageScore`).
    public var minimumPageScore: Double? = nil
    /// Once a page's rules are chosen, the room its budget has left goes to the longer examples kept rules introduce
    /// (`RuleCandidate.longExample`), strongest rule first: a short page's rules come with the code the documentation
    /// shows for them; a full page's do not change.
    public var longExamples: Bool = true
    /// Kept rules of one page share a list item, up to this many statements, when they come from one passage — next
    /// to each other on the page, under one source link — or are about one API entry (the same "`name`: " opening
    /// and link: "`SECRET_KEY`: A secret key … Do not reveal the secret key … Default: None"): what the page says
    /// in one place stays together, and the name and link are written once. 1 keeps every rule its own item.
    public var maxStatementsPerItem: Int = 3
    /// Most bytes of the text of an item that joins several rules.
    public var maxItemTextBytes: Int = 600

    public init() {}
}

/// Merges duplicates, ranks, groups into topics and fits the byte budget.
public struct Linker: Sendable {
    public var options: LinkOptions

    public init(options: LinkOptions = .init()) {
        self.options = options
    }

    typealias Ranked = (rule: RuleCandidate, index: Int)

    /// Links `candidates` (in extraction order) from pages `pages` (in crawl order) into a rule set.
    public func link(_ candidates: [RuleCandidate], name: String, pages: [PageInfo], globs: [String]) -> RuleSet {
        // 1. Boilerplate: identical text on many pages.
        var pagesPerKey: [String: Set<String>] = [:]
        for c in candidates { pagesPerKey[Self.key(c.text), default: []].insert(c.source.url) }
        // 2. Exact and near-exact duplicates: keep the strongest, merge subjects.
        var order: [String] = []
        var merged: [String: Ranked] = [:]
        for (index, c) in candidates.enumerated() {
            let key = Self.key(c.text)
            // Repeated on many pages: boilerplate, unless it names an API — then it is documentation
            // shared by several entries (rustdoc's generic methods), kept once.
            if pagesPerKey[key, default: []].count >= options.boilerplatePageCount, c.subjects.isEmpty { continue }
            if var existing = merged[key] {
                existing.rule = Self.merge(existing.rule, c)
                merged[key] = existing
            } else {
                merged[key] = (c, index)
                order.append(key)
            }
        }
        var rules = order.map { merged[$0]! }
        var floorReports: [DroppedRules] = []
        if let floor = options.minimumPageScore {
            var best: [String: Double] = [:]
            for r in rules { best[r.rule.source.url] = max(best[r.rule.source.url] ?? -.infinity, r.rule.score) }
            let unguided = Set(best.filter { $0.value < floor }.keys)
            if !unguided.isEmpty {
                let left = Dictionary(grouping: rules.filter { unguided.contains($0.rule.source.url) }, by: \.rule.source.url)
                for url in unguided.sorted() {
                    let out = left[url, default: []].map(\.rule).sorted { $0.score < $1.score }
                    floorReports.append(DroppedRules(topic: url, count: out.count, bytes: out.reduce(0) { $0 + $1.itemBytes },
                                                     budget: "guidance", rules: out))
                }
                rules.removeAll { unguided.contains($0.rule.source.url) }
            }
        }
        let (strongest, beyondReach) = Self.strongestPerPage(rules, limit: options.maxCandidatesPerPage)
        rules = Self.dropContained(strongest)
        rules = Self.mergeNearDuplicates(rules, threshold: options.nearDuplicateSimilarity)
        let topicOf = TopicGrouping(pages: pages, siteName: name, maxTopics: options.maxTopics).topicKeys()
        rules = Self.mergeTemplateCopies(rules, topic: { topicOf[$0]?.key ?? "general" })

        // 3. Budgets: per page, then over the whole set; the weakest go first.
        var droppedReports: [DroppedRules] = floorReports
        var kept: [Ranked] = []
        let byPage = Dictionary(grouping: rules, by: { $0.rule.source.url })
        for url in byPage.keys.sorted() {
            let budget = options.maxRuleBytesPerPage
            var (keep, drop, heads) = Self.fit(byPage[url]!, budget: budget, sectionPenalty: options.sectionPenalty,
                                        redundancy: (options.redundancyPenalty, options.redundancyThreshold),
                                        items: (options.maxStatementsPerItem, options.maxItemTextBytes))
            keep = Self.joinItems(keep, heads: heads)
            // Weakest first: those beyond reach are weaker than any the budget weighed.
            drop = (beyondReach[url] ?? []).reversed() + drop
            // A longer example of a dropped rule stays out of the reports.
            for i in drop.indices { drop[i].rule.longExample = nil }
            kept += keep
            if !drop.isEmpty {
                droppedReports.append(DroppedRules(topic: url, count: drop.count, bytes: drop.reduce(0) { $0 + $1.rule.itemBytes },
                                                   budget: "page", rules: drop.map(\.rule)))
            }
        }
        if let total = options.maxRuleBytesTotal {
            var (keep, drop, _) = Self.fit(kept, budget: total)
            kept = keep
            for i in drop.indices { drop[i].rule.longExample = nil }
            if !drop.isEmpty {
                droppedReports.append(DroppedRules(topic: name, count: drop.count, bytes: drop.reduce(0) { $0 + $1.rule.itemBytes },
                                                   budget: "total", rules: drop.map(\.rule)))
            }
        }
        // Once every budget has chosen its rules, the room left goes to longer examples; what is not attached stays out
        // of the rule set.
        if options.longExamples {
            kept = Self.addLongExamples(kept, pageBudget: options.maxRuleBytesPerPage, totalBudget: options.maxRuleBytesTotal)
        }
        for i in kept.indices { kept[i].rule.longExample = nil }

        // 4. Topics.
        var topicRules: [String: [Ranked]] = [:]
        for r in kept { topicRules[topicOf[r.rule.source.url]?.key ?? "general", default: []].append(r) }
        var topics: [RuleTopic] = []
        // By URL: a dictionary's own order changes from run to run, and the output must not.
        let topicTitles = Dictionary(topicOf.sorted { $0.key < $1.key }.map { ($0.value.key, $0.value.title) }, uniquingKeysWith: { a, _ in a })
        let orderedKeys = topicRules.keys.sorted { a, b in
            let ia = topicRules[a]!.map(\.index).min()!, ib = topicRules[b]!.map(\.index).min()!
            return (ia, a) < (ib, b)
        }
        let slugs = Slug.uniqued(orderedKeys.map { Slug.make($0) })
        for (key, slug) in zip(orderedKeys, slugs) {
            let list = topicRules[key]!.sorted(by: Self.stronger).map(\.rule)
            let title = topicTitles[key] ?? key
            topics.append(RuleTopic(slug: slug, title: title, description: Self.describe(title: title, siteName: name, rules: list),
                                    rules: list, sources: Array(Set(list.map(\.source.url))).sorted()))
        }
        return RuleSet(name: name, topics: topics, globs: globs, dropped: droppedReports)
    }

    /// Ranking order: higher score first, then extraction order.
    /// The `limit` strongest rules of each page (score, then extraction order), and the others by page, weakest last.
    static func strongestPerPage(_ rules: [Ranked], limit: Int) -> (kept: [Ranked], beyond: [String: [Ranked]]) {
        let byPage = Dictionary(grouping: rules.indices, by: { rules[$0].rule.source.url })
        guard byPage.values.contains(where: { $0.count > limit }) else { return (rules, [:]) }
        var keep = [Bool](repeating: true, count: rules.count)
        var beyond: [String: [Ranked]] = [:]
        for (url, idx) in byPage where idx.count > limit {
            let ranked = idx.sorted { (rules[$0].rule.score, -rules[$0].index) > (rules[$1].rule.score, -rules[$1].index) }
            for i in ranked[limit...] { keep[i] = false }
            beyond[url] = ranked[limit...].map { rules[$0] }
        }
        return (rules.indices.filter { keep[$0] }.map { rules[$0] }, beyond)
    }

    static func stronger(_ a: Ranked, _ b: Ranked) -> Bool {
        (a.rule.score, -a.index) > (b.rule.score, -b.index)
    }

    /// Keeps the strongest rules while their rendered bytes fit `budget`: list items plus each
    /// distinct source link once. Rules claim the budget highest value first — their score, less
    /// `sectionPenalty` for every rule already kept from their section (half of it for their
    /// subsection), so one long section does not take the whole budget, and less
    /// `redundancy.penalty` × (overlap − `redundancy.threshold`) when they overlap a kept rule that
    /// much (shared content words over the smaller one's), so the budget goes to what is not yet
    /// said. A rule that joins the item of a kept rule beside it on the page or of its API entry (`items`, see
    /// `joinItems`) costs only its words. A rule that does not fit is dropped and smaller ones after it may still fit. Nothing is
    /// truncated; the strongest rule is always kept. Ties keep extraction order.
    static func fit(_ rules: [Ranked], budget: Int, sectionPenalty: Double = 0,
                    redundancy: (penalty: Double, threshold: Double) = (0, 1),
                    items: (statements: Int, textBytes: Int) = (1, 0)) -> (keep: [Ranked], drop: [Ranked], heads: [Int]) {
        let ranked = rules.sorted(by: stronger)
        let scores = ranked.map(\.rule.score)
        // Kept rules of one passage or one API entry share a list item (see `joinItems`): one joining an item costs
        // the bytes it adds to the item's text (`itemText`).
        let itemBytes = ranked.map(\.rule.itemBytes)
        let joinable = items.statements > 1
        let pageOrder = joinable ? ranked.indices.sorted { ranked[$0].index < ranked[$1].index } : []
        var position = [Int](repeating: 0, count: joinable ? ranked.count : 0)
        for (p, i) in pageOrder.enumerated() { position[i] = p }
        let prefixes = joinable ? ranked.map { namePrefix($0.rule) } : []
        let labels = joinable ? ranked.map { itemLabel($0.rule) } : []
        let leadLabels = joinable ? ranked.map { leadLabel($0.rule.text) } : []
        let textBytes = joinable ? ranked.map(\.rule.text.utf8.count) : []
        /// The bytes of `itemText` of `members` (in page order), from the labels read once.
        func joinedBytes(_ members: [Int]) -> Int {
            var total = 0
            var current: String? = nil
            for (n, m) in members.enumerated() {
                total += textBytes[m] + (n > 0 ? 1 : 0)
                // The full stop `itemText` puts after a statement that ends without one.
                if n > 0, Self.needsStop(ranked[members[n - 1]].rule.text) { total += 1 }
                if let label = leadLabels[m] {
                    if label == current { total -= label.utf8.count }
                    current = label
                }
            }
            return total
        }
        let joinableText = joinable ? ranked.map { r -> Bool in
            let link = r.rule.source.link
            guard let hash = link.firstIndex(of: "#"), link.index(after: hash) < link.endIndex else { return false }
            return !isTableRow(r.rule.text)
        } : []
        // A bare version marker ("`withInitial()`: Since 1.8.") dates the entry's item without taking one of its statements.
        let markerOnly = joinable ? ranked.indices.map { i -> Bool in
            let r = ranked[i].rule
            guard r.kind == .version else { return false }
            let body = leadLabels[i].map { String(r.text.dropFirst($0.count)) } ?? r.text
            return body.split(separator: " ").count <= 4
        } : []
        // Rules that open by pointing back at the text before them (read once: `target` runs for every rule weighed).
        let pointingBack = joinable ? ranked.indices.map { Self.pointsBack(ranked[$0].rule.text, label: leadLabels[$0]) } : []
        var keptAt = [Int?](repeating: nil, count: joinable ? ranked.count : 0)   // place in `keep` of a ranked rule
        // For each kept rule, the kept rule whose item it joins (itself when it starts one); the ranked rules of each
        // item, in page order; the open item of each entry.
        var heads: [Int] = []
        var itemMembers: [Int: [Int]] = [:]
        var entryHead: [EntryKey: Int] = [:]
        func entryKey(_ i: Int) -> EntryKey? {
            prefixes[i].map { EntryKey(prefix: $0, link: ranked[i].rule.source.link, label: labels[i]) }
        }
        // Section and subsection of each rule as small integers.
        var ids: [String: Int] = [:]
        func id(_ key: String) -> Int {
            if let n = ids[key] { return n }
            ids[key] = ids.count
            return ids.count - 1
        }
        let spread = sectionPenalty > 0
        let sec = spread ? ranked.map { id("s|" + sectionKeys($0.rule.source).0) } : []
        let sub = spread ? ranked.map { id("u|" + sectionKeys($0.rule.source).1) } : []
        var count = [Double](repeating: 0, count: ids.count)
        let weighRedundancy = redundancy.penalty > 0 && redundancy.threshold < 1
        let statements = weighRedundancy ? ranked.map { statementAfterNames($0.rule.text) } : []
        // Their words, split when first compared (most rules are never compared with one that opens with names).
        var statementWords = [[Substring]?](repeating: nil, count: statements.count)
        func wordsOfStatement(_ i: Int) -> [Substring] {
            if let w = statementWords[i] { return w }
            let w = statements[i].map { $0.split(separator: " ") } ?? []
            statementWords[i] = w
            return w
        }
        // Content words as sorted word numbers, made when a rule is first weighed; each rule's overlap
        // with the nearest kept rule, brought up to date (`compared` kept rules) when it is weighed.
        var vocabulary: [[UInt8]: Int] = [:]
        var words = [[Int]?](repeating: nil, count: ranked.count)
        func wordsOf(_ i: Int) -> [Int] {
            if let w = words[i] { return w }
            var w: [Int] = []
            forEachContentWord(ranked[i].rule.text) { word in
                if let n = vocabulary[word] { w.append(n) } else { vocabulary[word] = vocabulary.count; w.append(vocabulary.count - 1) }
            }
            w.sort()
            var unique: [Int] = []
            unique.reserveCapacity(w.count)
            for n in w where unique.last != n { unique.append(n) }
            words[i] = unique
            return unique
        }
        /// The item rule `i` would join, and the bytes it would add to the item's text. Only within a section's or an
        /// entry's own link (a whole page's link says nothing about what goes together); not a table row; a rule that
        /// opens with a label ("`from()`: …", "Default: …") only after the same label, so that no name stands inside
        /// an item; not a rule that mostly repeats one already there.
        func target(_ i: Int) -> (head: Int, members: [Int], add: Int)? {
            guard joinable, ranked[i].rule.example == nil, joinableText[i] else { return nil }
            let link = ranked[i].rule.source.link
            var options: [Int] = []
            for p in [position[i] - 1, position[i] + 1] where p >= 0 && p < pageOrder.count {
                let j = pageOrder[p]
                // (Under one heading: a page whose headings have no anchors gives its sections one link.)
                if let k = keptAt[j], labels[j] == labels[i], ranked[j].rule.source.link == link,
                   ranked[j].rule.passage == ranked[i].rule.passage,
                   ranked[j].rule.source.breadcrumb == ranked[i].rule.source.breadcrumb { options.append(heads[k]) }
            }
            if let key = entryKey(i), let h = entryHead[key] { options.append(h) }
            for h in options {
                guard let current = itemMembers[h],
                      current.filter({ !markerOnly[$0] }).count + (markerOnly[i] ? 0 : 1) <= items.statements,
                      !current.contains(where: { ranked[$0].rule.example != nil || !joinableText[$0] }) else { continue }
                var members = current
                members.insert(i, at: members.firstIndex { ranked[$0].index > ranked[i].index } ?? members.count)
                // A rule that points back at the text before it ("They are therefore vulnerable …") follows in an item
                // only the rule made right before it, not one that precedes it because rules between them went (merged
                // or dropped): what it points at is not what the item holds.
                guard members.indices.dropFirst().allSatisfy({ !pointingBack[members[$0]] || ranked[members[$0 - 1]].index + 1 == ranked[members[$0]].index })
                else { continue }
                let lead = leadLabels[members[0]]
                guard members.dropFirst().allSatisfy({ leadLabels[$0] == nil || leadLabels[$0] == lead }) else { continue }
                let mine = wordsOf(i)
                guard !current.contains(where: { overlapShare(mine, wordsOf($0)) > 0.6 }) else { continue }
                let bytes = joinedBytes(members)
                if bytes <= items.textBytes { return (h, members, bytes - joinedBytes(current)) }
            }
            return nil
        }
        func cost(_ i: Int) -> Int { target(i)?.add ?? itemBytes[i] }
        var overlap = [Double](repeating: 0, count: ranked.count)
        var compared = [Int](repeating: 0, count: ranked.count)
        var keptIndices: [Int] = []

        var decided = [Bool](repeating: false, count: ranked.count)
        var firstOpen = 0
        var used = 0
        var links = Set<String>()
        var keep: [Ranked] = []
        var drop: [Ranked] = []
        while true {
            while firstOpen < ranked.count, decided[firstOpen] { firstOpen += 1 }
            guard firstOpen < ranked.count else { break }
            var best = -1
            var bestValue = -Double.infinity
            for i in firstOpen..<ranked.count where !decided[i] {
                // Scores only go down: once the plain score cannot beat the best, stop looking.
                if scores[i] <= bestValue { break }
                // What is used only grows: a rule that does not fit now is dropped, whatever its value (one that might
                // fit later as part of an item not yet started is not waited for).
                if !keep.isEmpty, used + cost(i) > budget {
                    decided[i] = true
                    drop.append(ranked[i])
                    continue
                }
                var value = scores[i]
                if spread { value -= sectionPenalty * (count[sec[i]] + 0.5 * count[sub[i]]) }
                if weighRedundancy {
                    if compared[i] < keptIndices.count {
                        let mine = wordsOf(i)
                        for k in keptIndices[compared[i]...] {
                            // One statement made of other APIs ("`chroot()`, `setsid()`: This is a nightly-only experimental
                            // API." after the same for four others) says nothing new, whatever names it opens with.
                            let same = statements[i] != nil && statements[k] != nil
                                && Self.sameTemplate(wordsOfStatement(i), wordsOfStatement(k))
                            overlap[i] = max(overlap[i], same ? 1 : overlapShare(mine, wordsOf(k)))
                        }
                        compared[i] = keptIndices.count
                    }
                    value -= redundancy.penalty * max(0, overlap[i] - redundancy.threshold)
                }
                if value > bestValue { bestValue = value; best = i }
            }
            // Every open rule was dropped as too large, or (scores that are not numbers) none compares: the first
            // open one goes, so that each pass decides a rule.
            if best < 0 {
                guard firstOpen < ranked.count, !decided[firstOpen] else { continue }
                decided[firstOpen] = true
                drop.append(ranked[firstOpen])
                continue
            }
            decided[best] = true
            let r = ranked[best]
            let link = r.rule.source.link
            let joining = target(best)
            let cost = (joining?.add ?? itemBytes[best]) + (links.contains(link) ? 0 : r.rule.linkDefinitionBytes)
            guard used + cost <= budget || keep.isEmpty else {
                drop.append(r)
                continue
            }
            if joinable {
                keptAt[best] = keep.count
                if let joining {
                    heads.append(joining.head)
                    itemMembers[joining.head] = joining.members
                } else {
                    heads.append(keep.count)
                    itemMembers[keep.count] = [best]
                    if let key = entryKey(best) { entryHead[key] = keep.count }
                }
            } else {
                heads.append(keep.count)
            }
            keep.append(r)
            keptIndices.append(best)
            used += cost
            links.insert(link)
            if spread {
                count[sec[best]] += 1
                count[sub[best]] += 1
            }
        }
        // Report weakest first.
        return (keep, drop.sorted(by: stronger).reversed(), heads)
    }

    /// What makes rules one API entry's: the name they open with, their source link and the label the writer gives them.
    struct EntryKey: Hashable {
        var prefix: String
        var link: String
        var label: String
    }

    /// The name a rule opens with: its first subject as "`name`: " (or "name: " once a plain word lost its backticks).
    static func namePrefix(_ rule: RuleCandidate) -> String? {
        guard let name = rule.subjects.first, !name.isEmpty else { return nil }
        for prefix in ["`\(name)`: ", name + ": "] where rule.text.hasPrefix(prefix) && rule.text.utf8.count > prefix.utf8.count {
            return prefix
        }
        return nil
    }

    /// The text after the API names a rule opens with ("`lt()`, `le()`: Panics if …" → "Panics if …"), or nil when it
    /// opens with none.
    static func statementAfterNames(_ text: String) -> Substring? {
        var rest = Substring(text)
        while rest.hasPrefix("`") {
            guard let close = rest.dropFirst().firstIndex(of: "`") else { return nil }
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(", ") { rest = rest.dropFirst(2); continue }
            guard rest.hasPrefix(": "), rest.count > 2 else { return nil }
            return rest.dropFirst(2)
        }
        return nil
    }

    /// Whether two statements after API names are one sentence with at most `maxDifferentWords` words of it changed at
    /// one place ("This option is only valid for push and save commands." and "… for pop and apply commands."): the
    /// same statement made of other APIs and values. At least four words are shared.
    static func sameTemplate(_ a: [Substring], _ b: [Substring], maxDifferentWords: Int = 3) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a == b { return true }
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let shared = prefix + suffix
        guard shared >= 4, max(a.count, b.count) - shared <= maxDifferentWords else { return false }
        // Words that turn a statement around are no values: "Must be called …" and "Must not be called …" differ.
        let changed = a[prefix..<(a.count - suffix)] + b[prefix..<(b.count - suffix)]
        return !changed.contains { polarityWords.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }
    }

    /// Words whose change turns a statement around (`sameTemplate`).
    static let polarityWords: Set<String> = ["not", "never", "no", "cannot", "can't", "don't", "doesn't", "must", "should", "only",
                                             "always", "before", "after", "without"]

    /// The label the writer puts before a rule (a warning from a call-out box, a deprecation that does not say so):
    /// only rules labelled alike share an item.
    static func itemLabel(_ rule: RuleCandidate) -> String {
        if rule.kind == .warning && rule.inCallout != false { return "warning" }
        if rule.kind == .deprecated && !rule.text.lowercased().contains("deprecat") { return "deprecated" }
        return ""
    }

    /// Whether a rule's text (after its label) opens by pointing at the text before it: "They …", "These …", "Such …",
    /// "Otherwise …", "Similarly, …", "That is, …".
    /// Whether a statement ends without a full stop (a letter or digit before any closing quotes, brackets or backticks).
    static func needsStop(_ text: String) -> Bool {
        guard let last = text.last(where: { !")\"'”’`".contains($0) }) else { return false }
        return last.isLetter || last.isNumber
    }

    static func pointsBack(_ text: String) -> Bool { pointsBack(text, label: leadLabel(text)) }

    /// The same, with the text's label (`leadLabel`) already read.
    static func pointsBack(_ text: String, label: String?) -> Bool {
        let body = (label.map { text.dropFirst($0.count) } ?? Substring(text)).prefix(16).lowercased()
        return backPointers.contains { body.hasPrefix($0) }
    }

    static let backPointers = ["they ", "these ", "those ", "such ", "then ", "otherwise", "similarly", "likewise", "that is", "however",
                               "in this case", "in that case", "in addition", "also, "]

    /// The text of an item joining `rules` (in page order): their texts one after another, each without the
    /// label it opens with (`leadLabel`) when the text before it is already under that label.
    static func itemText(_ rules: [RuleCandidate]) -> String {
        var out = ""
        var current: String? = nil
        for rule in rules {
            var text = rule.text
            if let label = leadLabel(text) {
                if label == current { text = String(text.dropFirst(label.count)) }
                current = label
            }
            // A statement that ends without a full stop (a Javadoc "Throws X - if …" row) is closed by one before the
            // next: "… is null. Throws IllegalArgumentException - …", not "… is null Throws …".
            if !out.isEmpty, Self.needsStop(out) { out += "." }
            out += out.isEmpty ? text : " " + text
        }
        return out
    }

    /// The label a rule's text opens with, with its ": " — names in code ("`Queue.get()`: ", "`lt()`, `le()`: ")
    /// or up to three words ("ENV: ", "Default: ", "Security: ") —; nil when the text opens with a sentence.
    static func leadLabel(_ text: String) -> String? {
        // A label is at most 200 characters: only the start of the text is read (this runs for every rule weighed).
        let chars = Array(text.prefix(204))
        func found(_ pattern: [Character]) -> Int? {
            guard chars.count >= pattern.count else { return nil }
            for k in 0...(chars.count - pattern.count) where chars[k] == pattern[0] && Array(chars[k..<(k + pattern.count)]) == pattern { return k }
            return nil
        }
        // A parameter or option entry: "`--ws-max-queue <int>` - Set the maximum …", "`--server-header` /
        // `--no-server-header` - Enable …", "color – whether the output …".
        for dash in [" - ", " – ", " — "] {
            guard let at = found(Array(dash)) else { continue }
            let head = String(chars[..<at])
            if head.first == "`", head.last == "`", head.count <= 200, isNames(Substring(head)) { return head + dash }
            if !head.isEmpty, head.count <= 40, head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return head + dash }
        }
        // The first ": " outside code ("`timeout: float`: …" is labelled by the whole span).
        var inCode = false
        var colonAt: Int? = nil
        for k in chars.indices {
            if chars[k] == "`" { inCode.toggle() } else if chars[k] == ":", !inCode, k + 1 < chars.count, chars[k + 1] == " " { colonAt = k; break }
        }
        guard let colon = colonAt, colon > 0, colon <= 200 else { return nil }
        let head = String(chars[..<colon])
        if head.first == "`" {
            guard head.last == "`", isNames(Substring(head)) else { return nil }
            return head + ": "
        }
        guard head.count <= 80 else { return nil }
        guard !head.contains("`"), head.split(separator: " ").count <= 3,
              !head.contains(where: { ".!?;,()".contains($0) }) else { return nil }
        return head + ": "
    }

    /// Joins the kept rules that `fit` put in one item (`heads[i]`: the place in `keep` of the rule whose item
    /// `keep[i]` joins) into one rule: `itemText` of them in page order; the strongest rule's kind, score and place
    /// in the ranking.
    static func joinItems(_ keep: [Ranked], heads: [Int]) -> [Ranked] {
        guard heads.count == keep.count, heads.enumerated().contains(where: { $0.offset != $0.element }) else { return keep }
        let members = Dictionary(grouping: keep.indices, by: { heads[$0] })
        var out: [Ranked] = []
        for h in keep.indices where heads[h] == h {
            let item = members[h]!.sorted { keep[$0].index < keep[$1].index }
            guard item.count > 1 else { out.append(keep[h]); continue }
            let strongest = item.max { stronger(keep[$1], keep[$0]) }!
            var rule = keep[strongest].rule
            rule.text = itemText(item.map { keep[$0].rule })
            var subjects: [String] = []
            for m in item { for s in keep[m].rule.subjects where !subjects.contains(s) { subjects.append(s) } }
            rule.subjects = subjects
            // Code that follows the item follows its last statement: only that one's longer example can come along (the
            // others' sit between statements of the item).
            rule.longExample = keep[item.last!].rule.longExample
            out.append((rule, keep[strongest].index))
        }
        return out
    }

    /// Attaches to kept rules (pages' items, `joinItems`, after every budget) the longer examples they introduce while
    /// each page's rendered bytes (as `fit` counts them) stay within `pageBudget`, and all of them within `totalBudget`:
    /// strongest rule first, each example whole or not at all, with the words that introduced it when the rule's text
    /// had left them out.
    static func addLongExamples(_ keep: [Ranked], pageBudget: Int, totalBudget: Int? = nil) -> [Ranked] {
        guard keep.contains(where: { $0.rule.longExample != nil }) else { return keep }
        var used: [String: Int] = [:]
        var links = Set<String>()
        for r in keep {
            used[r.rule.source.url, default: 0] += r.rule.itemBytes
            if links.insert(r.rule.source.link).inserted { used[r.rule.source.url, default: 0] += r.rule.linkDefinitionBytes }
        }
        var total = used.values.reduce(0, +)
        var out = keep
        for i in keep.indices.sorted(by: { stronger(keep[$0], keep[$1]) }) {
            guard let long = out[i].rule.longExample else { continue }
            out[i].rule.longExample = nil
            guard out[i].rule.example == nil else { continue }
            var rule = out[i].rule
            if let lead = long.lead {
                rule.text += (needsStop(rule.text) ? ". " : " ") + lead
            } else if long.colon, rule.text.hasSuffix(".") {
                // "… like this." introduces its example again: "… like this:".
                rule.text = String(rule.text.dropLast()) + ":"
            }
            rule.example = long.example
            let added = rule.itemBytes - out[i].rule.itemBytes
            let url = rule.source.url
            guard used[url, default: 0] + added <= pageBudget, totalBudget.map({ total + added <= $0 }) ?? true else { continue }
            used[url, default: 0] += added
            total += added
            out[i].rule = rule
        }
        return out
    }

    /// Whether `head` is code spans and nothing else but separators between them ("`a()`, `b()`", "`--x` / `--y`").
    static func isNames(_ head: Substring) -> Bool {
        var inCode = false
        for c in head {
            if c == "`" { inCode.toggle(); continue }
            if !inCode, !(c == " " || c == "," || c == "/") { return false }
        }
        return !inCode
    }

    /// Whether a rule is a row of a table written out as fields ("Property: rollbackForClassName; Type: …;
    /// Description: …", or cells joined by " | "): rows are items of their own.
    static func isTableRow(_ text: String) -> Bool {
        if text.contains(" | ") { return true }
        guard let first = text.range(of: ": "), let semi = text.range(of: "; ", range: first.upperBound..<text.endIndex) else { return false }
        let label = text[..<first.lowerBound]
        guard !label.isEmpty, label.count <= 30, label.split(separator: " ").count <= 3 else { return false }
        let after = text[semi.upperBound...]
        guard let next = after.range(of: ": ") else { return false }
        let second = after[..<next.lowerBound]
        return !second.isEmpty && second.count <= 30 && second.split(separator: " ").count <= 3 && second.first?.isUppercase == true
    }

    /// The share of the smaller of two sorted word lists that the other holds (0 when either is empty).
    static func overlapShare(_ a: [Int], _ b: [Int]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(min(a.count, b.count))
    }

    /// Function words that say nothing about what a rule is about.
    static let functionWords: Set<[UInt8]> = Set([
        "the", "and", "for", "that", "this", "with", "not", "are", "when", "can", "will", "you", "your", "from", "which",
        "use", "used", "using", "its", "their", "there", "may", "than", "into", "also", "should", "must",
    ].map { Array($0.utf8) })

    /// The content words of `text` for weighing redundancy: lower-case words of three or more
    /// letters, digits, `_` and inner dots (`session.commit` is one word, not `session`) that do
    /// not start with a digit, less function words.
    static func contentWords(_ text: String) -> Set<String> {
        var out = Set<String>()
        forEachContentWord(text) { out.insert(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Calls `body` with each content word of `text` (see `contentWords`) as lower-case UTF-8, in order.
    static func forEachContentWord(_ text: String, _ body: ([UInt8]) -> Void) {
        var cur: [UInt8] = []
        var letters = 0
        var startsWithDigit = false
        func flush() {
            while cur.last == 0x2E { cur.removeLast() }
            // Numbers alone are no content words: a rule's "2" and another's are not one subject.
            if letters >= 3, !startsWithDigit, !functionWords.contains(cur) { body(cur) }
            cur.removeAll(keepingCapacity: true)
            letters = 0
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x2E {
                // An inner dot joins a dotted name; a trailing one is cut off at the end of the word.
                if !cur.isEmpty { cur.append(0x2E) }
                continue
            }
            let isDigit: Bool, isWordCharacter: Bool
            if v < 0x80 {
                isDigit = v >= 0x30 && v <= 0x39
                isWordCharacter = isDigit || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
            } else {
                isDigit = scalar.properties.numericType != nil && !scalar.properties.isAlphabetic
                // Combining marks belong to their letter ("u" + U+0308 in decomposed text).
                let mark = scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .spacingMark
                isWordCharacter = isDigit || scalar.properties.isAlphabetic || (mark && !cur.isEmpty)
            }
            guard isWordCharacter else { flush(); continue }
            if cur.isEmpty { startsWithDigit = isDigit }
            if v < 0x80 {
                cur.append(v >= 0x41 && v <= 0x5A ? UInt8(v) + 0x20 : UInt8(v))
            } else {
                cur.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
            letters += 1
        }
        flush()
    }

    /// The section (first heading below the page title) and subsection a rule comes from.
    static func sectionKeys(_ source: SourceRef) -> (String, String) {
        let crumbs = source.breadcrumb
        let section = crumbs.prefix(2).joined(separator: " › ")
        let subsection = crumbs.prefix(3).joined(separator: " › ")
        return (source.url + "|" + section, source.url + "|" + subsection)
    }

    /// The title a page's file name gives it ("go-memory-model.html" → "Go memory model"); nil for an index page or a
    /// URL without a file name.
    public static func fileTitle(_ url: String) -> String? { TopicGrouping.fileTitle(url) }

    /// Merges `b` into `a`: the stronger text wins; subjects are united; an example is kept.
    static func merge(_ a: RuleCandidate, _ b: RuleCandidate) -> RuleCandidate {
        var subjects = a.subjects
        for s in b.subjects where !subjects.contains(s) { subjects.append(s) }
        var winner = b.score > a.score ? b : a
        winner.subjects = subjects
        if winner.example == nil { winner.example = a.example ?? b.example }
        return winner
    }

    /// Most API names one rule made of several copies of a statement opens with.
    static let maxNamesPerRule = 4

    /// Merges rules of one page that say nearly the same thing (same words, small differences) about the same API:
    /// rules that open with different names ("`assume_init_read()`: … is undefined behavior", "`assume_init_ref()`:
    /// …"), or one with a name and one without, are about different things.
    /// The same statement made of several APIs of one page ("`lt()`: Panics if the value in either `RefCell` is
    /// currently mutably borrowed." and the same for `le()`, `gt()` …) is one rule that names them all (up to
    /// `maxNamesPerRule`): "`lt()`, `le()`, `gt()`: Panics if …".
    static func mergeNearDuplicates(_ rules: [Ranked], threshold: Double) -> [Ranked] {
        let words = rules.map { wordSet($0.rule.text) }
        var names = rules.map { namePrefix($0.rule) }
        // The names a rule opens with and the text after them (for rules that open with a name).
        var named: [(names: [String], rest: String)?] = rules.indices.map { i in
            names[i].map { prefix in ([String(prefix.dropLast(2))], String(rules[i].rule.text.dropFirst(prefix.count))) }
        }
        var keep = [Bool](repeating: true, count: rules.count)
        var result = rules
        let byPage = Dictionary(grouping: rules.indices, by: { rules[$0].rule.source.url })
        for url in byPage.keys.sorted() {
            let idx = byPage[url]!
            // One statement about several APIs.
            for (n, i) in idx.enumerated() where keep[i] && named[i] != nil {
                for j in idx[(n + 1)...] where keep[j] && named[j] != nil && named[i]!.rest == named[j]!.rest
                    && named[i]!.names.count + named[j]!.names.count <= maxNamesPerRule
                    && Set(named[i]!.names).isDisjoint(with: named[j]!.names) {
                    let bWins = (result[j].rule.score, -result[j].index) > (result[i].rule.score, -result[i].index)
                    let (w, l) = bWins ? (j, i) : (i, j)
                    let together = (named[i]!.names + named[j]!.names, named[i]!.rest)
                    result[w].rule = merge(result[i].rule, result[j].rule)
                    names[w] = together.0.joined(separator: ", ") + ": "
                    result[w].rule.text = names[w]! + together.1
                    named[w] = together
                    // (Its near-duplicates below are those that open with the same names.)
                    keep[l] = false
                    if bWins { break }
                }
            }
            for (n, i) in idx.enumerated() where keep[i] && words[i].count >= 5 {
                for j in idx[(n + 1)...] where keep[j] && words[j].count >= 5 && names[i] == names[j] {
                    let (small, large) = words[i].count <= words[j].count ? (words[i], words[j]) : (words[j], words[i])
                    // Jaccard needs |small| / |large| >= threshold; skip pairs that cannot reach it.
                    guard Double(small.count) >= threshold * Double(large.count) else { continue }
                    var inter = 0
                    for w in small where large.contains(w) { inter += 1 }
                    let union = small.count + large.count - inter
                    guard union > 0, Double(inter) / Double(union) >= threshold else { continue }
                    let a = result[i], b = result[j]
                    let bWins = (b.rule.score, -b.index) > (a.rule.score, -a.index)
                    let merged = merge(a.rule, b.rule)
                    if bWins { result[j].rule = merged; keep[i] = false; break } else { result[i].rule = merged; keep[j] = false }
                }
            }
        }
        return rules.indices.filter { keep[$0] }.map { result[$0] }
    }

    /// Merges rules of different pages of one topic that are one text with other names in it —
    /// documentation generated per type (rustdoc's `AtomicI8` … `AtomicU64` pages each say
    /// "`from_ptr()`: ptr must be aligned to `align_of::<AtomicI16>()` …"): the strongest copy stays
    /// (the first page by URL on a tie), with the others' subjects.
    static func mergeTemplateCopies(_ rules: [Ranked], topic: (String) -> String) -> [Ranked] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (i, r) in rules.enumerated() {
            guard let shape = templateShape(r.rule.text) else { continue }
            let key = topic(r.rule.source.url) + "\u{0}" + shape
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var keep = [Bool](repeating: true, count: rules.count)
        var result = rules
        for key in order {
            let members = groups[key]!
            guard Set(members.map { rules[$0].rule.source.url }).count > 1 else { continue }
            let best = members.min { a, b in
                let ra = rules[a], rb = rules[b]
                return (-ra.rule.score, ra.rule.source.url, ra.index) < (-rb.rule.score, rb.rule.source.url, rb.index)
            }!
            for m in members where m != best {
                result[best].rule = merge(result[best].rule, rules[m].rule)
                keep[m] = false
            }
            // The kept copy's own words and link, whichever copy `merge` preferred.
            result[best].rule.text = rules[best].rule.text
            result[best].rule.source = rules[best].rule.source
        }
        return rules.indices.filter { keep[$0] }.map { result[$0] }
    }

    /// A rule's text with every name masked (a code span, or a word with a letter and a digit, inner
    /// capitals, `_` or `::`) but the API prefix it opens with; nil when it does not open with one, has
    /// fewer than six words or nothing to mask.
    static func templateShape(_ text: String) -> String? {
        // On UTF-8 bytes: this runs for every rule of a compile.
        let bytes = Array(text.utf8)
        var words = 0
        for (n, b) in bytes.enumerated() where b == 0x20 && n > 0 && bytes[n - 1] != 0x20 { words += 1 }
        guard words + 1 >= 6 else { return nil }
        // Only a rule about one API ("`from_ptr()`: …"): per-type copies are API entries; two settings'
        // rules that merely read alike ("The `a` setting must be at least 10 …") are not copies.
        guard bytes.first == 0x60, let firstSpace = bytes.firstIndex(of: 0x20), firstSpace >= 3,
              bytes[firstSpace - 2] == 0x60, bytes[firstSpace - 1] == 0x3A else { return nil }
        var shape: [UInt8] = []
        shape.reserveCapacity(bytes.count)
        var masked = 0
        var wordIndex = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 { i += 1; continue }
            var j = i
            while j < bytes.count, bytes[j] != 0x20 { j += 1 }
            let word = bytes[i..<j]
            if !shape.isEmpty { shape.append(0x20) }
            // The API a rule is about (the guard above: "`from_ptr()`: …") stays: rules about different calls never merge.
            let isPrefix = wordIndex == 0
            // A name: a code span, or a word with a letter and a digit, `_`, `::` or an inner capital
            // (`AtomicI16`, `i16`, `max_value`). Plain numbers stay: "at least 10" is not "at least 5".
            var isName = false
            if !isPrefix {
                var previousColon = false, marked = false, letter = false
                for (k, c) in zip(word.indices, word) {
                    if c == 0x60 { isName = true; break }
                    let upper = c >= 0x41 && c <= 0x5A, lower = c >= 0x61 && c <= 0x7A
                    if upper || lower { letter = true }
                    if c == 0x5F || (c >= 0x30 && c <= 0x39) || (c == 0x3A && previousColon) || (k != word.startIndex && upper) { marked = true }
                    previousColon = c == 0x3A
                }
                if marked && letter { isName = true }
            }
            if isName {
                masked += 1
                shape.append(0xC2); shape.append(0xA7)   // "§"
            } else if isPrefix {
                shape.append(contentsOf: word)
            } else {
                for c in word { shape.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c) }
            }
            wordIndex += 1
            i = j
        }
        return masked > 0 ? String(decoding: shape, as: UTF8.self) : nil
    }

    /// The lower-case words (letters, digits, `_`) of `text`.
    static func wordSet(_ text: String) -> Set<String> {
        var out = Set<String>()
        var cur = String.UnicodeScalarView()
        func flush() { if !cur.isEmpty { out.insert(String(cur)); cur = String.UnicodeScalarView() } }
        for scalar in text.lowercased().unicodeScalars {
            let v = scalar.value
            let word = v < 0x80 ? ((v >= 97 && v <= 122) || (v >= 48 && v <= 57) || v == 95 || (v >= 65 && v <= 90))
                : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            if word { cur.append(scalar) } else { flush() }
        }
        flush()
        return out
    }

    /// Normalised text for duplicate detection: lower-case letters and digits only.
    static func key(_ text: String) -> String {
        String(decoding: keyBytes(text), as: UTF8.self)
    }

    /// `key` as UTF-8 bytes: ASCII letters and digits lower-cased byte by byte, other scalars
    /// kept when alphanumeric (lower-cased).
    static func keyBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v >= 65 && v <= 90 { out.append(UInt8(v + 32)) } else if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { out.append(UInt8(v)) }
            } else if CharacterSet.alphanumerics.contains(scalar) {
                for l in String(scalar).lowercased().unicodeScalars where CharacterSet.alphanumerics.contains(l) { out.append(contentsOf: Array(String(l).utf8)) }
            }
        }
        return out
    }

    /// Whether `needle` occurs in `hay` (byte-wise; both are normalised keys, so a byte match is a
    /// match of whole characters).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = hay.count
        guard n > 0 else { return true }
        guard n <= h else { return false }
        let first = needle[0]
        return hay.withUnsafeBufferPointer { hp in
            needle.withUnsafeBufferPointer { np in
                var i = 0
                let last = h - n
                while i <= last {
                    if hp[i] == first {
                        var k = 1
                        while k < n && hp[i + k] == np[k] { k += 1 }
                        if k == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Drops a rule whose normalised text is contained in another rule of the same page (an
    /// anaphoric rule that already carries its predecessor makes the predecessor redundant; a page
    /// that says "You can't use `source` and `content` in the same block" in two sections needs it
    /// once, when the longer one ranks at least as high). A rule about an API opens with its name, so
    /// rules about different APIs never contain each other.
    static func dropContained(_ rules: [(rule: RuleCandidate, index: Int)]) -> [(rule: RuleCandidate, index: Int)] {
        let keys = rules.map { keyBytes($0.rule.text) }
        // (Each rule's link once: built in the pair loop it cost a string per pair, most of a large page's link time.)
        let links = rules.map { $0.rule.source.link }
        var keep = [Bool](repeating: true, count: rules.count)
        let byPage = Dictionary(grouping: rules.indices, by: { rules[$0].rule.source.url })
        for (_, idx) in byPage {
            // Only longer keys can contain a key: look at candidates in decreasing length.
            let byLength = idx.sorted { keys[$0].count > keys[$1].count }
            for (n, i) in byLength.enumerated() where keys[i].count >= 20 {
                // From another section only a carrier at least as strong replaces it: a weaker one may say it
                // under a condition, and may not survive the budget.
                for j in byLength[..<n] where keep[j] && keys[j].count > keys[i].count
                    && (links[j] == links[i] || rules[j].rule.score >= rules[i].rule.score)
                    && contains(keys[j], keys[i]) {
                    keep[i] = false
                    break
                }
            }
        }
        return rules.indices.filter { keep[$0] }.map { rules[$0] }
    }

    static func describe(title: String, siteName: String, rules: [RuleCandidate]) -> String {
        // The names the file's rules are most about, most often named first (a rule's own API counts twice), each
        // once ("deflateEnd()" and "deflateEnd" are one name).
        var weight: [String: Int] = [:], first: [String: Int] = [:], form: [String: String] = [:]
        var order = 0
        for r in rules {
            for (k, s) in r.subjects.enumerated() where Self.describesTopic(s) {
                let label = k == 0 && r.text.hasPrefix("`")
                // A plain lower-case word the text names in passing is as often an example's name ("web", "foo",
                // "status") as an API: only a rule's own label counts it.
                if !label, s.allSatisfy({ $0.isLowercase }) { continue }
                let key = Self.bareName(s)
                weight[key, default: 0] += label ? 2 : 1
                if first[key] == nil { first[key] = order; form[key] = s; order += 1 }
            }
        }
        // An overload named with several parameter types ("tryAcquire(long, TimeUnit)") reads as two names in a list
        // of names, and a call with its arguments ("malloc(100)", "setPrevCount(count)") is an example's: either is
        // named as a call. One parameter type stays ("validate(long)").
        // (A title that already opens with the site's name — "PostgreSQL: Documentation: 18: SELECT" on "PostgreSQL
        // Documentation" — is not prefixed with it again.)
        func words(_ s: String) -> [Substring] { s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
        let siteWords = words(siteName)
        let base = title == siteName ? "\(siteName) guidance"
            : (!siteWords.isEmpty && words(title).starts(with: siteWords) ? title : "\(siteName): \(title)")
        let subjects = weight.keys.sorted { (weight[$0]!, -first[$0]!) > (weight[$1]!, -first[$1]!) }.compactMap { key -> String? in
            let name = form[key]!
            guard name.hasSuffix(")"), let open = name.firstIndex(of: "("), open != name.startIndex else { return name }
            let arguments = name[name.index(after: open)..<name.index(before: name.endIndex)]
            guard !arguments.isEmpty, !arguments.contains("*"), !arguments.hasSuffix(":"), arguments.contains(",") || !Self.isTypeName(arguments)
            else { return name }
            return String(name[..<open]) + "()"
        }
        // Up to four names, as many as fit in about 80 characters: a description is read at a glance.
        var named: [String] = []
        for s in subjects.prefix(4) where named.isEmpty || named.joined(separator: ", ").count + 2 + s.count <= 80 { named.append(s) }
        let about = named.joined(separator: ", ")
        return about.isEmpty ? base : "\(base) (\(about))"
    }
}

extension Linker {
    /// Literals and keywords: code, but no name of what a file is about.
    static let literalNames: Set<String> = ["true", "false", "none", "null", "nil", "undefined", "self", "this", "with", "as", "in",
                                            "is", "not", "and", "or", "if", "else", "for", "while", "return", "let", "var", "const",
                                            "new", "void", "async", "await", "yield", "import", "from", "def", "fn", "pub", "mut"]

    /// Whether a name the rules carry tells what a file is about: not a name of one or two letters ("f", "*p"), a
    /// literal or keyword (`True`, `None`, `with`), a statement (`var = 20;`) or expression (`g != nil`), a path
    /// (`/download/`) or an escape.
    static func describesTopic(_ s: String) -> Bool {
        guard s.count <= 40, s.unicodeScalars.filter(\.properties.isAlphabetic).count >= 3 else { return false }
        if literalNames.contains(s.lowercased()) { return false }
        if s.hasPrefix("/") || s.contains("\\") || s.contains(";") || s.contains(" = ") { return false }
        // An expression ("g != nil", "prevCount !== count"): a word of operators alone.
        if s.split(separator: " ").contains(where: { $0.allSatisfy { !$0.isLetter && !$0.isNumber } }) { return false }
        // A quoted string is a value ("hello, world").
        if let q = s.first, "\"'“‘".contains(q) { return false }
        // A plural of an abbreviation ("APIs", "FIFOs") is a word of the prose.
        if s.count >= 3, s.last == "s", s.dropLast().allSatisfy({ $0.isUppercase }) { return false }
        // A setting written with its value (`stdout=PIPE`, `mode="binary"`) is an example's; an option stays (`--xml=<yes|no>`).
        if s.contains("="), !s.hasPrefix("-"), !s.contains("("), !s.hasPrefix("operator") { return false }
        // A URL scheme ("http://", "socks5h://") is a value.
        if s.hasSuffix("://") { return false }
        // A fragment of an expression (".stdout.read"; a dot file, ".gitignore", is a name), or a command with a quoted
        // value (`--features "foo bar"`).
        // (A single quote that opens a word is Rust's lifetime: `Cow<'a, B>`, `&'static str`.)
        let quoted = s.dropFirst().contains(where: { "\"“”".contains($0) }) || s.hasSuffix("'") || s.hasSuffix("’") || s.contains("' ")
            || s.contains("('") || s.contains("['")
        if (s.hasPrefix(".") && s.dropFirst().contains(".")) || quoted { return false }
        // An example's placeholder ("foo.png", "tests.foo.test_view", "foobar/") or a picture it names ("logo.svg").
        // (Split at dots and slashes only: `progress_bar` is one name.)
        let parts = s.lowercased().split(whereSeparator: { $0 == "." || $0 == "/" })
        if parts.contains(where: { placeholderNames.contains(String($0)) }) { return false }
        if let ext = parts.last, parts.count > 1, s.contains("."), mediaExtensions.contains(String(ext)) { return false }
        // A host and port an example serves on ("localhost:9000", "127.0.0.1:8080").
        if let colon = s.lastIndex(of: ":"), s[s.index(after: colon)...].count >= 2, s[s.index(after: colon)...].allSatisfy(\.isNumber) { return false }
        // The word "example" in code (`example`, `example.com`) is the example's own name.
        if parts.first == "example" || parts.first == "examples" { return false }
        return true
    }

    /// Names examples use for anything: no API of the page. ("bar" is a word of real names too: `progress_bar`.)
    static let placeholderNames: Set<String> = ["foo", "baz", "qux", "quux", "foobar", "spam", "eggs", "hoge", "fuga"]
    /// Files an example shows but no API is: pictures and documents (`zip` is also Python's `builtins.zip`).
    static let mediaExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "bmp", "pdf", "mp3", "mp4", "wav", "html", "htm"]

    /// Whether a call's one argument is a type ("long", "Object", "TimeUnit"), not a value or a variable ("100", "count").
    static func isTypeName(_ s: Substring) -> Bool {
        let primitives: Set<Substring> = ["long", "int", "short", "byte", "char", "boolean", "double", "float", "void", "bool", "str", "usize",
                                          "isize", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64"]
        let t = s.trimmingCharacters(in: .whitespaces)
        if primitives.contains(Substring(t)) { return true }
        guard let first = t.first, first.isUppercase else { return false }
        return t.allSatisfy { $0.isLetter || $0.isNumber || "_.<>[]?".contains($0) || $0 == " " }
    }

    /// A name without its call parentheses or parameter list and its owner: `validate(long)`, `validate()` and
    /// `StampedLock.validate()` are `validate`.
    static func bareName(_ s: String) -> String {
        var name = Substring(s)
        if let paren = name.firstIndex(of: "("), paren != name.startIndex, name.hasSuffix(")") { name = name[..<paren] }
        if let dot = name.range(of: ".", options: .backwards) ?? name.range(of: "::", options: .backwards), dot.upperBound < name.endIndex,
           dot.lowerBound > name.startIndex {
            name = name[dot.upperBound...]
        }
        return String(name)
    }
}

/// What Link needs to know about a compiled page.
public struct PageInfo: Sendable, Hashable, Codable {
    public var url: String
    public var title: String
    /// The top-level entry of the site's table of contents the page sits under, when known.
    public var chapter: String?

    public init(url: String, title: String, chapter: String? = nil) {
        self.url = url
        self.title = title
        self.chapter = chapter
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
            // A page without a title is named by its file ("go-memory-model.html" → "Go memory model"), else the site.
            return Dictionary(pages.map { page in
                let title = page.title.isEmpty ? Self.fileTitle(page.url) ?? siteName : page.title
                return (page.url, (key: title, title: title))
            }, uniquingKeysWith: { a, _ in a })
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
        // A folder that holds a single page is titled by that page ("Client API", not "Api").
        for page in pages where counts[result[page.url]?.key ?? ""] == 1 && !page.title.isEmpty {
            result[page.url]?.title = page.title
        }
        // Pages of one stem whose titles differ (rustdoc's `struct.HashMap.html`, `struct.HashSet.html`) are
        // titled by the stem, not by whichever of them came first.
        var titlesOf: [String: Set<String>] = [:]
        for (_, k) in result { titlesOf[k.key, default: []].insert(k.title) }
        for (url, k) in result where (titlesOf[k.key]?.count ?? 0) > 1 { result[url]?.title = Self.humanize(k.key) }
        // A flat folder of many pages (mdBook's `ch16-00-concurrency.html`, `ch16-01-threads.html`, …): numbered
        // pages whose names share a first word are one topic, titled by its first page ("Fearless Concurrency").
        // A flat folder of many pages grouped by the site's own table of contents: each page under its
        // chapter (the nomicon's "Concurrency and Parallelism" holds `races.html`, `send-and-sync.html`, …).
        if counts.count > maxTopics {
            var chapters: [String: [Int]] = [:]
            for (n, page) in pages.enumerated() {
                guard let chapter = page.chapter, !chapter.isEmpty, let k = result[page.url], counts[k.key] == 1,
                      paths[n].count == common.count + 1 else { continue }
                chapters[chapter, default: []].append(n)
            }
            var usedSlugs = Set(counts.keys.map { Slug.make($0, fallback: "") }).union(["general", "overview"])
            // A folder of the same name is the same chapter (the Reference's `names.html` and `names/…`).
            var folderOfSlug: [String: (key: String, title: String)] = [:]
            for (n, page) in pages.enumerated() where paths[n].count > common.count + 1 {
                if let k = result[page.url] { folderOfSlug[Slug.make(k.key, fallback: "")] = k }
            }
            for (chapter, members) in chapters.sorted(by: { $0.key < $1.key }) {
                let folder = folderOfSlug[Slug.make(chapter, fallback: "")]
                guard members.count >= 2 || folder != nil else { continue }
                for n in members { usedSlugs.remove(Slug.make(result[pages[n].url]!.key, fallback: "")) }
                var target: (key: String, title: String) = (chapter, chapter)
                if let folder {
                    target = folder
                } else {
                    // A title without Latin letters names no file: its first page's file name does ("p01").
                    if Slug.make(chapter, fallback: "").isEmpty, let first = members.map({ pages[$0].url }).min() {
                        target.key = Self.pathComponents(first).last.map { String($0.split(separator: ".").first ?? Substring($0)) } ?? chapter
                    }
                    let base = target.key
                    var k = 2
                    while Slug.make(target.key, fallback: "").isEmpty || usedSlugs.contains(Slug.make(target.key, fallback: "")) {
                        target.key = "\(base) \(k)"
                        k += 1
                    }
                }
                usedSlugs.insert(Slug.make(target.key, fallback: ""))
                for n in members {
                    counts[result[pages[n].url]!.key] = nil
                    result[pages[n].url] = target
                    counts[target.key, default: 0] += 1
                }
            }
        }
        if counts.count > maxTopics {
            var groups: [String: [Int]] = [:]
            for (n, page) in pages.enumerated() {
                guard let k = result[page.url], counts[k.key] == 1, paths[n].count == common.count + 1 else { continue }
                // Numbered parts only (`ch16-01-threads`, `appendix-01-keywords`): `manual-core` and `manual-intro`
                // are chapters of their own, and Doxygen's `classns_1_1Alpha` / `dir_1a2b` are no parts.
                guard let prefix = Self.numberedPartPrefix(k.key) else { continue }
                groups[prefix, default: []].append(n)
            }
            // File names already taken (compared as file names: "Overview" and "overview" are one).
            var usedSlugs = Set(counts.keys.map { Slug.make($0, fallback: "") }).union(["general", "overview"])
            for (prefix, members) in groups.sorted(by: { $0.key < $1.key }) where members.count >= 2 {
                for n in members { usedSlugs.remove(Slug.make(result[pages[n].url]!.key, fallback: "")) }
                let first = members.min { pages[$0].url < pages[$1].url }!
                let title = pages[first].title.isEmpty ? Self.humanize(prefix) : pages[first].title
                // The title when it makes a file name of its own (not one of non-Latin letters only), else the prefix.
                var key = [title, prefix].first { let slug = Slug.make($0, fallback: ""); return !slug.isEmpty && !usedSlugs.contains(slug) }
                if key == nil {
                    var n = 2
                    while usedSlugs.contains(Slug.make("\(prefix)-\(n)")) { n += 1 }
                    key = "\(prefix)-\(n)"
                }
                let chosen = key!
                usedSlugs.insert(Slug.make(chosen))
                for n in members {
                    counts[result[pages[n].url]!.key] = nil
                    result[pages[n].url] = (chosen, title)
                    counts[chosen, default: 0] += 1
                }
            }
        }
        if counts.count > maxTopics {
            let keepKeys = Set(counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(maxTopics - 1).map(\.key))
            for (url, k) in result where !keepKeys.contains(k.key) { result[url] = ("general", "General") }
        }
        return result
    }

    /// `ch16-01-threads` → `ch16`, `appendix-01-keywords` → `appendix`: a lower-case word (digits may follow
    /// it), a hyphen, a number, then a hyphen or the end. Nil for anything else.
    static func numberedPartPrefix(_ stem: String) -> String? {
        guard let cut = stem.firstIndex(of: "-") else { return nil }
        let prefix = stem[..<cut]
        guard prefix.count >= 2, prefix.first.map({ $0.isASCII && $0.isLowercase }) == true,
              prefix.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) else { return nil }
        let rest = stem[stem.index(after: cut)...]
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return nil }
        let after = rest.dropFirst(digits.count)
        guard after.isEmpty || after.first == "-" else { return nil }
        return String(prefix)
    }

    static func pathComponents(_ url: String) -> [String] {
        // URLComponents keeps the trailing slash that URL.path drops ("/en/2.3/" is a folder).
        guard let c = URLComponents(string: url) else { return [url] }
        let path = c.percentEncodedPath
        var comps = path.split(separator: "/").map(String.init)
        if path.hasSuffix("/") || comps.isEmpty { comps.append("index.html") }
        return comps
    }

    /// The title a page's file name gives it: its stem without an HTML extension, in words; nil for an index page or
    /// a URL without a file name.
    static func fileTitle(_ url: String) -> String? {
        guard let component = pathComponents(url).last else { return nil }
        let last = component.removingPercentEncoding ?? component
        var stem = Substring(last)
        for ext in [".html.gz", ".htm.gz", ".html", ".htm"] where stem.lowercased().hasSuffix(ext) {
            stem = stem.dropLast(ext.count)
            break
        }
        guard !stem.isEmpty, stem.lowercased() != "index", stem.contains(where: \.isLetter) else { return nil }
        let words = humanize(String(stem)).split(separator: " ").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static func humanize(_ s: String) -> String {
        let words = s.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
