/// Requests that mark a session event, such as a login: a path glob and a method.
public struct RequestPattern: Sendable, Equatable {
    public var paths: [Glob]
    /// Upper-case methods; empty means any.
    public var methods: [String]

    public init(paths: [Glob], methods: [String]) {
        self.paths = paths
        self.methods = methods.map { $0.uppercased() }
    }

    public func matches(method: String, path: String) -> Bool {
        matches(method: method) && matches(path: path)
    }

    public func matches(method: String) -> Bool {
        methods.isEmpty || methods.contains { $0.equalsIgnoringASCIICase(method) }
    }

    public func matches(path: String) -> Bool {
        paths.contains { $0.matches(path) }
    }

    /// Paths are matched case-insensitively: `/Account/LogOn` is a login too.
    public static let defaultLogin = RequestPattern(
        paths: ["*/login*", "*/log-in*", "*/log_in*", "*/signin*", "*/sign-in*", "*/sign_in*", "*/logon*",
                "*/session", "*/sessions", "*/auth/*", "*/authenticate*", "*/oauth/token*", "*/j_security_check*"]
            .map { Glob($0, caseInsensitive: true) },
        methods: ["POST"])

    public static let defaultLogout = RequestPattern(
        paths: ["*/logout*", "*/log-out*", "*/log_out*", "*/signout*", "*/sign-out*", "*/sign_out*", "*/logoff*"]
            .map { Glob($0, caseInsensitive: true) },
        methods: ["GET", "POST", "DELETE"])
}

/// What identifies one client in traffic that has no login names: used to build timelines.
public enum ClientKey: String, Sendable, CaseIterable {
    /// The client address alone (one user per address).
    case ip
    /// Address and User-Agent together (GoAccess's notion of a unique visitor).
    case ipUserAgent = "ip-user-agent"
    /// The User-Agent alone (clients whose address changes all the time).
    case userAgent = "user-agent"
}
