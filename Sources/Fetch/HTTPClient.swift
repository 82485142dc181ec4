import CCurl
import Foundation
import RulesMakerCore
import Synchronization

/// An HTTP request for `HTTPClient`.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: String
    /// Header fields in order. Names are sent as given.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Total time allowed for this request; the client's default when nil.
    public var timeout: Duration?
    public var followRedirects: Bool
    /// When set, a 2xx response whose media type (lower-cased, without parameters; "" when absent)
    /// this rejects is abandoned after its headers, without downloading the body, and fails with
    /// `HTTPError.unwantedContentType`.
    public var acceptsMediaType: (@Sendable (String) -> Bool)?

    public init(url: String, method: String = "GET", headers: [(name: String, value: String)] = [],
                body: [UInt8]? = nil, timeout: Duration? = nil, followRedirects: Bool = true,
                acceptsMediaType: (@Sendable (String) -> Bool)? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.followRedirects = followRedirects
        self.acceptsMediaType = acceptsMediaType
    }
}

/// A complete HTTP response.
public struct HTTPResponse: Sendable {
    /// The URL of the final response after redirects.
    public var url: String
    public var status: Int
    /// Header fields of the final response in order, names lower-cased.
    public var headers: [(name: String, value: String)]
    /// The decoded body (content-encoding removed).
    public var body: [UInt8]
    public var elapsed: Duration
    /// How many redirects were followed.
    public var redirects: Int

    public init(url: String, status: Int, headers: [(name: String, value: String)], body: [UInt8],
                elapsed: Duration = .zero, redirects: Int = 0) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
        self.redirects = redirects
    }

    /// The last value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.last(where: { $0.name == n })?.value
    }

    /// Headers as a dictionary, lower-cased names, last value wins.
    public var headerMap: [String: String] {
        var map: [String: String] = [:]
        for h in headers { map[h.name] = h.value }
        return map
    }
}

/// Why a request got no HTTP response.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedScheme(url: String)
    case cannotResolveHost(url: String, reason: String)
    case cannotConnect(url: String, reason: String)
    case timedOut(url: String, reason: String)
    case tooManyRedirects(url: String, limit: Int)
    case bodyTooLarge(url: String, limit: Int)
    case unwantedContentType(url: String, mediaType: String)
    case transport(url: String, code: Int, reason: String)
    case shutDown

    public var url: String? {
        switch self {
        case .invalidURL(let u): return u
        case .unsupportedScheme(let u), .cannotResolveHost(let u, _), .cannotConnect(let u, _), .timedOut(let u, _),
             .tooManyRedirects(let u, _), .bodyTooLarge(let u, _), .transport(let u, _, _), .unwantedContentType(let u, _):
            return u
        case .shutDown: return nil
        }
    }

    /// Connection-level failures worth retrying.
    public var isTransient: Bool {
        switch self {
        case .cannotConnect, .timedOut, .transport: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let u): return "invalid URL '\(u)'"
        case .unsupportedScheme(let u): return "\(u): only http and https URLs can be fetched"
        case .cannotResolveHost(let u, let r): return "\(u): cannot resolve host (\(r))"
        case .cannotConnect(let u, let r): return "\(u): cannot connect (\(r))"
        case .timedOut(let u, let r): return "\(u): timed out (\(r))"
        case .tooManyRedirects(let u, let n): return "\(u): more than \(n) redirects"
        case .bodyTooLarge(let u, let n): return "\(u): response larger than \(n) bytes, skipped"
        case .unwantedContentType(let u, let t): return "\(u): skipped: content type \(t.isEmpty ? "unknown" : t) is not HTML or text"
        case .transport(let u, let code, let r): return "\(u): transfer failed (curl \(code): \(r))"
        case .shutDown: return "the HTTP client was shut down"
        }
    }
}

/// Settings of one `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Simultaneous connections in total.
    public var maxConnections: Int = 16
    /// Simultaneous connections to one host.
    public var maxConnectionsPerHost: Int = 8
    public var connectTimeout: Duration = .seconds(10)
    /// Total time per request, including the body.
    public var requestTimeout: Duration = .seconds(30)
    public var maxRedirects: Int = 10
    /// Bodies larger than this fail with `HTTPError.bodyTooLarge`.
    public var maxBodyBytes: Int = 10 << 20
    public var userAgent: String = "rules-maker"
    /// A PEM file of CA certificates to verify HTTPS servers with, instead of the system's store
    /// (documentation behind a private CA); nil for the system's.
    public var caBundle: String? = nil

    public init() {}
}

