import Foundation
import SessionLintCore
import SessionLintHTTP

/// `sessionlint transactions`: every transaction an input yields, one per line, for checking
/// what sessionlint saw against a peer tool. Cookie names only; values stay out.
public enum TransactionListing {
    public enum Format: String, Sendable, CaseIterable { case tsv, json }

    public static let tsvHeader = "time\tclient\tserver\tmethod\thost\ttarget\tstatus\tcookies_sent\tcookies_set\thttp\ttls\tsource\n"

    public static func tsvLine(_ t: HTTPTransaction) -> String {
        // A response whose request was not captured has no request fields: "-" as Zeek writes it.
        let orphan = t.request.method.isEmpty
        let fields = [
            t.requestTime.map(iso8601) ?? t.responseTime.map(iso8601) ?? "-",
            t.client?.description ?? "-", t.server?.description ?? "-",
            orphan ? "-" : t.request.method, orphan || t.request.host.isEmpty ? "-" : t.request.host,
            t.request.target.isEmpty ? "-" : t.request.target, t.response.map { String($0.status) } ?? "-",
            sentCookieNames(t).joined(separator: ","), setCookieNames(t).joined(separator: ","),
            orphan || t.request.version.isEmpty ? "-" : t.request.version, t.tlsVersion ?? "-",
            t.provenance.description,
        ]
        return fields.map { field in
            terminalSafe(field).replacingOccurrences(of: "\t", with: " ")
        }.joined(separator: "\t") + "\n"
    }

    public static func jsonLine(_ t: HTTPTransaction) -> String {
        var object: [String: Any] = [
            "method": t.request.method, "host": t.request.host, "target": t.request.target,
            "cookiesSent": sentCookieNames(t), "cookiesSet": setCookieNames(t),
            "source": ["input": t.provenance.input, "location": t.provenance.locationDescription],
            "scheme": t.scheme.rawValue,
        ]
        if !t.request.version.isEmpty { object["http"] = t.request.version }
        if let tls = t.tlsVersion { object["tls"] = tls }
        if let time = t.requestTime ?? t.responseTime { object["time"] = iso8601(time) }
        if let client = t.client { object["client"] = client.description }
        if let server = t.server { object["server"] = server.description }
        if let status = t.response?.status { object["status"] = status }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func sentCookieNames(_ t: HTTPTransaction) -> [String] {
        RequestCookies(fields: t.request.fields).pairs.map(\.name)
    }

    static func setCookieNames(_ t: HTTPTransaction) -> [String] {
        t.response?.fields.values("Set-Cookie").map { SetCookie($0).name } ?? []
    }

    private static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
