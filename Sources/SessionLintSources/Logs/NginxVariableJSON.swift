import Foundation
import SessionLintCore

/// JSON-lines logs whose keys are nginx variable names without the `$`, as most nginx JSON
/// formats are written (`log_format main escape=json '{"remote_addr":"$remote_addr",
/// "request":"$request","http_cookie":"$http_cookie",…}'`). Each key is read as the variable it
/// names, exactly as in a text format: `request` is the request line, `http_cookie` the Cookie
/// header, `sent_http_set_cookie` the Set-Cookie header, `time_iso8601` or `time_local` the
/// time. The transaction is then built as for a text log of those variables.
struct NginxVariableJSON {
    let inputName: String
    let assumedScheme: Scheme
    /// The builder for the keys last seen (every line of one log_format has the same keys), and
    /// where among them `time_local` is, read while the line's values are gathered.
    private var layout: (keys: [String], builder: LogTransactionBuilder, timeLocal: Int?)?
    private var line = MatchedLine()

    init(inputName: String, assumedScheme: Scheme) {
        self.inputName = inputName
        self.assumedScheme = assumedScheme
    }

    /// Whether an object's keys name a request (`request` or `request_method`) and at least
    /// one more fact about it (status, client, time) as nginx variables.
    static func looksLike(_ object: [String: Any]) -> Bool {
        let fields = Set(object.keys.map(NginxFormatParser.field))
        let names = [LogField.status, .clientAddress, .timeLocal, .timeISO8601, .timeEpoch]
        return (fields.contains(.requestLine) || fields.contains(.method)) && names.contains(where: fields.contains)
    }

    /// The transaction of one line's object; nil when it has no method (not an access entry).
    mutating func transaction(_ object: [String: Any], number: Int) -> HTTPTransaction? {
        let keys = object.keys.sorted()
        if layout?.keys != keys {
            let fields = keys.map(NginxFormatParser.field)
            let format = LogFormat(tokens: fields.map { .field($0) }, escaping: .none, syntax: .nginx,
                                   source: "the keys of a JSON log: " + keys.joined(separator: " "))
            layout = (keys, LogTransactionBuilder(inputName: inputName, assumedScheme: assumedScheme, format: format), fields.firstIndex(of: .timeLocal))
        }
        line.reset(UnsafeBufferPointer(start: nil, count: 0))
        for key in keys { line.append(decoded: Self.text(object[key])) }
        if let timeLocal = layout?.timeLocal { _ = line.readTimeLocal(of: timeLocal) }
        guard let transaction = layout?.builder.transaction(line, number: number), !transaction.request.method.isEmpty else { return nil }
        return transaction
    }

    /// A value as the variable's text: strings as they are, numbers (`"status":$status`
    /// unquoted) written out; anything else is no value.
    private static func text(_ value: Any?) -> String {
        if let text = value as? String { return text }
        if let number = value as? NSNumber, !(value is Bool) { return number.stringValue }
        return ""
    }
}
