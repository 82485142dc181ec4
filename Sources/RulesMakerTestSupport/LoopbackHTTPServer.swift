import Foundation
import Synchronization

/// A request as the loopback server received it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path with query, as sent on the request line.
    public var target: String
    /// Header fields in order, names lower-cased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Which connection it came on (for keep-alive checks).
    public var connection: Int
    public var received: ContinuousClock.Instant

    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.last(where: { $0.name == n })?.value
    }

    /// The path without the query string.
    public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
}

/// A scripted response.
public struct ServerResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Wait this long before answering (to provoke timeouts).
    public var delay: Duration?

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [], delay: Duration? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    public static func html(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + headers, body: Array(text.utf8))
    }

    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }

    public static let notFound = ServerResponse.text("not found", status: 404)
}

/// A real HTTP/1.1 server on 127.0.0.1 for tests: one thread per connection, keep-alive,
/// `Content-Length` bodies, a request log and a high-water mark of concurrent requests.
/// It listens on an ephemeral port and never binds anything but loopback.
public final class LoopbackHTTPServer: Sendable {
    public typealias Handler = @Sendable (RecordedRequest) -> ServerResponse

    private struct State: Sendable {
        var log: [RecordedRequest] = []
        var inFlight = 0
        var maxInFlight = 0
        var connections = 0
        var stopped = false
        var clientFDs: Set<Int32> = []
    }

    public let port: Int
    private let listenFD: Int32
    private let handler: Handler
    private let state = Mutex(State())

    /// Starts listening at once; `handler` answers every request.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        (listenFD, port) = try LoopbackSocket.bind(listening: true)
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    /// A convenience server answering from a path → response table (404 otherwise).
    public convenience init(routes: [String: ServerResponse]) throws {
        try self.init { request in routes[request.path] ?? routes[request.target] ?? .notFound }
    }

    deinit { stop() }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.log } }

    /// The largest number of requests that were being answered at the same time.
    public var maxConcurrentRequests: Int { state.withLock { $0.maxInFlight } }

    /// How many TCP connections were accepted.
    public var connectionCount: Int { state.withLock { $0.connections } }

    public func clearLog() { state.withLock { $0.log.removeAll(); $0.maxInFlight = 0 } }

    /// Stops accepting and closes open connections.
    public func stop() {
        let fds = state.withLock { s -> Set<Int32>? in
            if s.stopped { return nil }
            s.stopped = true
            return s.clientFDs
        }
        guard let fds else { return }
        // Only shut down here: the accept thread closes the descriptor when accept() fails, so the
        // number cannot be reused by another test's socket while that thread may still use it.
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        defer { close(listenFD) }
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let id = state.withLock { s -> Int? in
                if s.stopped { return nil }
                s.connections += 1
                s.clientFDs.insert(client)
                return s.connections
            }
            guard let id else { close(client); return }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in self.serve(client, connection: id) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.withLock { _ = $0.clientFDs.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // Read until the end of the header block.
            var headerEnd: Int?
            while headerEnd == nil {
                if let r = Self.find([13, 10, 13, 10], in: buffer) { headerEnd = r; break }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
                if buffer.count > 1 << 20 { return }
            }
            let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
            buffer.removeFirst(headerEnd! + 4)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var headers: [(name: String, value: String)] = []
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            let length = Int(headers.last(where: { $0.name == "content-length" })?.value ?? "0") ?? 0
            while buffer.count < length {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            let request = RecordedRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                                          body: body, connection: connection, received: .now)
            state.withLock { s in
                s.log.append(request)
                s.inFlight += 1
                s.maxInFlight = max(s.maxInFlight, s.inFlight)
            }
            var response = handler(request)
            if let delay = response.delay { Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18) }
            state.withLock { $0.inFlight -= 1 }
            let closeAfter = request.header("connection")?.lowercased() == "close"
            if request.method == "HEAD" { response.body = [] }
            var out = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
            var hasLength = false
            for (name, value) in response.headers {
                if name.lowercased() == "content-length" { hasLength = true }
                out += "\(name): \(value)\r\n"
            }
            if !hasLength { out += "Content-Length: \(response.body.count)\r\n" }
            if closeAfter { out += "Connection: close\r\n" }
            out += "\r\n"
            guard writeAll(fd, Array(out.utf8) + response.body) else { return }
            if closeAfter { return }
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && Array(haystack[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    public enum ServerError: Error { case socket(Int32) }
}

/// A loopback port that refuses every connection for as long as this value lives: a socket bound to it that never
/// listens. Tests of unreachable hosts use it instead of a stopped server, whose freed port another test running at
/// the same time may take (and then answer).
public final class RefusingPort: Sendable {
    public let port: Int
    private let fd: Int32

    public init() throws {
        (fd, port) = try LoopbackSocket.bind(listening: false)
    }

    deinit { close(fd) }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
}

/// A TCP socket bound to 127.0.0.1 on a free port: listening (a server's, `SO_REUSEADDR`) or not (a port that refuses).
enum LoopbackSocket {
    static func bind(listening: Bool) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTPServer.ServerError.socket(errno) }
        if listening {
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, !listening || listen(fd, 512) == 0 else { close(fd); throw LoopbackHTTPServer.ServerError.socket(errno) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
