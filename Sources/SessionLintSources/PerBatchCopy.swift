/// A string the reading thread puts in transaction after transaction (the input's name), made
/// anew for each batch's worth of them (`ReadAhead.batchSize`). Kept as one string, its
/// reference count would be changed line after line by the reading thread, which makes the
/// transactions, and by the analysing thread, which keeps them in timelines and evidence: the
/// cache line holding it then moves between the two cores every time, and a log scan spent about
/// 5 % of its time on the input's name alone. A copy per batch is touched by one thread at a time.
///
/// Sources that share other strings between transactions (a log's remembered values) renew
/// them where this renews its copy, for the same reason.
struct PerBatchCopy {
    private let text: String
    private var copy: String
    private var handedOut = 0
    /// Whether the last `next()` began a new copy.
    private(set) var renewedLast = false

    init(_ text: String) {
        self.text = text
        copy = text
    }

    /// The string for one more transaction.
    mutating func next() -> String {
        handedOut += 1
        renewedLast = handedOut > ReadAhead.batchSize
        if renewedLast {
            handedOut = 1
            copy = String(decoding: Array(text.utf8), as: UTF8.self)  // new storage, same text
        }
        return copy
    }
}
