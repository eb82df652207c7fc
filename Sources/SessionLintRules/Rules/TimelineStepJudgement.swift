import SessionLintSessions

extension TimelineStep {
    /// What an authenticated answer looks like from the outside: 2xx, not a login page, and no
    /// fresh value handed out for the session cookie (a server that no longer knows an ID
    /// usually redirects to the login page or issues a new one).
    func answersAsAuthenticated(cookie: String) -> Bool {
        guard let status, (200...299).contains(status) else { return false }
        let lowered = path.lowercased()
        guard !["login", "signin", "sign_in", "logon"].contains(where: lowered.contains) else { return false }
        return !setSessionCookies.contains { $0.name == cookie }
    }
}

/// The session cookie values a client has held so far (sent or received), in first-seen order;
/// values shorter than `minimum` are left out, since short ones match URLs by accident.
struct HeldSessionValues {
    let minimum: Int
    private(set) var values: [(name: String, value: String)] = []

    mutating func add(_ step: TimelineStep) {
        let seen = step.sentSessionCookies + step.setSessionCookies.map { ($0.name, $0.value) }
        for cookie in seen where cookie.value.count >= minimum && !values.contains(where: { $0 == cookie }) {
            values.append(cookie)
        }
    }
}
