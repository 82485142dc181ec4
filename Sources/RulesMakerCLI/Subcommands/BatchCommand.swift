import ArgumentParser
import Foundation
import RulesMakerCore

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Compile every source of a manifest (rules-maker.yml); keep rules-maker.lock.",
        discussion: """
        Exit codes: 0 success (or up to date); 1 some sources failed; 2 manifest or usage error;
        3 --check found outputs out of date, or --frozen found that rules-maker.lock would change.
        """
    )

    @Argument(help: "The manifest.")
    var manifest: String = "rules-maker.yml"

    @Option(name: .long, help: "Sources compiled at once. (default: number of cores)")
    var jobs: Int?

    @Flag(name: .long, help: "Compile without writing; exit 3 when any output (or the lockfile) would change.")
    var check = false

    @Flag(name: .long, help: "Fail (exit 3) if rules-maker.lock would change; write nothing else either.")
    var frozen = false

    @Option(name: .long, parsing: .upToNextOption, help: "Compile only these sources (names from the manifest).")
    var only: [String] = []

    @Option(name: .long, help: "Compile shard K of N (e.g. 2/4): sources are partitioned by a hash of their name.")
    var shard: String?

    @Option(name: .long, help: "Write a JSON report to this file ('-' for standard output).")
    var json: String?

    @Flag(name: [.short, .long], help: "Only print errors and the final line.")
    var quiet = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var options = BatchOptions()
        if let jobs {
            guard jobs >= 1 else { throw UsageError("--jobs must be at least 1") }
            options.jobs = jobs
        }
        options.check = check
        options.frozen = frozen
        options.only = only
        if let shard {
            let parts = shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
                throw UsageError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 1/4 (got '\(shard)')")
            }
            options.shard = (parts[0], parts[1])
        }
        let loaded = try BatchManifest.load(path: manifest, environment: environment)
        let terminal = isatty(2) == 1 && environment["CI"] == nil && environment["TERM"] != "dumb"
        let progress = BatchProgress(live: terminal && !quiet)
        let outcome = try await BatchRunner(manifest: loaded, options: options, observer: progress).run()
        let report = BatchReport(outcome: outcome, manifest: loaded, options: options, colour: terminal && environment["NO_COLOR"] == nil)
        report.printText(quiet: quiet)
        if environment["GITHUB_ACTIONS"] == "true" {
            report.printAnnotations()
            if let summaryPath = environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty { report.appendStepSummary(to: summaryPath) }
        }
        if let json {
            let text = report.json()
            if json == "-" { print(text) } else {
                do { try AtomicFile.write(text + "\n", to: json) } catch { throw UsageError(error.description) }
            }
        }
        throw ExitCode(report.exitStatus.rawValue)
    }
}

/// Presents a batch outcome as text, GitHub annotations, a Markdown summary or JSON.
struct BatchReport {
    let outcome: BatchOutcome
    let manifest: BatchManifest
    let options: BatchOptions
    let colour: Bool

    var failed: [SourceResult] { outcome.results.filter { $0.state == .failed } }
    var outOfDate: [SourceResult] { outcome.results.filter { !$0.stale.isEmpty || !$0.missing.isEmpty || !$0.unexpected.isEmpty } }

