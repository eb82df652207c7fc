import Foundation
import SessionLintCore

/// Reads a source on a thread of its own and hands its transactions and warnings over in
/// batches, in the order it produced them, so decoding (libpcap, TCP reassembly, HTTP parsing,
/// log lines) and analysis (rules, timelines, tokens) each get a core. Per-transaction work the
/// analysis needs first (parsing cookies) runs on the reading thread too: `preparation` is
/// called once there and returns the function that prepares each transaction, so that function
/// may keep state of its own (a memo) without sharing it across threads.
/// The order is kept exactly, so results are the same as reading inline. At most `maxBatches`
/// batches wait, so a fast reader cannot run ahead of a slow analysis and fill memory.
public enum ReadAhead {
    public static let batchSize = 256
    public static let maxBatches = 4

    public static func read<Prepared: Sendable>(
        _ base: any TransactionSource, preparation: @escaping @Sendable () -> (HTTPTransaction) -> Prepared,
        onTransaction: (HTTPTransaction, Prepared) -> Void, onWarning: (InputWarning) -> Void
    ) throws(InputError) {
        let channel = BatchChannel<Prepared>(capacity: Self.maxBatches)
        let reader = Thread {
            let prepare = preparation()
            var batch = Batch<Prepared>(capacity: Self.batchSize)
            func send() {
                batch.transactions.reverse()  // here, on the side with time to spare; see below
                channel.send(batch)
                batch = Batch(capacity: Self.batchSize)
            }
            func sendWhenFull() {
                if batch.transactions.count == Self.batchSize { send() }
            }
            var failure: InputError?
            do throws(InputError) {
                try base.read(onTransaction: {
                    batch.transactions.append(($0, prepare($0)))
                    sendWhenFull()
                }, onWarning: { batch.warnings.append((before: batch.transactions.count, $0)) })
            } catch {
                failure = error
            }
            if !batch.isEmpty { send() }
            channel.finish(failure)
        }
        reader.stackSize = 8 << 20  // parsers recurse a little; the default secondary stack is small
        reader.start()
        while var batch = channel.receive() {
            // Each transaction is moved out of the batch, not copied (a copy retains every
            // string of it once more): the batch comes reversed, so taking the last one each
            // time hands them over in the reader's order.
            var transactions = batch.transactions
            batch.transactions = []  // `transactions` is the only owner: emptied in place
            var nextWarning = 0
            for index in 0..<transactions.count {
                while nextWarning < batch.warnings.count, batch.warnings[nextWarning].before == index {
                    onWarning(batch.warnings[nextWarning].warning)
                    nextWarning += 1
                }
                let (transaction, prepared) = transactions.removeLast()
                onTransaction(transaction, prepared)
            }
            for remaining in batch.warnings[nextWarning...] { onWarning(remaining.warning) }
        }
        if let failure = channel.failure { throw failure }
    }
}

/// A bounded first-in first-out hand-over of batches between one reading and one analysing
/// thread. Guarded by a condition variable: the reader waits while it is full, the analyser
/// while it is empty.
/// What the reader produced since the last hand-over: transactions (reversed just before the
/// hand-over, see `read`), and the warnings with the number of transactions that came before
/// each, so the order is kept exactly.
struct Batch<Prepared: Sendable>: Sendable {
    var transactions: [(transaction: HTTPTransaction, prepared: Prepared)] = []
    var warnings: [(before: Int, warning: InputWarning)] = []

    init(capacity: Int = 0) { transactions.reserveCapacity(capacity) }

    var isEmpty: Bool { transactions.isEmpty && warnings.isEmpty }
}

final class BatchChannel<Prepared: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [Batch<Prepared>] = []
    private var head = 0
    private var finished = false
    private var storedFailure: InputError?

    init(capacity: Int) {
        self.capacity = capacity
    }

    func send(_ batch: Batch<Prepared>) {
        condition.lock()
        while batches.count - head >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(_ failure: InputError?) {
        condition.lock()
        finished = true
        storedFailure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the reader finished and everything was taken.
    func receive() -> Batch<Prepared>? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count, !finished { condition.wait() }
        guard head < batches.count else { return nil }
        let batch = batches[head]
        batches[head] = Batch()
        head += 1
        if head > 64, head * 2 > batches.count {  // drop the taken ones now and then
            batches.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return batch
    }

    var failure: InputError? {
        condition.lock()
        defer { condition.unlock() }
        return storedFailure
    }
}
