import SessionLintCore
import SessionLintTokens

/// A session cookie that carries the session's state instead of a reference to it: base64 JSON
/// or serialised objects anyone can read, and, when nothing signs them, change (PHP
/// unserialize() and Java deserialisation of client data are also code-execution risks). Signed
/// client-side sessions (Flask, Django's signed_cookies) cannot be changed but are still read
/// by whoever holds them: reported two levels lower, as a reminder to keep secrets out, and one
/// level lower when they do carry personal data, as do JWTs whose payload names a person.
struct CookieReadableClientState: TokenRule {
    static let id: RuleID = "cookie-readable-client-state"

    func check(_ analysis: TokenAnalysis, options: RuleOptions) -> [Violation] {
        let personal = analysis.personalData.isEmpty ? "" : "; it carries personal data (\(analysis.personalData.prefix(8).joined(separator: ", ")))"
        switch analysis.format {
        case .readableState(let kind) where analysis.signatureCookie != nil:
            return [Violation("\(analysis.cookie) holds session state as \(kind), signed by the \(analysis.signatureCookie ?? "") cookie beside it: not changeable, but every value in it is readable by the client\(personal)",
                              demotion: personal.isEmpty ? 2 : 1)]
        case .readableState(let kind):
            return [Violation("\(analysis.cookie) holds session state as \(kind): readable by the client and, unless verified server-side, changeable\(personal)")]
        case .signedData(let kind):
            return [Violation("\(analysis.cookie) is a \(kind): signed, so not changeable, but every value in it is readable by the client\(personal)",
                              demotion: personal.isEmpty ? 2 : 1)]
        case .jwt where !analysis.personalData.isEmpty:
            return [Violation("\(analysis.cookie) is a JWT whose payload, base64 and not encrypted, is readable by anyone who holds the cookie\(personal)", demotion: 1)]
        default:
            return []
        }
    }
}
