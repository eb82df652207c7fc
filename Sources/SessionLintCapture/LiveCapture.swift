import CPcap
import Foundation
import SessionLintCore

/// Captures from a network interface through libpcap and writes what it sees to a pcap file,
/// so the analysis afterwards is the same as for any capture. Permission problems get a message
/// that says what to do.
public final class LiveCapture {
    public let interface: String
    private let handle: OpaquePointer
    private let dumper: OpaquePointer
    public private(set) var framesCaptured = 0

    public init(interface: String, filter: String?, writeTo path: String, snapLength: Int32 = 262_144) throws(InputError) {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw InputError(file: interface, message: "cannot open the interface: \(cString(errorBuffer))")
        }
        pcap_set_snaplen(handle, snapLength)
        pcap_set_promisc(handle, 0)
        pcap_set_timeout(handle, 200)
        pcap_set_immediate_mode(handle, 1)
        let status = pcap_activate(handle)
        if status < 0 {
            let detail = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            switch status {
            case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
                throw InputError(file: interface, message: "permission denied: capturing needs root or the CAP_NET_RAW capability (for example: sudo setcap cap_net_raw,cap_net_admin=eip \"$(command -v sessionlint)\")")
            case PCAP_ERROR_NO_SUCH_DEVICE:
                throw InputError(file: interface, message: "no such interface (`ip link` lists them)")
            default:
                throw InputError(file: interface, message: "cannot start capturing: \(detail)")
            }
        }
        if let filter {
            var program = bpf_program()
            guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                let detail = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw InputError(file: "--filter", message: "invalid capture filter \"\(filter)\": \(detail)")
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(handle, &program) == 0 else {
                let detail = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw InputError(file: "--filter", message: "cannot apply the capture filter: \(detail)")
            }
        }
        // Non-blocking, with our own poll(): in immediate mode some libpcap versions ignore the
        // read timeout and would block forever on a quiet interface.
        guard pcap_setnonblock(handle, 1, &errorBuffer) == 0 else {
            pcap_close(handle)
            throw InputError(file: interface, message: "cannot start capturing: \(cString(errorBuffer))")
        }
        guard let dumper = pcap_dump_open(handle, path) else {
            let detail = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw InputError(file: path, message: "cannot write the capture: \(detail)")
        }
        self.interface = interface
        self.handle = handle
        self.dumper = dumper
    }

    deinit {
        pcap_dump_close(dumper)
        pcap_close(handle)
    }

    /// Writes every frame waiting, or waits up to `timeout` seconds for one. False on an error.
    @discardableResult
    public func captureNext(timeout: Double = 0.2) -> Bool {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(handle, &header, &data) {
        case 1:
            guard let header, let data else { return true }
            pcap_dump(UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self), header, data)
            framesCaptured += 1
            return true
        case 0:
            // Nothing waiting: sleep until the descriptor is readable or the timeout passes.
            let descriptor = pcap_get_selectable_fd(handle)
            if descriptor >= 0 {
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&entry, 1, Int32(timeout * 1000))
            } else {
                usleep(UInt32(timeout * 100_000))
            }
            return true
        default:
            return false
        }
    }

    /// Flushes what was written so far to the file.
    public func flush() {
        pcap_dump_flush(dumper)
    }

    public var lastError: String { String(cString: pcap_geterr(handle)) }
}
