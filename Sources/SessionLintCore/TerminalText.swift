/// Makes untrusted text safe to print on a terminal: control characters (C0, DEL, C1) become
/// visible escapes, so a cookie value cannot move the cursor or rewrite the screen.
public func terminalSafe(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x09:
            out.append(" ")
        case 0x00...0x1F, 0x7F...0x9F:
            out.append(contentsOf: "\\x".unicodeScalars)
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out.append(contentsOf: (hex.count < 2 ? "0" + hex : hex).unicodeScalars)
        default:
            out.append(scalar)
        }
    }
    return String(out)
}