/// An HTTP/1.1 and HTTP/2 client on libcurl's multi interface.
///
/// One background thread owns the multi handle and every easy handle; requests are handed to it
/// through a lock-protected queue and `curl_multi_wakeup`, and complete through continuations.
/// Finished easy handles are reset and reused (up to `maxConnections` of them are kept).
/// Connections are kept alive and reused; compressed responses (gzip, deflate, br, zstd) are decoded.
/// This is the only file that touches libcurl.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration

    private struct Pending: Sendable {
        let request: HTTPRequest
        let continuation: CheckedContinuation<HTTPResponse, any Error>
    }

    private struct Queue: Sendable {
        var pending: [Pending] = []
        var shutDown = false
    }

    private let queue = Mutex(Queue())
    /// The multi handle. Owned by the loop thread; other threads only call `curl_multi_wakeup` on it,
    /// which libcurl documents as safe from any thread.
    nonisolated(unsafe) private let multi: UnsafeMutableRawPointer
    private let finished = Mutex(false)

    private static let globalInit: Bool = { curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK }()

    public init(configuration: HTTPClientConfiguration = .init()) {
        _ = Self.globalInit
        self.configuration = configuration
        multi = curl_multi_init()!
        rm_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, configuration.maxConnectionsPerHost))
        rm_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, configuration.maxConnections))
        rm_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, configuration.maxConnections))
        rm_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in self.runLoop() }
        thread.name = "rules-maker.http"
        thread.start()
    }

    deinit {
        shutdown()
    }

    /// Sends one request and waits for the complete response.
    ///
    /// Any HTTP status is a response; only transport failures throw `HTTPError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            // The loop takes every pending request at once, so only the first one queued since it last
            // looked needs to wake it (a wake-up is a write to a socket pair and a read on the loop thread).
            let accepted = queue.withLock { q -> Bool? in
                if q.shutDown { return nil }
                q.pending.append(Pending(request: request, continuation: continuation))
                return q.pending.count == 1
            }
            switch accepted {
            case true?: curl_multi_wakeup(multi)
            case false?: break
            case nil: continuation.resume(throwing: HTTPError.shutDown)
            }
        }
    }

    /// Stops the loop after failing queued requests. Transfers in progress are cancelled.
    public func shutdown() {
        let first = queue.withLock { q -> Bool in
            defer { q.shutDown = true }
            return !q.shutDown
        }
        if first { curl_multi_wakeup(multi) }
    }

    // MARK: - The loop thread

    /// Per-transfer state; lives on the loop thread only and reaches curl callbacks through userdata.
    private final class Transfer {
        let request: HTTPRequest
        let continuation: CheckedContinuation<HTTPResponse, any Error>
        let maxBody: Int
        var body: [UInt8] = []
        var headers: [(name: String, value: String)] = []
        var tooLarge = false
        var status = 0
        var rejectedType: String?
        var checkedType = false
        var headerList: UnsafeMutablePointer<curl_slist>?
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        let started = ContinuousClock.now

        init(_ pending: Pending, maxBody: Int) {
            request = pending.request
            continuation = pending.continuation
            self.maxBody = maxBody
            errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        }

        deinit {
            if let headerList { curl_slist_free_all(headerList) }
            errorBuffer.deallocate()
        }
    }

    private func runLoop() {
        var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
        // Finished easy handles, reset and kept for the next requests: a handle keeps its receive buffer,
        // so reusing it saves an allocation (and the page faults of a fresh 256 KB buffer) per request.
        var idle: [UnsafeMutableRawPointer] = []
        let maxIdle = max(1, configuration.maxConnections)
        while true {
            let (incoming, stopping) = queue.withLock { q -> ([Pending], Bool) in
                defer { q.pending.removeAll() }
                return (q.pending, q.shutDown)
            }
            if stopping {
                for p in incoming { p.continuation.resume(throwing: HTTPError.shutDown) }
                for (easy, t) in transfers {
                    curl_multi_remove_handle(multi, easy)
                    curl_easy_cleanup(easy)
                    t.continuation.resume(throwing: HTTPError.shutDown)
                }
                transfers.removeAll()
                for easy in idle { curl_easy_cleanup(easy) }
                break
            }
            for p in incoming {
                let t = Transfer(p, maxBody: configuration.maxBodyBytes)
                switch makeEasy(for: t, reusing: &idle) {
                case .success(let easy):
                    transfers[easy] = t
                    curl_multi_add_handle(multi, easy)
                case .failure(let error):
                    t.continuation.resume(throwing: error)
                }
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let msg = curl_multi_info_read(multi, &remaining) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = rm_msg_easy_handle(msg) else { continue }
                let result = rm_msg_result(msg)
                curl_multi_remove_handle(multi, easy)
                if let t = transfers.removeValue(forKey: easy) {
                    complete(t, easy: easy, result: result)
                }
                if idle.count < maxIdle {
                    curl_easy_reset(easy)   // drops every option (and pointers into the finished Transfer)
                    idle.append(easy)
                } else {
                    curl_easy_cleanup(easy)
                }
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        curl_multi_cleanup(multi)
        finished.withLock { $0 = true }
    }

    private func makeEasy(for t: Transfer, reusing idle: inout [UnsafeMutableRawPointer]) -> Result<UnsafeMutableRawPointer, HTTPError> {
        let request = t.request
        guard Self.hasHTTPScheme(request.url) else {
            return .failure(URL(string: request.url) == nil ? .invalidURL(request.url) : .unsupportedScheme(url: request.url))
        }
        guard let easy = idle.popLast() ?? curl_easy_init() else {
            return .failure(.transport(url: request.url, code: -1, reason: "curl_easy_init failed"))
        }
        rm_easy_setopt_string(easy, CURLOPT_URL, request.url)
        rm_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        rm_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        rm_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        rm_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
        rm_easy_setopt_long(easy, CURLOPT_MAXREDIRS, configuration.maxRedirects)
        rm_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        rm_easy_setopt_string(easy, CURLOPT_USERAGENT, configuration.userAgent)
        rm_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        rm_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout ?? configuration.requestTimeout))
        rm_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxBodyBytes))
        rm_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if let ca = configuration.caBundle { rm_easy_setopt_string(easy, CURLOPT_CAINFO, ca) }
        // Requests that start while the first connection to a host is still negotiating wait to
        // learn whether it multiplexes (HTTP/2) instead of opening connections of their own.
        rm_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        rm_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, 256 * 1024)   // fewer, larger body callbacks
        rm_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        rm_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, t.errorBuffer)
        let box = Unmanaged.passUnretained(t).toOpaque()
        rm_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, Self.writeCallback)
        rm_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, box)
        rm_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, Self.headerCallback)
        rm_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, box)

        var list: UnsafeMutablePointer<curl_slist>? = nil
        var hasExpect = false
        for (name, value) in request.headers {
            if name.lowercased() == "expect" { hasExpect = true }
            list = curl_slist_append(list, "\(name): \(value)")
        }
        let method = request.method.uppercased()
        if let body = request.body {
            if !hasExpect { list = curl_slist_append(list, "Expect:") }
            rm_easy_setopt_long(easy, CURLOPT_POST, 1)
            rm_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = body.withUnsafeBufferPointer { buf in
                // COPYPOSTFIELDS copies the bytes; an empty body still needs a valid pointer.
                rm_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
            if method != "POST" { rm_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "HEAD" {
            rm_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        } else if method != "GET" {
            rm_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)
        }
        t.headerList = list
        if let list { rm_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list) }
        return .success(easy)
    }

    private func complete(_ t: Transfer, easy: UnsafeMutableRawPointer, result: CURLcode) {
        let url = t.request.url
        if result != CURLE_OK {
            let detail = String(cString: t.errorBuffer)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
            let error: HTTPError
            switch result {
            case CURLE_COULDNT_RESOLVE_HOST: error = .cannotResolveHost(url: url, reason: reason)
            case CURLE_COULDNT_CONNECT: error = .cannotConnect(url: url, reason: reason)
            case CURLE_OPERATION_TIMEDOUT: error = .timedOut(url: url, reason: reason)
            case CURLE_TOO_MANY_REDIRECTS: error = .tooManyRedirects(url: url, limit: configuration.maxRedirects)
            case CURLE_FILESIZE_EXCEEDED: error = .bodyTooLarge(url: url, limit: t.maxBody)
            case CURLE_WRITE_ERROR where t.tooLarge: error = .bodyTooLarge(url: url, limit: t.maxBody)
            case CURLE_WRITE_ERROR where t.rejectedType != nil: error = .unwantedContentType(url: url, mediaType: t.rejectedType!)
            case CURLE_UNSUPPORTED_PROTOCOL: error = .unsupportedScheme(url: url)
            case CURLE_URL_MALFORMAT: error = .invalidURL(url)
            default: error = .transport(url: url, code: Int(result.rawValue), reason: reason)
            }
            t.continuation.resume(throwing: error)
            return
        }
        var status = 0
        rm_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>? = nil
        rm_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &effective)
        var redirects = 0
        rm_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        let finalURL = effective.map { String(cString: $0) } ?? url
        t.continuation.resume(returning: HTTPResponse(
            url: finalURL, status: status, headers: t.headers, body: t.body,
            elapsed: ContinuousClock.now - t.started, redirects: redirects))
    }

    private static let writeCallback: rm_curl_data_callback = { data, size, count, userdata in
        let t = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
        let n = size * count
        if !t.checkedType {
            t.checkedType = true
            if let accepts = t.request.acceptsMediaType, (200..<300).contains(t.status) {
                let type = t.headers.last(where: { $0.name == "content-type" }).map { FetchedPage.mediaType(ofContentType: $0.value) } ?? ""
                if !accepts(type) {
                    t.rejectedType = type
                    return 0
                }
            }
            if let length = t.headers.last(where: { $0.name == "content-length" }).flatMap({ Int($0.value) }), length <= t.maxBody {
                t.body.reserveCapacity(length)
            }
        }
        if t.body.count + n > t.maxBody {
            t.tooLarge = true
            return 0
        }
        if let data, n > 0 {
            data.withMemoryRebound(to: UInt8.self, capacity: n) { t.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
        }
        return n
    }

    private static let headerCallback: rm_curl_data_callback = { data, size, count, userdata in
        let t = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
        let n = size * count
        guard let data, n > 0 else { return n }
        data.withMemoryRebound(to: UInt8.self, capacity: n) { HTTPClient.parseHeaderLine(UnsafeBufferPointer(start: $0, count: n), into: t) }
        return n
    }

    /// One header line as libcurl delivers it (with its CRLF): a status line starts a new response
    /// (after a redirect or 100-continue); `name: value` lines are kept with the name lower-cased.
    private static func parseHeaderLine(_ raw: UnsafeBufferPointer<UInt8>, into t: Transfer) {
        var line = raw[...]
        while let last = line.last, isSpace(last) { line = line.dropLast() }
        while let first = line.first, isSpace(first) { line = line.dropFirst() }
        if line.starts(with: "HTTP/".utf8) {
            t.headers.removeAll()
            let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
            t.status = parts.count > 1 ? Int(String(decoding: parts[1], as: UTF8.self)) ?? 0 : 0
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            var name = line[..<colon], value = line[(colon + 1)...]
            while let last = name.last, isSpace(last) { name = name.dropLast() }
            while let first = value.first, isSpace(first) { value = value.dropFirst() }
            let lowered = String(unsafeUninitializedCapacity: name.count) { buffer in
                for (i, b) in name.enumerated() { buffer[i] = (b >= 65 && b <= 90) ? b + 32 : b }
                return name.count
            }
            t.headers.append((name: lowered, value: String(decoding: value, as: UTF8.self)))
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }

    /// Whether `url` starts with `http://` or `https://` (any case).
    static func hasHTTPScheme(_ url: String) -> Bool {
        var prefix: [UInt8] = []
        for b in url.utf8.prefix(8) { prefix.append(b >= 65 && b <= 90 ? b + 32 : b) }
        return prefix.starts(with: "http://".utf8) || prefix.starts(with: "https://".utf8)
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return max(1, Int(s) * 1000 + Int(atto / 1_000_000_000_000_000))
    }

    /// The libcurl version string, for `--version` and reports.
    public static var curlVersion: String { String(cString: curl_version()) }
}
