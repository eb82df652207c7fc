import Foundation

/// The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) that sessionlint reads.
/// Decoding is lenient where real exporters differ (missing optional objects, numbers written as
/// strings) and strict only where a transaction cannot exist without the field.
struct HARFile: Decodable {
    struct Log: Decodable {
        var creator: Creator?
        var entries: [DecodedEntry]
    }

    struct Creator: Decodable {
        var name: String?
        var version: String?
    }

    /// One entry, or why it could not be read: a broken entry is a warning, not a failed run.
    enum DecodedEntry: Decodable {
        case entry(Entry)
        case damaged(String)

        init(from decoder: Decoder) throws {
            do {
                self = .entry(try Entry(from: decoder))
            } catch let error as DecodingError {
                self = .damaged(describe(error))
            }
        }
    }

    struct Entry: Decodable {
        var startedDateTime: String?
        var time: LenientNumber?
        var request: Request
        var response: Response?
        var serverIPAddress: String?
    }

    struct Request: Decodable {
        var method: String
        var url: String
        var httpVersion: String?
        var headers: [Header]?
        var cookies: [CookieObject]?
        var postData: PostData?
    }

    /// HAR 1.2 §postData: the request body as text, with its media type.
    struct PostData: Decodable {
        var mimeType: String?
        var text: String?
    }

    struct Response: Decodable {
        var status: LenientNumber
        var statusText: String?
        var headers: [Header]?
        var cookies: [CookieObject]?
        var content: Content?
    }

    /// The response body as the browser decoded it; binary bodies come base64-encoded.
    struct Content: Decodable {
        var mimeType: String?
        var text: String?
        var encoding: String?
    }

    struct Header: Decodable {
        var name: String
        var value: String
    }

    struct CookieObject: Decodable {
        var name: String?
    }

    var log: Log
}

/// A number that some exporters write as a string ("200", "-1").
struct LenientNumber: Decodable {
    var value: Double

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Double(text) {
            value = number
        } else {
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a number"))
        }
    }
}

/// What a Swift type is called in JSON, for messages.
private func jsonKind(of type: Any.Type) -> String {
    let name = String(describing: type)
    if name.hasPrefix("Dictionary") { return "an object" }
    if name.hasPrefix("Array") { return "an array" }
    if type == Double.self || type == Int.self { return "a number" }
    if type == String.self { return "a string" }
    if type == Bool.self { return "true or false" }
    return "a \(name)"
}

/// "log.entries[3].request: missing key url" from a DecodingError.
func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [CodingKey]) -> String {
        codingPath.reduce("") { result, key in
            if let index = key.intValue { return result + "[\(index)]" }
            return result.isEmpty ? key.stringValue : result + "." + key.stringValue
        }
    }
    switch error {
    case .keyNotFound(let key, let context):
        let at = path(context.codingPath)
        return "\(at.isEmpty ? "" : at + ": ")missing \"\(key.stringValue)\""
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
        return "\(path(context.codingPath)): expected \(jsonKind(of: type))"
    case .dataCorrupted(let context):
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