    var exitStatus: ExitStatus {
        if !failed.isEmpty { return .compileErrors }
        if options.check && (!outOfDate.isEmpty || outcome.lockChanged) { return .outOfDate }
        if options.frozen && outcome.lockChanged { return .outOfDate }
        return .success
    }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func printText(quiet: Bool) {
        for r in outcome.results {
            for d in r.diagnostics where !quiet || d.severity == .error {
                FileHandle.standardError.write(Data("[\(r.name)] \(d)\n".utf8))
            }
        }
        if options.check {
            for r in outOfDate {
                for p in r.stale { print("stale: \(p)"); for l in r.diffs[p] ?? [] { print(l) } }
                for p in r.missing { print("missing: \(p)") }
                for p in r.unexpected { print("unexpected: \(p) (no longer generated)") }
            }
            if outcome.lockChanged { print("stale: \(outcome.lockPath)") }
        } else if !quiet {
            for r in outcome.results {
                for p in r.written { print("wrote \(p)") }
                for p in r.removed { print("removed \(p) (no longer generated)") }
            }
        }
        if !quiet {
            let width = max(6, outcome.results.map(\.name.count).max() ?? 0)
            print("\("source".padding(toLength: width, withPad: " ", startingAt: 0))  state       pages  rules  files")
            for r in outcome.results {
                let state = r.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                let painted = r.state == .failed ? paint(state, "31") : (r.state == .stale ? paint(state, "33") : paint(state, "32"))
                print("\(r.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(painted)  \(String(format: "%5d  %5d  %5d", r.pages, r.rules, r.files.count))")
            }
        }
        if !failed.isEmpty {
            print("\(failed.count) source(s) failed: \(failed.map(\.name).joined(separator: ", "))")
        } else if options.check {
            print(outOfDate.isEmpty && !outcome.lockChanged ? "up to date" : "out of date: run `rules-maker batch \(manifest.path)` and commit the result")
        } else if options.frozen && outcome.lockChanged {
            print("\(outcome.lockPath) would change (--frozen)")
        } else if outcome.upToDate {
            print("up to date")
        } else {
            let written = outcome.results.reduce(0) { $0 + $1.written.count }
            print("\(outcome.results.count) source(s) compiled; \(written) file(s) written")
        }
    }

    /// `::error file=…::` lines that GitHub Actions shows on the run and the pull request.
    func printAnnotations() {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        for r in outcome.results {
            let line = manifest.sources.first { $0.name == r.name }?.line.map { ",line=\($0)" } ?? ""
            for d in r.diagnostics where d.severity == .error {
                print("::error file=\(manifest.path)\(line)::\(escape("[\(r.name)] \(d.stage): \(d.subject): \(d.message)"))")
            }
            if options.check {
                for p in r.stale { print("::error file=\(p)::\(escape("\(p) is out of date with the documentation; run rules-maker batch"))") }
                for p in r.missing { print("::error file=\(manifest.path)\(line)::\(escape("\(p) is missing; run rules-maker batch"))") }
                for p in r.unexpected { print("::error file=\(p)::\(escape("\(p) is no longer generated; run rules-maker batch"))") }
            }
        }
    }

    func appendStepSummary(to path: String) {
        var md = "### rules-maker \(options.check ? "check" : "batch")\n\n| source | state | pages | rules | files |\n| --- | --- | ---: | ---: | ---: |\n"
        for r in outcome.results { md += "| \(r.name) | \(r.state.rawValue) | \(r.pages) | \(r.rules) | \(r.files.count) |\n" }
        if options.check {
            for r in outOfDate {
                for p in r.stale { md += "\n- stale: `\(p)`" }
                for p in r.missing { md += "\n- missing: `\(p)`" }
                for p in r.unexpected { md += "\n- unexpected: `\(p)`" }
            }
        }
        md += "\n\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(md.utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(md.utf8))
        }
    }

    func json() -> String {
        struct SourceJSON: Encodable {
            var name: String, state: String, pages: Int, rules: Int, files: [String], written: [String], removed: [String]
            var stale: [String], missing: [String], unexpected: [String], errors: [String], warnings: [String]
        }
        struct Report: Encodable { var manifest: String; var check: Bool; var upToDate: Bool; var lockChanged: Bool; var exitCode: Int32; var sources: [SourceJSON] }
        let report = Report(manifest: manifest.path, check: options.check, upToDate: outcome.upToDate, lockChanged: outcome.lockChanged,
                            exitCode: exitStatus.rawValue, sources: outcome.results.map { r in
            SourceJSON(name: r.name, state: r.state.rawValue, pages: r.pages, rules: r.rules, files: r.files, written: r.written, removed: r.removed,
                       stale: r.stale, missing: r.missing, unexpected: r.unexpected,
                       errors: r.diagnostics.filter { $0.severity == .error }.map(\.description),
                       warnings: r.diagnostics.filter { $0.severity == .warning }.map(\.description))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(report), as: UTF8.self)) ?? "{}"
    }
}
