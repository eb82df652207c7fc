import Foundation

/// A thread of its own that turns inputs into outputs one at a time, in the order they were
/// given, and hands the outputs back in that order. For work the caller would otherwise do
/// inline and whose results it can take a little later: judging the clients a scan finished
/// early while the next transactions are analysed.
///
/// The caller decides when it takes an output back (`next()` waits for it), so where results
/// enter the caller's state is fixed by the caller's own progress, never by the threads'
/// timing: the same input gives the same results on every run.
///
/// The work keeps a state of its own between inputs (`State`), changed only on the worker's
/// thread. At most `capacity` inputs wait unworked: a caller that gives faster than the worker
/// works waits rather than filling memory.
///
/// The worker runs when a core would otherwise be idle (Linux's SCHED_IDLE), not in fair turns
/// with the threads it works beside: with three busy threads on two cores, fair shares took the
/// time from the thread everything waits for, and a day of logs was read no faster. While the
/// caller waits for an output, the worker runs at the normal priority, so other programs'
/// load on the machine cannot starve it.
public final class InOrderWorker<Input: Sendable, Output: Sendable>: Sendable {
    private let queue: Queue

    public init<State: Sendable>(capacity: Int, state: State, _ work: @escaping @Sendable (inout State, Input) -> Output) {
        let queue = Queue(capacity: max(capacity, 1))
        self.queue = queue
        // The thread holds the queue, not this handle: when the handle goes (a scan that stopped
        // on an unreadable input), its deinit closes the queue and the thread ends.
        let thread = Thread {
            queue.workerStarted()
            var state = state
            while let input = queue.take() {
                queue.put(work(&state, input))
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit { queue.close() }

    /// Queues an input, waiting while `capacity` inputs wait unworked.
    public func submit(_ input: Input) { queue.give(input) }

    /// Inputs given whose outputs were not taken back yet.
    public var pending: Int { queue.pending }

    /// The output of the oldest input not taken back, waiting until it is done; nil when every
    /// output was taken.
    public func next() -> Output? { queue.next() }

    /// Inputs one way, outputs the other, under one lock: the caller waits while the inputs are
    /// full or the output it asks for is not done; the worker while there is no input.
    private final class Queue: @unchecked Sendable {
        private let condition = NSCondition()
        private let capacity: Int
        private var inputs: [Input] = []
        private var outputs: [Output] = []
        /// Inputs given and not yet taken back as outputs.
        private var given = 0
        private var closed = false
        /// The worker's thread, once it runs, and whether it runs at the normal priority
        /// because the caller waits for it.
        private var worker: WorkerPriority?
        private var workerRaised = false

        init(capacity: Int) {
            self.capacity = capacity
        }

        func give(_ input: Input) {
            condition.lock()
            defer { condition.unlock() }
            while inputs.count >= capacity, !closed {
                raiseWorker()
                condition.wait()
            }
            inputs.append(input)
            given += 1
            condition.broadcast()
        }

        var pending: Int {
            condition.lock()
            defer { condition.unlock() }
            return given
        }

        func next() -> Output? {
            condition.lock()
            defer { condition.unlock() }
            guard given > 0 else { return nil }
            while outputs.isEmpty {
                raiseWorker()
                condition.wait()
            }
            given -= 1
            return outputs.removeFirst()
        }

        /// Lock held: the caller is about to wait for the worker.
        private func raiseWorker() {
            guard !workerRaised, let worker else { return }
            worker.set(idle: false)
            workerRaised = true
        }

        /// The worker's side, first thing on its thread.
        func workerStarted() {
            condition.lock()
            defer { condition.unlock() }
            let priority = WorkerPriority.current
            priority.set(idle: true)
            worker = priority
        }

        /// The worker's side: the next input, or nil once closed (what is queued then is dropped).
        func take() -> Input? {
            condition.lock()
            defer { condition.unlock() }
            if workerRaised, let worker {  // nobody waits for it any more
                worker.set(idle: true)
                workerRaised = false
            }
            while inputs.isEmpty, !closed { condition.wait() }
            guard !closed else { return nil }
            let input = inputs.removeFirst()
            condition.broadcast()
            return input
        }

        func put(_ output: Output) {
            condition.lock()
            outputs.append(output)
            condition.broadcast()
            condition.unlock()
        }

        func close() {
            condition.lock()
            closed = true
            inputs.removeAll()
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// A thread's scheduling class: idle (runs only on a core nothing else wants) or normal. Where
/// the system has no idle class, a no-op: the worker then takes fair turns.
private struct WorkerPriority: @unchecked Sendable {
    #if os(Linux)
    let thread: pthread_t

    static var current: WorkerPriority { WorkerPriority(thread: pthread_self()) }

    func set(idle: Bool) {
        var parameters = sched_param()
        parameters.sched_priority = 0
        let schedOther: Int32 = 0, schedIdle: Int32 = 5  // sched.h; SCHED_IDLE needs _GNU_SOURCE, not imported
        _ = pthread_setschedparam(thread, idle ? schedIdle : schedOther, &parameters)
    }
    #else
    static var current: WorkerPriority { WorkerPriority() }

    func set(idle: Bool) {}
    #endif
}
