import Foundation
import Testing
import SessionLintTestSupport
@testable import SessionLintSources

struct ContentDecodingTests {
    let json = Array(#"{"user":"alice","session":"8fe5b8b4f8546311129e8c56abf0e3ef"}"#.utf8)

    @Test func everyCodingHTTPServersSendForDeflateAndGzip() {
        #expect(ContentDecoding.decode(compress(json, windowBits: gzipWindow), contentEncoding: "gzip", limit: 1000) == json)
        #expect(ContentDecoding.decode(compress(json, windowBits: gzipWindow), contentEncoding: "x-gzip", limit: 1000) == json)
        // "deflate" is zlib-wrapped by RFC 9110, raw in some servers: both are read.
        #expect(ContentDecoding.decode(compress(json, windowBits: zlibWindow), contentEncoding: "Deflate", limit: 1000) == json)
        #expect(ContentDecoding.decode(compress(json, windowBits: rawWindow), contentEncoding: "deflate", limit: 1000) == json)
        #expect(ContentDecoding.decode(json, contentEncoding: nil, limit: 1000) == json)
        #expect(ContentDecoding.decode(json, contentEncoding: "identity", limit: 1000) == json)
    }

    @Test func codingsThisBuildCannotUndoAreNotGuessed() {
        #expect(ContentDecoding.decode(json, contentEncoding: "br", limit: 1000) == nil)
        #expect(ContentDecoding.decode(json, contentEncoding: "zstd", limit: 1000) == nil)
        #expect(ContentDecoding.decode(compress(compress(json, windowBits: gzipWindow), windowBits: gzipWindow), contentEncoding: "gzip, gzip", limit: 1000) == nil)
        // A body that says gzip but is not: nothing usable, rather than garbage.
        #expect(ContentDecoding.decode(json, contentEncoding: "gzip", limit: 1000) == nil)
    }

    @Test func aBombStopsAtTheLimit() {
        let bomb = compress([UInt8](repeating: 0x41, count: 20 << 20), windowBits: gzipWindow)  // 20 MiB of "A" in ~20 KiB
        #expect(bomb.count < 40_000)
        let result = Inflate.decode(bomb, wrapping: .gzip, limit: 65_536)
        #expect(result.output.count == 65_536 && result.reachedLimit && result.damage == nil)
    }

    @Test func aCutStreamKeepsWhatWasDecoded() {
        let text = Array(String(repeating: "session=abc; ", count: 5000).utf8)
        let packed = compress(text, windowBits: gzipWindow)
        let result = Inflate.decode(Array(packed.prefix(packed.count / 2)), wrapping: .gzip)
        #expect(result.damage == .endsEarly)
        #expect(!result.output.isEmpty && text.starts(with: result.output))
    }

    @Test func gzipFilesWithSeveralMembersAreRead() throws {
        let joined = compress(Array("first\n".utf8), windowBits: gzipWindow) + compress(Array("second\n".utf8), windowBits: gzipWindow)
        func read(_ bytes: [UInt8]) throws -> (text: String, note: String?) {
            let reader = try ChunkReader(.gzip(.memory(Data(bytes)), limit: .max), name: "t.gz")
            var data = Data()
            while let chunk = try reader.next() { data.append(chunk) }
            return (String(decoding: data, as: UTF8.self), reader.note)
        }
        let whole = try read(joined)
        #expect(whole.text == "first\nsecond\n" && whole.note == nil)
        var damaged = joined
        damaged[12] ^= 0xFF
        let note = try read(damaged).note
        #expect(note?.hasPrefix("the gzip data is damaged after") == true, "\(note ?? "")")
    }
}
