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

    @Test func gzipFilesWithSeveralMembersAreRead() {
        let joined = compress(Array("first\n".utf8), windowBits: gzipWindow) + compress(Array("second\n".utf8), windowBits: gzipWindow)
        let (data, damage) = Gzip.decompress(Data(joined))
        #expect(String(decoding: data, as: UTF8.self) == "first\nsecond\n" && damage == nil)
        var damaged = joined
        damaged[12] ^= 0xFF
        #expect(Gzip.decompress(Data(damaged)).damage?.hasPrefix("the gzip data is damaged at byte") == true)
    }
}
