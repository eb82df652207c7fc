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
