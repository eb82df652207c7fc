import SessionLintCore

/// Anything that turns an input into HTTP transactions. A source reports damaged parts as
/// warnings and keeps going; it throws only when the input as a whole cannot be read.
public protocol TransactionSource: Sendable {
    /// The input's name as the user gave it, used in every provenance.
    var inputName: String { get }

    /// `onTransaction` takes each transaction over (`consuming`): a reader that keeps it, as
    /// the read-ahead's batches do, then moves it rather than copying it and every string in it.
    func read(
        onTransaction: (consuming HTTPTransaction) -> Void,
        onWarning: (InputWarning) -> Void
    ) throws(InputError)
}
