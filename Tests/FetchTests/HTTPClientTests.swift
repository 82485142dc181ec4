import Fetch
import Foundation
import RulesMakerTestSupport
import Testing

@Suite struct HTTPClientTests {
    @Test func getsBodyAndHeadersOverLoopback() async throws {
        let server = try LoopbackHTTPServer(routes: ["/hello": .html("<p>hi</p>", headers: [("ETag", "\"abc\"")])])
        let client = HTTPClient()
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/hello"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "<p>hi</p>")
        #expect(response.header("ETag") == "\"abc\"")
        #expect(server.requests.count == 1)
    }

    @Test func postsBodyAndCustomHeaders() async throws {
        let server = try LoopbackHTTPServer { req in .json("{\"echo\":\(req.body.count)}") }
        let client = HTTPClient()
        let body = Array("{\"a\":1}".utf8)
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/model/x/converse", method: "POST",
                                                         headers: [("X-Test", "yes"), ("Content-Type", "application/json")], body: body))
        #expect(response.status == 200)
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.body == body)
        #expect(seen.header("x-test") == "yes")
        #expect(seen.header("expect") == nil)
    }

    @Test func followsRedirectsAndReportsFinalURL() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/a": ServerResponse(status: 301, headers: [("Location", "/b")]),
            "/b": .html("done"),
        ])
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL + "/a"))
        #expect(response.status == 200)
        #expect(response.url == server.baseURL + "/b")
        #expect(response.redirects == 1)
    }

    @Test func redirectLoopIsAnError() async throws {
        let server = try LoopbackHTTPServer(routes: ["/loop": ServerResponse(status: 302, headers: [("Location", "/loop")])])
        var config = HTTPClientConfiguration()
        config.maxRedirects = 3
        await #expect(throws: HTTPError.tooManyRedirects(url: server.baseURL + "/loop", limit: 3)) {
            _ = try await HTTPClient(configuration: config).send(HTTPRequest(url: server.baseURL + "/loop"))
        }
    }

    @Test func slowResponseTimesOut() async throws {
        let server = try LoopbackHTTPServer { _ in ServerResponse(status: 200, body: [1], delay: .seconds(3)) }
        let client = HTTPClient()
        await #expect {
            _ = try await client.send(HTTPRequest(url: server.baseURL + "/slow", timeout: .milliseconds(300)))
        } throws: { error in
            if case .timedOut = error as? HTTPError { return true } else { return false }
        }
    }

    @Test func refusedConnectionIsReported() async throws {
        // A port bound but never listening refuses for as long as it is held (a stopped server's port may be taken
        // by another test's server in the meantime).
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let url = refusing.baseURL + "/"
        await #expect {
            _ = try await HTTPClient().send(HTTPRequest(url: url))
        } throws: { error in
            if case .cannotConnect = error as? HTTPError { return true } else { return false }
        }
    }

    @Test func oversizedBodyIsRejected() async throws {
        let server = try LoopbackHTTPServer { _ in ServerResponse(status: 200, body: [UInt8](repeating: 65, count: 200_000)) }
        var config = HTTPClientConfiguration()
        config.maxBodyBytes = 100_000
        await #expect {
            _ = try await HTTPClient(configuration: config).send(HTTPRequest(url: server.baseURL + "/big"))
        } throws: { error in
            if case .bodyTooLarge = error as? HTTPError { return true } else { return false }
        }
    }

    @Test func decodesGzip() async throws {
        // "hello gzip" compressed with gzip -n.
        let gz: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
                           0x48, 0xaf, 0xca, 0x2c, 0x00, 0x00, 0x19, 0x6a, 0xd2, 0xdf, 0x0a, 0x00, 0x00, 0x00]
        let server = try LoopbackHTTPServer { _ in ServerResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: gz) }
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL + "/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "hello gzip")
        #expect(server.requests.first?.header("accept-encoding")?.contains("gzip") == true)
    }

    @Test func manyConcurrentRequestsReuseConnections() async throws {
        let server = try LoopbackHTTPServer { req in .html("page \(req.target)") }
        var config = HTTPClientConfiguration()
        config.maxConnectionsPerHost = 4
        let client = HTTPClient(configuration: config)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<200 { group.addTask { try await client.send(HTTPRequest(url: server.baseURL + "/p\(i)")).status } }
            for try await status in group { #expect(status == 200) }
        }
        #expect(server.requests.count == 200)
        #expect(server.connectionCount <= 4)
        #expect(server.maxConcurrentRequests <= 4)
    }
}
