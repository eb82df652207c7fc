import SessionLintHTTP

/// The first byte picks the side (request or response), whether the parser starts in sync, and
/// the method the response answers (HEAD and CONNECT frame responses differently); the rest is
/// the stream, delivered in pieces whose sizes come from the stream itself, with gaps between
/// some of them as a lost segment would leave.
enum HTTP1Harness {
    static let methods = ["GET", "HEAD", "CONNECT", "POST"]

    static func run(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        let setup = input.byte()
        var parser = HTTP1Parser(role: setup & 1 == 0 ? .request : .response, startInSync: setup & 2 == 0)
        for index in 0..<Int(setup >> 4 & 3) { parser.expectResponse(to: methods[(Int(setup >> 2) + index) % methods.count]) }
        let stream = input.rest()
        var offset = 0, frame = 1
        while offset < stream.count {
            // A piece is 1–64 bytes; its size is read from the byte before it (or the first byte).
            let size = 1 + Int(stream[offset == 0 ? 0 : offset - 1] & 63)
            let end = min(stream.count, offset + size)
            _ = parser.feed(stream[offset..<end], frame: frame, timestamp: Double(frame))
            if stream[offset] == 0xFF { _ = parser.gap(Int(stream[end - 1])) }
            offset = end
            frame += 1
        }
        _ = parser.end()
    }

    /// Requests and responses as servers and browsers send them: keep-alive, chunked with
    /// trailers, gzip, a HEAD answered without a body, an interim 100, a tunnel.
    static func seeds() -> [[UInt8]] {
        let requests = "GET /login?next=%2F HTTP/1.1\r\nHost: shop.example\r\nCookie: sid=abc; theme=dark\r\n\r\n"
            + "POST /login HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 27\r\n\r\nusername=alice&password=pw1"
            + "CONNECT shop.example:443 HTTP/1.1\r\nHost: shop.example:443\r\n\r\n\u{16}\u{03}\u{01}"
        let responses = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nSet-Cookie: sid=def; Path=/; HttpOnly; Secure; SameSite=Lax\r\n"
            + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n7;ext=1\r\n{\"a\":1}\r\n0\r\nX-Trailer: 1\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
            + "HTTP/1.0 302 Found\r\nLocation: /\r\nSet-Cookie: sid=; Max-Age=0\r\n\r\nclose-delimited body"
        return [[0x00] + Array(requests.utf8), [0x11] + Array(responses.utf8), [0x13] + Array(responses.utf8), [0x02] + Array(requests.utf8)]
    }
}
