/// TLS 1.2 sessions seen decrypted in this capture, by session ID and by session ticket
/// (RFC 5246 §7.4.1.2, RFC 5077), so that a connection resuming one of them decrypts even when
/// the key log lacks its own line, as Wireshark does. Shared by the connections of a capture;
/// bounded, oldest forgotten first.
public final class SessionCache {
    public static let maxEntries = 10_000

    private var masters: [[UInt8]: [UInt8]] = [:]
    private var order: [[UInt8]] = []
    private var oldest = 0

    public init() {}

    func master(for key: [UInt8]) -> [UInt8]? {
        key.isEmpty ? nil : masters[key]
    }

    func remember(_ master: [UInt8], for key: [UInt8]) {
        guard !key.isEmpty, masters.updateValue(master, forKey: key) == nil else { return }
        order.append(key)
        if order.count - oldest > Self.maxEntries {
            masters[order[oldest]] = nil
            oldest += 1
            if oldest > Self.maxEntries {
                order.removeFirst(oldest)
                oldest = 0
            }
        }
    }
}
