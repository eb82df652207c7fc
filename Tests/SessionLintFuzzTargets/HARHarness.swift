import Foundation
import SessionLintSources

/// The bytes as a HAR file: JSON syntax, the entry structure, header lists, dates, bodies.
enum HARHarness {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        try? HARSource(inputName: "fuzz.har", data: Data(bytes)).read(onTransaction: { _ in }, onWarning: { _ in })
    }
}
