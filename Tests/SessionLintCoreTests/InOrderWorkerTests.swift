import Foundation
import Testing
import SessionLintCore

struct InOrderWorkerTests {
    @Test func outputsComeBackInTheOrderGivenWithTheWorkersState() {
        // The state is a running total: each output depends on every input before it.
        let worker = InOrderWorker(capacity: 2, state: 0) { (total: inout Int, input: Int) -> Int in
            total += input
            return total
        }
        #expect(worker.next() == nil)  // nothing given: nothing to wait for
        var outputs: [Int] = []
        for input in 1...1_000 {
            worker.submit(input)
            // Taken late and unevenly, as a caller busy with other work takes them.
            if input % 7 == 0 { while worker.pending > 1, let output = worker.next() { outputs.append(output) } }
        }
        while let output = worker.next() { outputs.append(output) }
        #expect(outputs == (1...1_000).map { $0 * ($0 + 1) / 2 })
        #expect(worker.pending == 0)
    }

    @Test func aWorkerDroppedWithWorkQueuedEndsWithoutDoingIt() {
        let done = Counter()
        do {
            let worker = InOrderWorker(capacity: 4, state: ()) { (_: inout Void, milliseconds: Int) -> Int in
                Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
                done.increment()
                return milliseconds
            }
            for _ in 0..<4 { worker.submit(50) }
        }  // dropped here, as a scan that stops on an unreadable input drops its worker
        Thread.sleep(forTimeInterval: 0.4)
        #expect(done.value < 4)  // at most the input it had started on
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
