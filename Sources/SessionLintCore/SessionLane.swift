import Foundation

/// One client's sessions over time, for a swimlane drawing: each session ID the client held is a
/// span from its first appearance to its last use (numbered per cookie, never its value), with
/// the logins, logouts, issues, rotations and deletions on the way.
public struct SessionLane: Sendable, Equatable {
    public struct Span: Sendable, Equatable {
        /// "sessionid #2": the cookie and the order the client received its values in.
        public var label: String
        public var start: Date
        public var end: Date
        /// How the span ended: "replaced", "deleted", or "last seen".
        public var ending: String
        public init(label: String, start: Date, end: Date, ending: String) {
            (self.label, self.start, self.end, self.ending) = (label, start, end, ending)
        }
    }

    public struct Marker: Sendable, Equatable {
        public enum Kind: String, Sendable { case login, failedLogin = "failed-login", logout, issued, rotated, deleted }
        public var time: Date
        public var kind: Kind
        /// What happened and where: "login: POST /login (a form with a password field) → 302, frame 28".
        public var label: String
        public init(time: Date, kind: Kind, label: String) { (self.time, self.kind, self.label) = (time, kind, label) }
    }

    /// The client as the timeline keys it (address, and User-Agent when the key uses it).
    public var client: String
    public var start: Date
    public var end: Date
    public var spans: [Span]
    public var markers: [Marker]
    /// The timeline rules that fired on this client.
    public var findings: [String]
    /// Spans and markers left out of the middle to keep a lane small (a client with thousands of
    /// sessions, a crawler): the first and last are kept.
    public var omittedSpans: Int
    public var omittedMarkers: Int

    /// Spans and markers a lane keeps at most.
    public static let maximumSpans = 12
    public static let maximumMarkers = 40

    public init(client: String, start: Date, end: Date, spans: [Span], markers: [Marker], findings: [String]) {
        (self.client, self.start, self.end, self.findings) = (client, start, end, findings)
        self.spans = Self.ends(spans, keeping: Self.maximumSpans)
        self.markers = Self.ends(markers, keeping: Self.maximumMarkers)
        omittedSpans = spans.count - self.spans.count
        omittedMarkers = markers.count - self.markers.count
    }

    private static func ends<T>(_ items: [T], keeping limit: Int) -> [T] {
        items.count <= limit ? items : Array(items.prefix(limit / 2) + items.suffix(limit - limit / 2))
    }
}
