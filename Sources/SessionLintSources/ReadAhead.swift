import Foundation
import SessionLintCore

/// Reads a source on a thread of its own and hands its transactions and warnings over in
/// batches, in the order it produced them, so decoding (libpcap, TCP reassembly, HTTP parsing,
/// log lines) and analysis (rules, timelines, tokens) each get a core. `prepare` runs on the
/// reading thread too, for per-transaction work the analysis needs first (parsing cookies).
/// The order is kept exactly, so results are the same as reading inline. At most `maxBatches`
/// batches wait, so a fast reader cannot run ahead of a slow analysis and fill memory.
public enum ReadAhead {
    public static let batchSize = 256
    public static let maxBatches = 4

    public static func read<Prepared: Sendable>(
        _ base: any TransactionSource, prepare: @escaping @Sendable (HTTPTransaction) -> Prepared,
        onTransaction: (HTTPTransaction, Prepared) -> Void, onWarning: (InputWarning) -> Void
    ) throws(InputError) {
        let channel = BatchChannel<Prepared>(capacity: Self.maxBatches)
        let reader = Thread {
            var batch: [BatchChannel<Prepared>.Item] = []
            batch.reserveCapacity(Self.batchSize)
            func add(_ item: BatchChannel<Prepared>.Item) {
                batch.append(item)
                if batch.count == Self.batchSize {
                    channel.send(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            var failure: InputError?
            do throws(InputError) {
                try base.read(onTransaction: { add(.transaction($0, prepare($0))) }, onWarning: { add(.warning($0)) })
            } catch {
                failure = error
            }
            if !batch.isEmpty { channel.send(batch) }
            channel.finish(failure)
        }
        reader.stackSize = 8 << 20  // parsers recurse a little; the default secondary stack is small
        reader.start()
        while var batch = channel.receive() {
            batch.reverse()  // so popLast hands each item over without copying it
            while let item = batch.popLast() {
                switch item {
                case .transaction(let transaction, let prepared): onTransaction(transaction, prepared)
                case .warning(let warning): onWarning(warning)
                }
            }
        }
        if let failure = channel.failure { throw failure }
    }
}

/// A bounded first-in first-out hand-over of batches between one reading and one analysing
/// thread. Guarded by a condition variable: the reader waits while it is full, the analyser
/// while it is empty.
final class BatchChannel<Prepared: Sendable>: @unchecked Sendable {
    enum Item: Sendable {
        case transaction(HTTPTransaction, Prepared)
        case warning(InputWarning)
    }

    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [[Item]] = []
    private var head = 0
    private var finished = false
    private var storedFailure: InputError?

    init(capacity: Int) {
        self.capacity = capacity
    }

    func send(_ batch: [Item]) {
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
    func receive() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count, !finished { condition.wait() }
        guard head < batches.count else { return nil }
        let batch = batches[head]
        batches[head] = []
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
