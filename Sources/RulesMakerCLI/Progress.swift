import Fetch
import Foundation
import RulesMakerCore

/// Receives progress events from a compile.
public protocol CompileObserver: Sendable {
    /// A page of a local folder was read (crawls report through `crawlUpdate`).
    func pageFetched()
    /// The crawl's counters changed.
    func crawlUpdate(_ progress: CrawlProgress)
    func rulesFound(_ count: Int)
}

/// A one-line progress display on a terminal: pages done / queued, rules found, pages per second,
/// pages answered from the cache, errors.
/// Silent when standard error is not a terminal, in CI, or when disabled.
public final class Progress: CompileObserver {
    private struct State {
        var pages = 0; var rules = 0; var queued = 0; var cached = 0
        var lastDraw = ContinuousClock.now - .seconds(1); var drawn = false
    }
    private let state = Locked(State())
    private let started = ContinuousClock.now
    private let diagnostics: DiagnosticLog

    public init?(enabled: Bool, diagnostics: DiagnosticLog, environment: [String: String]) {
        guard enabled, isatty(2) == 1, environment["CI"] == nil, environment["TERM"] != "dumb" else { return nil }
        self.diagnostics = diagnostics
    }

    public func pageFetched() {
        state.withLock { $0.pages += 1 }
        draw()
    }

    public func crawlUpdate(_ p: CrawlProgress) {
        state.withLock { s in
            s.pages = p.done
            s.queued = p.queued
            s.cached = p.fromCache
        }
        draw()
    }

    public func rulesFound(_ n: Int) {
        state.withLock { $0.rules += n }
    }

    private func draw(force: Bool = false) {
        let line: String? = state.withLock { s in
            let now = ContinuousClock.now
            guard force || now - s.lastDraw >= .milliseconds(100) else { return nil }
            s.lastDraw = now
            s.drawn = true
            let secs = max(0.001, Double((now - started).components.seconds) + Double((now - started).components.attoseconds) / 1e18)
            let done = s.queued > 0 ? "\(s.pages)/\(s.queued)" : "\(s.pages)"
            let cached = s.cached > 0 ? ", \(s.cached) from cache" : ""
            let rate = String(format: "%.1f", Double(s.pages) / secs)
            return "\r\u{1B}[2K  \(done) pages, \(s.rules) rule candidates, \(rate) pages/s\(cached), \(diagnostics.errorCount) errors"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Clears the progress line.
    public func finish() {
        if state.value.drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
