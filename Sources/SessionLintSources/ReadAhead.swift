import Foundation
import SessionLintCore
import SessionLintHTTP

/// Reads a source on a thread of its own and hands its transactions and warnings over in
/// batches, in the order it produced them, so decoding (libpcap, TCP reassembly, HTTP parsing,
/// log lines, and each exchange's cookies) and analysis (rules, timelines, tokens) each get a
/// core. Which side parses the cookies depends on which is ahead: the reader parses them while
/// batches wait for the analysis (a log, whose lines are cheap to read), and leaves them to the
/// analysing thread while it is the one waited for (a capture, whose packets are not). Fixed on
/// either side, one kind of input lost a tenth of its speed. The order is kept exactly, and
/// parsing is the same on both sides, so results are the same as reading inline.
/// At most `maxBatches` batches wait, so a fast reader cannot run ahead of a slow analysis and
/// fill memory; batches the analysis is done with go back to the reader to be freed.
public enum ReadAhead {
    public static let batchSize = 256
    public static let maxBatches = 4

    /// Reads `base` to its end; `onTransaction` gets each transaction with its cookies, parsed
    /// and classified with `classifier`.
    public static func read(
        _ base: any TransactionSource, classifier: CookieClassifier,
        onTransaction: (inout HTTPTransaction, ExchangeCookies) -> Void, onWarning: (InputWarning) -> Void
    ) throws(InputError) {
        let channel = BatchChannel(capacity: Self.maxBatches)
        let reader = Thread {
            var side = ReadingSide(channel: channel, classifier: classifier)
            var failure: InputError?
            do throws(InputError) {
                try base.read(onTransaction: { side.add($0) }, onWarning: { side.add($0) })
            } catch {
                failure = error
            }
            side.finish(failure)
        }
        reader.stackSize = 8 << 20  // parsers recurse a little; the default secondary stack is small
        reader.start()
        var cookieParser = ExchangeCookieParser(classifier: classifier)
        while var batch = channel.receive() {
            // Handed over in place, in the reader's order: not copied (a copy retains every
            // string of a transaction once more) and not released here. Each is lent `inout`,
            // the one way Swift passes an element of a buffer without a defensive copy (a plain
            // argument is copied in case the call changes the buffer); the analysis only reads
            // it. The batch then goes back to the reading thread, which releases it: the
            // analysing thread is the busier one, and memory is cheaper to free on the thread
            // that allocated it.
            var nextWarning = 0
            let warnings = batch.warnings
            let cookies = batch.cookies
            batch.transactions.withUnsafeMutableBufferPointer { transactions in
                for index in transactions.indices {
                    while nextWarning < warnings.count, warnings[nextWarning].before == index {
                        onWarning(warnings[nextWarning].warning)
                        nextWarning += 1
                    }
                    // A batch's cookies are all parsed, or none (left to this side).
                    let exchangeCookies = cookies.isEmpty ? Self.cookies(of: &transactions[index], parser: &cookieParser) : cookies[index]
                    onTransaction(&transactions[index], exchangeCookies)
                }
            }
            for remaining in batch.warnings[nextWarning...] { onWarning(remaining.warning) }
            channel.giveBack(batch)
        }
        if let failure = channel.failure { throw failure }
    }
}

/// The reading thread's state, in one value its callbacks change in place: variables captured
/// by the thread's closure and by local functions would live in boxes, with a dynamic
/// exclusivity check on each of the few accesses every transaction makes.
private struct ReadingSide {
    let channel: BatchChannel
    var cookieParser: ExchangeCookieParser
    var parsesCookies = true
    var batch = Batch(capacity: ReadAhead.batchSize)

    init(channel: BatchChannel, classifier: CookieClassifier) {
        self.channel = channel
        cookieParser = ExchangeCookieParser(classifier: classifier)
    }

    mutating func add(_ transaction: consuming HTTPTransaction) {
        if parsesCookies { batch.cookies.append(cookieParser.cookies(of: transaction)) }
        batch.transactions.append(transaction)
        if batch.transactions.count == ReadAhead.batchSize { send() }
    }

    mutating func add(_ warning: InputWarning) {
        batch.warnings.append((before: batch.transactions.count, warning))
    }

    mutating func finish(_ failure: InputError?) {
        if !batch.isEmpty { send() }
        channel.finish(failure)
    }

    private mutating func send() {
        // Another batch still waiting: the analysis is behind, and this side has time.
        parsesCookies = channel.send(batch) > 1
        batch = Batch(capacity: ReadAhead.batchSize)
        _ = channel.takeReturned()  // released here, on the thread that made them; see ReadAhead.read
    }
}

extension ReadAhead {
    /// A transaction in a batch is lent `inout` here for the reason it is to the analysis: read
    /// in place. Passed as a plain argument, the whole transaction was copied first.
    fileprivate static func cookies(of transaction: inout HTTPTransaction, parser: inout ExchangeCookieParser) -> ExchangeCookies {
        parser.cookies(of: transaction)
    }
}

/// What the reader produced since the last hand-over: transactions in order, and the warnings
/// with the number of transactions that came before each, so the order is kept exactly.
struct Batch: Sendable {
    var transactions: [HTTPTransaction] = []
    /// Each transaction's cookies, parsed and classified on the reading thread; empty when the
    /// reader left them to the analysing thread.
    var cookies: [ExchangeCookies] = []
    var warnings: [(before: Int, warning: InputWarning)] = []

    init(capacity: Int = 0) {
        transactions.reserveCapacity(capacity)
        cookies.reserveCapacity(capacity)
    }

    var isEmpty: Bool { transactions.isEmpty && warnings.isEmpty }
}

/// A bounded first-in first-out hand-over of batches between one reading and one analysing
/// thread, and the way back for batches the analyser is done with. Guarded by a condition
/// variable: the reader waits while it is full, the analyser while it is empty.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [Batch] = []
    /// Batches the analyser is done with, for the reader to release.
    private var returned: [Batch] = []
    private var head = 0
    private var finished = false
    private var storedFailure: InputError?

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Queues a batch, waiting while the channel is full; returns how many now wait, this one
    /// included.
    @discardableResult
    func send(_ batch: Batch) -> Int {
        condition.lock()
        defer { condition.unlock() }
        while batches.count - head >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        return batches.count - head
    }

    func finish(_ failure: InputError?) {
        condition.lock()
        finished = true
        storedFailure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the reader finished and everything was taken.
    func receive() -> Batch? {
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

    /// Hands a batch the analyser is done with back to the reader (never waits).
    func giveBack(_ batch: Batch) {
        condition.lock()
        returned.append(batch)
        condition.unlock()
    }

    /// The batches given back since the last call; whoever drops them releases them.
    func takeReturned() -> [Batch] {
        condition.lock()
        defer { condition.unlock() }
        let taken = returned
        returned = []
        return taken
    }

    var failure: InputError? {
        condition.lock()
        defer { condition.unlock() }
        return storedFailure
    }
}
