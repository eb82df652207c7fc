import Foundation
import SessionLintCore

/// Turns a JSON syntax error into "file:line:column: message". JSONDecoder does not say where
/// the syntax broke; JSONSerialization gives a byte offset, which is mapped to a line and column.
enum JSONSyntaxLocator {
    static func error(in body: Data, file: String) -> InputError {
        do {
            _ = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
            return InputError(file: file, message: "invalid JSON")
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "invalid JSON"
            let offset = byteOffset(in: detail) ?? body.count
            let (line, column) = lineAndColumn(of: min(offset, body.count), in: body)
            let what = detail.hasPrefix("Unexpected end of file") ? "invalid JSON: the file ends in the middle of a value (truncated?)" : "invalid JSON: \(clean(detail))"
            return InputError(file: file, place: .lineColumn(line: line, column: column), message: what)
        }
    }

    /// "Invalid value around character 24." → 24
    private static func byteOffset(in detail: String) -> Int? {
        guard let range = detail.range(of: "character ") else { return nil }
        return Int(detail[range.upperBound...].prefix { $0.isNumber })
    }

    private static func clean(_ detail: String) -> String {
        var text = detail
        if let range = text.range(of: " around character") { text = String(text[..<range.lowerBound]) }
        return text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// One-based line and column (in characters) of a byte offset.
    static func lineAndColumn(of offset: Int, in body: Data) -> (Int, Int) {
        var line = 1
        var lineStart = body.startIndex
        let end = body.startIndex + offset
        var index = body.startIndex
        while index < end {
            if body[index] == 0x0A { line += 1; lineStart = index + 1 }
            index += 1
        }
        let column = String(decoding: body[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }
}
