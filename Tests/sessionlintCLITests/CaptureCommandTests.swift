import Foundation
import Testing

/// Live capture on the loopback interface, gating a command, as a CI job would run it.
struct CaptureCommandTests {
    static var canCapture: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }

    /// A tiny HTTP server (Python's standard library) that sets a session-like cookie.
    static let server = """
        import http.server, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header('Set-Cookie', 'sid=0123456789abcdef0123456789abcdef; Path=/')
                self.send_header('Content-Length', '2')
                self.end_headers()
                self.wfile.write(b'ok')
            def log_message(self, *args):
                pass
        http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
        """

    @Test(.enabled(if: canCapture, "needs root and /usr/bin/python3"))
    func capturesWhileACommandRunsThenGates() throws {
        let port = 20_000 + Int.random(in: 0..<20_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", Self.server, String(port)]
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: a test runner may leave SIGTERM ignored, and children inherit that.
        defer { kill(server.processIdentifier, SIGKILL) }
        Thread.sleep(forTimeInterval: 0.5)

        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pcap = directory.appendingPathComponent("ci.pcap").path
        let client = "import urllib.request; urllib.request.urlopen('http://127.0.0.1:\(port)/').read()"
        let result = try CLI.run(["capture", "--interface", "lo", "--filter", "tcp port \(port)", "--write", pcap,
                                  "--report", "json", "--", "/usr/bin/python3", "-c", client])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = ((object["findings"] as? [[String: Any]]) ?? []).map { $0["ruleId"] as? String ?? "" }
        #expect(Set(rules) == ["cookie-missing-httponly", "cookie-missing-secure", "cookie-missing-samesite"])
        #expect(FileManager.default.fileExists(atPath: pcap))

        // The command's failure wins over a passing gate.
        let failing = try CLI.run(["capture", "-i", "lo", "--filter", "tcp port \(port)", "--fail-on", "never", "--", "/usr/bin/python3", "-c", "raise SystemExit(3)"])
        #expect(failing.status == 3)
        #expect(failing.stderr.contains("the command exited with status 3"))
    }

    @Test(.enabled(if: getuid() == 0, "needs root"))
    func clearErrorsForBadInterfacesAndFilters() throws {
        let interface = try CLI.run(["capture", "--interface", "no-such-if0", "--duration", "1"])
        #expect(interface.status == 2)
        #expect(interface.stderr.contains("no-such-if0: no such interface"))
        let filter = try CLI.run(["capture", "--interface", "lo", "--filter", "tcp port", "--duration", "1"])
        #expect(filter.status == 2)
        #expect(filter.stderr.contains("invalid capture filter \"tcp port\""))
    }

    @Test func stopConditionIsRequired() throws {
        let result = try CLI.run(["capture", "--interface", "lo"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Say when to stop"))
    }
}
