/// Reassembles IPv4 and IPv6 fragments into datagrams. Bounded: at most `maxDatagrams` in
/// progress and `maxDatagramBytes` each; the oldest is dropped when full, and stale ones after
/// `timeout` seconds of capture time. Overlapping fragments: the first copy of a byte wins.
struct FragmentReassembler {
    struct Key: Hashable {
        var source: [UInt8]
        var destination: [UInt8]
        var identification: UInt32
        var protocolNumber: UInt8
    }

    private struct Datagram {
        var pieces: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        var totalLength: Int?
        var firstSeen: Double
        var lastFrame: Int
    }

    var maxDatagrams = 4096
    var maxDatagramBytes = 65_535 + 1_500
    var timeout: Double = 60

    private var inProgress: [Key: Datagram] = [:]
    private(set) var dropped = 0

    /// Adds a fragment; returns the whole payload when this fragment completes it.
    mutating func add(_ key: Key, offset: Int, moreFragments: Bool, payload: ArraySlice<UInt8>, time: Double, frame: Int) -> [UInt8]? {
        if inProgress[key] == nil {
            expire(now: time)
            if inProgress.count >= maxDatagrams, let oldest = inProgress.min(by: { $0.value.firstSeen < $1.value.firstSeen })?.key {
                inProgress[oldest] = nil
                dropped += 1
            }
        }
        var datagram = inProgress[key] ?? Datagram(firstSeen: time, lastFrame: frame)
        guard offset + payload.count <= maxDatagramBytes else {
            inProgress[key] = nil
            dropped += 1
            return nil
        }
        datagram.pieces.append((offset, payload))
        datagram.lastFrame = frame
        if !moreFragments { datagram.totalLength = offset + payload.count }
        guard let total = datagram.totalLength, let whole = assemble(datagram, total: total) else {
            inProgress[key] = datagram
            return nil
        }
        inProgress[key] = nil
        return whole
    }

    private func assemble(_ datagram: Datagram, total: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: total)
        var filled = [Bool](repeating: false, count: total)
        for piece in datagram.pieces {
            for (index, byte) in piece.bytes.enumerated() {
                let position = piece.offset + index
                guard position < total, !filled[position] else { continue }
                buffer[position] = byte
                filled[position] = true
            }
        }
        return filled.allSatisfy { $0 } ? buffer : nil
    }

    private mutating func expire(now: Double) {
        let stale = inProgress.filter { now - $0.value.firstSeen > timeout }.map(\.key)
        for key in stale { inProgress[key] = nil }
        dropped += stale.count
    }
}
