import CFuzzerDriver
import Foundation

// SwiftPM links an executable's main under another name, so libFuzzer's own main may not be the
// one that runs; this one hands over to libFuzzer's driver, which calls the hooks in Hooks.swift.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })
