/// A map bounded by ageing: entries go into the current generation; when it is full it becomes
/// the previous one (the one before is dropped) and a new one starts. Lookups see both, so the
/// newest `generationSize` entries are always remembered and at most twice that are kept.
/// Inlinable: it sits on the hot paths of other modules (client lineage, remembered Cookie
/// headers), and a generic type used across modules is otherwise not specialised.
public struct AgeingMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let generationSize: Int
    @usableFromInline var current: [Key: Value] = [:]
    @usableFromInline var previous: [Key: Value] = [:]

    public init(generationSize: Int) {
        self.generationSize = generationSize
    }

    @inlinable
    public subscript(key: Key) -> Value? {
        get { current[key] ?? previous[key] }
        set {
            guard let newValue else {
                current[key] = nil
                previous[key] = nil
                return
            }
            current[key] = newValue
            if current.count >= generationSize {
                // The next generation will fill as this one did: sized for it at once rather
                // than grown (and rehashed) through every power of two on the way.
                previous = current
                current = Dictionary(minimumCapacity: generationSize)
            }
        }
    }

    public var count: Int { current.count + previous.count }
}
