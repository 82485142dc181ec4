import Emit
import Foundation
import RulesMakerCore
import Yams

/// One source of a batch manifest, with its fully resolved compile settings.
public struct BatchSource: Sendable {
    public var name: String
    /// Index in the manifest (outputs and reports keep manifest order).
    public var index: Int
    public var settings: CompileSettings
    /// Line of the source entry in the manifest.
    public var line: Int?
}

/// A parsed and validated `rules-maker.yml` batch manifest.
public struct BatchManifest: Sendable {
    public var path: String
    public var sources: [BatchSource]

    /// Keys a source entry takes besides the compile options.
    static let sourceKeys: Set<String> = ["name", "url", "urls", "path"]

    /// Loads and validates the manifest; every problem is reported at once, with `file:line`,
    /// before any network work.
    public static func load(path: String, environment: [String: String]) throws(UsageError) -> BatchManifest {
        let mapping = try ConfigMapping.load(path: path)
        var issues: [ConfigIssue] = []
        let baseDirectory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        issues += mapping.unknownKeys(allowed: ["defaults", "sources", "bedrock", "budget", "providers", "llm"], context: "the manifest")
        var defaults = CompileSettings(cacheDirectory: CompileSettings.defaultCacheDirectory(environment: environment))
        defaults.outputDirectory = baseDirectory
        // The model sections are the manifest's, for every source: `llm`, `budget`, `providers`, `bedrock`
        // (read from the file by the Bedrock client); the environment overrides them, as for `compile`.
        defaults.llm.configFile = path
        defaults.llm.apply(config: mapping, issues: &issues)
        do { try defaults.llm.apply(environment: environment) } catch { issues.append(ConfigIssue(file: "environment", line: nil, message: error.description)) }
        if let d = mapping.mapping("defaults", issues: &issues) {
            issues += d.unknownKeys(allowed: CompileSettings.configKeys, context: "defaults")
            defaults.apply(config: d, issues: &issues, context: "source", baseDirectory: baseDirectory)
        }
        guard let sourcesNode = mapping.node("sources") else {
            issues.append(ConfigIssue(file: path, line: nil, message: "no 'sources:' list: nothing to compile"))
            throw UsageError(issues.map(\.description))
        }
        guard let seq = sourcesNode.sequence else {
            issues.append(mapping.issue("sources", "must be a list of sources"))
            throw UsageError(issues.map(\.description))
        }
        var sources: [BatchSource] = []
        var names: [String: Int?] = [:]
        for (index, node) in seq.enumerated() {
            let line = node.mark?.line
            guard let entry = ConfigMapping(node: node, file: path) else {
                issues.append(ConfigIssue(file: path, line: line, message: "source #\(index + 1) must be a mapping with at least 'name' and 'url' or 'path'"))
                continue
            }
            issues += entry.unknownKeys(allowed: CompileSettings.configKeys.union(sourceKeys), context: "source #\(index + 1)")
            let name = entry.string("name", issues: &issues) ?? ""
            if name.isEmpty {
                issues.append(ConfigIssue(file: path, line: line, message: "source #\(index + 1) has no 'name'"))
            } else if Slug.make(name, fallback: "") != name {
                issues.append(entry.issue("name", "'\(name)' must be lower-case letters, digits and single hyphens (it names output files); try '\(Slug.make(name))'"))
            } else if let first = names[name] {
                issues.append(entry.issue("name", "duplicates the source on line \(first.map(String.init) ?? "?")"))
            } else {
                names[name] = entry.line("name")
            }
            var settings = defaults
            settings.apply(config: entry, issues: &issues, context: "source", baseDirectory: baseDirectory)
            settings.filePrefix = name.isEmpty ? nil : name
            var inputs: [String] = []
            if let u = entry.string("url", issues: &issues) { inputs.append(u) }
            if let us = entry.stringList("urls", issues: &issues) { inputs += us }
            for u in inputs {
                let lower = u.lowercased()
                if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) || URL(string: u)?.host == nil {
                    issues.append(entry.issue(entry.node("url") != nil ? "url" : "urls", "'\(u)' is not an http or https URL"))
                }
            }
            if let p = entry.string("path", issues: &issues) {
                let resolved = CompileSettings.resolve(p, relativeTo: baseDirectory)
                if !FileManager.default.fileExists(atPath: resolved) {
                    issues.append(entry.issue("path", "'\(p)' does not exist (resolved to \(resolved))"))
                }
                inputs.append(resolved)
            }
            if inputs.isEmpty && !name.isEmpty {
                issues.append(ConfigIssue(file: path, line: line, message: "source '\(name)' needs 'url', 'urls' or 'path'"))
            }
            for pattern in settings.include + settings.exclude where !pattern.hasPrefix("/") && !pattern.hasPrefix("*") {
                issues.append(entry.issue(entry.node("include") != nil ? "include" : "exclude", "pattern '\(pattern)' can never match: URL paths start with '/'"))
            }
            settings.inputs = inputs
            do { try settings.checkModelProviders() } catch {
                issues.append(ConfigIssue(file: path, line: line, message: "source '\(name)': \(error.description)"))
            }
            sources.append(BatchSource(name: name, index: index, settings: settings, line: line))
        }
        issues += outputClashes(sources, file: path)
        if !issues.isEmpty { throw UsageError(issues.map(\.description)) }
        return BatchManifest(path: path, sources: sources)
    }

    /// Sources that would write the same single-file output (AGENTS.md, .cursorrules, …) into one folder.
    static func outputClashes(_ sources: [BatchSource], file: String) -> [ConfigIssue] {
        var owner: [String: BatchSource] = [:]
        var issues: [ConfigIssue] = []
        let singles: [Target: [String]] = [.cursorLegacy: [".cursorrules"], .windsurfLegacy: [".windsurfrules"], .agents: ["AGENTS.md"],
                                           .claude: ["CLAUDE.md"], .copilot: [".github/copilot-instructions.md"], .llmsTxt: ["llms.txt", "llms-full.txt"]]
        for s in sources where !s.name.isEmpty {
            for t in s.settings.targets {
                for f in singles[t] ?? [] {
                    let key = (s.settings.outputDirectory as NSString).appendingPathComponent(f)
                    if let other = owner[key], other.name != s.name {
                        issues.append(ConfigIssue(file: file, line: s.line, message: "sources '\(other.name)' and '\(s.name)' would both write \(key); give one of them its own 'out'"))
                    } else {
                        owner[key] = s
                    }
                }
            }
        }
        return issues
    }

    /// The sources of shard `k` of `n` (1-based): a source belongs to the shard given by the
    /// SHA-256 of its name, so shards never overlap and adding a source moves no other.
    public func shard(_ k: Int, of n: Int) -> [BatchSource] {
        sources.filter { Self.shardIndex(of: $0.name, count: n) == k - 1 }
    }

    static func shardIndex(of name: String, count: Int) -> Int {
        let hex = ContentHash.sha256Hex(name)
        let value = UInt64(hex.prefix(15), radix: 16) ?? 0
        return Int(value % UInt64(max(count, 1)))
    }
}
