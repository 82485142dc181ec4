import Synchronization

/// How bad a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case note, warning, error

    private var order: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.order < b.order }
}

/// A problem found in content or in a source, collected on the run rather than thrown,
/// so that one bad page never stops a compile.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public var severity: Severity
    /// The pipeline stage that found it (`fetch`, `parse`, `extract`, `emit`, …).
    public var stage: String
    /// The URL, file or model the problem is about.
    public var subject: String
    public var message: String

    public init(_ severity: Severity, stage: String, subject: String, message: String) {
        self.severity = severity
        self.stage = stage
        self.subject = subject
        self.message = message
    }

    /// One line a user can act on: `error: fetch: https://x/y: HTTP 404 Not Found`.
    public var description: String { "\(severity.rawValue): \(stage): \(subject): \(message)" }
}

/// A thread-safe collector of diagnostics shared by the stages of one run.
public final class DiagnosticLog: Sendable {
    private let storage = Mutex<[Diagnostic]>([])

    public init() {}

    public func emit(_ diagnostic: Diagnostic) { storage.withLock { $0.append(diagnostic) } }

    public func emit(_ severity: Severity, stage: String, subject: String, _ message: String) {
        emit(Diagnostic(severity, stage: stage, subject: subject, message: message))
    }

    /// All diagnostics so far, in a stable order (severity, then subject, then message).
    public var all: [Diagnostic] {
        storage.withLock { $0 }.sorted {
            ($1.severity, $0.stage, $0.subject, $0.message) < ($0.severity, $1.stage, $1.subject, $1.message)
        }
    }

    public var errorCount: Int { storage.withLock { $0.filter { $0.severity == .error }.count } }
    public var warningCount: Int { storage.withLock { $0.filter { $0.severity == .warning }.count } }
}
