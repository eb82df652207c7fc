import SessionLintCore
import SessionLintSessions

extension TimelineStep {
    /// What an authenticated answer looks like from the outside: 2xx, not a login page, and no
    /// fresh value handed out for the session cookie (a server that no longer knows an ID
    /// usually redirects to the login page or issues a new one). Where the cookie holds the
    /// session itself, a fresh value is the server re-signing what it accepted (`newValueRejects`
    /// false); only a deletion then says it did not.
    func answersAsAuthenticated(cookie: String, newValueRejects: Bool = true) -> Bool {
        answersAsAuthenticated && !setSessionCookies.contains { $0.name == cookie && (newValueRejects || $0.deletion) }
    }

    /// The part of `answersAsAuthenticated(cookie:)` that does not depend on the cookie.
    var answersAsAuthenticated: Bool {
        guard let status, (200...299).contains(status) else { return false }
        return !path.containsAnyIgnoringASCIICase(Self.loginPathWords)
    }

    private static let loginPathWords = ["login", "signin", "sign_in", "logon"].map { Array($0.utf8) }
}

extension ClientTimeline {
    /// The first step after `index` that sends this exact cookie value and is answered as
    /// authenticated: the evidence that an ID meant to be dead still works.
    func firstAcceptedUse(of cookie: (name: String, value: String), after index: Int, newValueRejects: Bool = true) -> TimelineStep? {
        steps[(index + 1)...].first { later in
            later.sentSessionCookies.contains { $0 == cookie } && later.answersAsAuthenticated(cookie: cookie.name, newValueRejects: newValueRejects)
        }
    }
}

/// The session cookie values a client has held so far (sent or received), in first-seen order;
/// values shorter than `minimum` are left out, since short ones match URLs by accident.
struct HeldSessionValues {
    let minimum: Int
    private(set) var values: [(name: String, value: String)] = []
    private var known: Set<SessionValue> = []

    init(minimum: Int) { self.minimum = minimum }

    mutating func add(_ step: TimelineStep) {
        // By index: iterating would copy (retain and release) each pair's strings, for every
        // step of every client, in two rules.
        let sent = step.sentSessionCookies, set = step.setSessionCookies
        for index in sent.indices { remember(sent[index].name, sent[index].value) }
        for index in set.indices { remember(set[index].name, set[index].value) }
    }

    private mutating func remember(_ name: String, _ value: String) {
        guard value.utf8.count >= minimum else { return }
        // Step after step sends a value already held, and steps share their strings, so a look
        // at the few held values settles most calls without hashing.
        if values.count <= 8 {
            guard !values.contains(where: { $0.value == value && $0.name == name }) else { return }
            known.insert(SessionValue(name: name, value: value))
        } else {
            guard known.insert(SessionValue(name: name, value: value)).inserted else { return }
        }
        values.append((name, value))
    }
}

/// A session cookie's name and value as a dictionary key, hashed as they are rather than joined
/// into a new string for every step a rule reads.
struct SessionValue: Hashable {
    let name: String
    let value: String

    /// "name=value": the order findings were reported in when the keys were joined strings.
    var joined: String { name + "=" + value }
}
