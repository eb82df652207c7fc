/// Makes untrusted text safe to print on a terminal: control characters (C0, DEL, C1) become
/// visible escapes, so a cookie value cannot move the cursor or rewrite the screen.
public func terminalSafe(_ text: String) -> String {
    visibleControlCharacters(text, keepingLineBreaks: false)
}

/// Control characters (C0, DEL, C1) as visible `\xNN` escapes; a tab becomes a space. Line breaks
/// stay when `keepingLineBreaks` (a whole rendered document whose own layout uses them).
public func visibleControlCharacters(_ text: String, keepingLineBreaks: Bool) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 && !(keepingLineBreaks && ($0 == "\n" || $0 == "\r")) || (0x7F...0x9F).contains($0.value) })
    else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x09:
            out.append(keepingLineBreaks ? scalar : " ")
        case 0x0A where keepingLineBreaks, 0x0D where keepingLineBreaks:
            out.append(scalar)
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
