import Foundation
import SessionLintCore
import SessionLintHTTP

/// A short, stable tag for a cookie value, so timelines can say "the same ID" or "a new ID"
/// without printing a secret: `#` and six hex digits of an FNV-1a hash.
public struct ValueTag: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(_ value: String) {
        let hex = String(fnv1a64(value) & 0xFF_FFFF, radix: 16)
        text = "#" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    public var description: String { text }
}

/// Something that happened in one client's session, with why it was recognised.
public struct TimelineEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case request(method: String, path: String, status: Int?)
        case issued(cookie: String, value: ValueTag, persistent: Bool)
        case rotated(cookie: String, from: ValueTag, to: ValueTag)
        case deleted(cookie: String, value: ValueTag)
        case expired(cookie: String, value: ValueTag)
        case rejected(cookie: String, reason: String)
        /// The client sent a session cookie value its jar does not hold (a fixed or injected ID,
        /// or one from before the capture began).
        case unexpectedCookie(cookie: String, value: ValueTag, jarHolds: ValueTag?)
        case login(succeeded: Bool, reason: String)
        case logout(reason: String)
    }

    public var time: Date?
    public var provenance: Provenance
    public var kind: Kind
}

/// One exchange as a timeline rule needs it, with the session cookie values it carried.
/// Immutable and shared by reference: every timeline rule walks every step, and copying a
/// dozen strings per step per rule was the largest cost of judging a day of logs.
public final class TimelineStep: Sendable {
    // Stored small fields first, so they share one word rather than each padding out its own:
    // a day of logs holds a hundred thousand steps at once.
    public let time: Date?
    /// The server's port, when the input knows it (for evidence URLs).
    public let port: UInt16?
    public let scheme: Scheme
    public let status: Int?
    public let provenance: Provenance
    public let method: String
    public let host: String
    public let target: String
    public let path: String
    public let referer: String?
    /// Session cookies sent: name and value (values stay in memory, never in reports).
    public let sentSessionCookies: [(name: String, value: String)]
    /// Session cookies the response stored, rotated or deleted.
    public let setSessionCookies: [(name: String, value: String, deletion: Bool)]
    /// Who sent it: the client address and User-Agent.
    public let clientAddress: String
    public let userAgent: String
    /// What few exchanges carry, out of line: nil for the plain requests most steps are.
    private let uncommon: Uncommon?

    /// A redirect, a login or logout, Clear-Site-Data, a reissued or an echoed session value.
    private final class Uncommon: Sendable {
        let location: String?
        let clearSiteData: Bool
        let login: (succeeded: Bool, reason: String)?
        let logout: String?
        let issuedBefore: [String]
        let sessionCookiesInBody: [String]

        init(location: String?, clearSiteData: Bool, login: (succeeded: Bool, reason: String)?, logout: String?,
             issuedBefore: [String], sessionCookiesInBody: [String]) {
            self.location = location
            self.clearSiteData = clearSiteData
            self.login = login
            self.logout = logout
            self.issuedBefore = issuedBefore
            self.sessionCookiesInBody = sessionCookiesInBody
        }
    }

    /// Whether this step sent the same session cookies (names and values, in order) as `other`:
    /// at once when they are one list, as a client's steps share it, else pair by pair read in
    /// place by index (comparing them as sequences copied each pair's two strings). Asked for
    /// every request by the builder and again by rules.
    public func sendsSameSessionCookies(as other: TimelineStep) -> Bool {
        let a = sentSessionCookies, b = other.sentSessionCookies
        guard a.count == b.count else { return false }
        if a.withUnsafeBufferPointer({ a in b.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } }) { return true }
        return a.indices.allSatisfy { a[$0].name == b[$0].name && a[$0].value == b[$0].value }
    }

    public var location: String? { uncommon?.location }
    public var clearSiteData: Bool { uncommon?.clearSiteData ?? false }
    public var login: (succeeded: Bool, reason: String)? { uncommon?.login }
    public var logout: String? { uncommon?.logout }
    /// Session cookie names whose newly issued value had already been issued to another client.
    public var issuedBefore: [String] { uncommon?.issuedBefore ?? [] }
    /// Session cookie names whose value (sent or set here) appears in the response body.
    public var sessionCookiesInBody: [String] { uncommon?.sessionCookiesInBody ?? [] }

    public init(time: Date?, provenance: Provenance, method: String, host: String, port: UInt16? = nil, target: String, path: String,
                scheme: Scheme, status: Int?, location: String?, referer: String?,
                sentSessionCookies: [(name: String, value: String)], setSessionCookies: [(name: String, value: String, deletion: Bool)],
                clearSiteData: Bool, login: (succeeded: Bool, reason: String)?, logout: String?,
                clientAddress: String, userAgent: String, issuedBefore: [String] = [], sessionCookiesInBody: [String] = []) {
        self.time = time
        self.provenance = provenance
        self.method = method
        self.host = host
        self.port = port
        self.target = target
        self.path = path
        self.scheme = scheme
        self.status = status
        self.referer = referer
        self.sentSessionCookies = sentSessionCookies
        self.setSessionCookies = setSessionCookies
        self.clientAddress = clientAddress
        self.userAgent = userAgent
        let isPlain = location == nil && !clearSiteData && login == nil && logout == nil && issuedBefore.isEmpty && sessionCookiesInBody.isEmpty
        uncommon = isPlain ? nil : Uncommon(location: location, clearSiteData: clearSiteData, login: login, logout: logout,
                                            issuedBefore: issuedBefore, sessionCookiesInBody: sessionCookiesInBody)
    }
}

/// One client's session history.
public struct ClientTimeline: Sendable {
    public var number: Int
    /// Who the client is under the client key: its address, and User-Agent when the key uses it.
    fileprivate var who: ClientIdentity
    /// The client as the key sees it: "10.0.0.7", "10.0.0.7, Mozilla/5.0 …" or the agent alone.
    /// Joined when asked for: only reports and the `timeline` command do, and a day of logs
    /// starts hundreds of thousands of clients.
    public var label: String { who.label }
    public var events: [TimelineEvent] = []
    public var firstSeen: Date?
    public var lastSeen: Date?
    public var requests = 0
    public var jar = CookieJar()
    /// Every session cookie value this client sent or received, for --session filters.
    public var sessionValues: Set<String> = []
    /// Events beyond the bound are counted, not kept.
    public var droppedEvents = 0
    public var steps: [TimelineStep] = []
    /// A login was recognised in this timeline (kept even when events are not).
    public var sawLogin = false
    /// Compaction (scan mode): the latest routine step not kept, and whether the step before
    /// it was routine too.
    fileprivate var pendingStep: TimelineStep?
    fileprivate var lastStepWasRoutine = false
    /// The key the builder finds this client by.
    fileprivate var identity = ClientIdentity.Key(digest: 0)

    fileprivate init(number: Int, who: ClientIdentity = ClientIdentity(address: nil, agent: nil)) {
        self.number = number
        self.who = who
    }

    /// Settles the pending step into the steps: what the rules read once the client is finished.
    /// In place: a finished client's steps are its own, and appending to a copy copied them all.
    fileprivate mutating func settle() {
        guard let pendingStep else { return }
        steps.append(pendingStep)
        self.pendingStep = nil
    }

    /// The same, leaving this timeline as it is (for the clients still open).
    fileprivate func settled() -> ClientTimeline {
        var copy = self
        copy.settle()
        return copy
    }
}

/// How timelines are built: who is a client, what is a login, which cookies are sessions.
public struct TimelineSettings: Sendable {
    public var clientKey: ClientKey
    public var login: RequestPattern
    public var logout: RequestPattern
    public var classifier: CookieClassifier
    public var maxEventsPerClient: Int
    /// Clients kept open at once; past it the least recently active is finished.
    public var maxOpenClients: Int
    /// Steps kept across all open clients; past it the least recently active clients are
    /// finished early. This is what bounds memory on a day of logs (a step costs about 250 bytes
    /// with what it does not share with the step before; 120,000 keep a scan of a log with
    /// hundreds of thousands of clients near 165 MiB in all).
    public var maxStoredSteps: Int
    /// Whether to keep the readable events and every step (the `timeline` command), or only the
    /// steps the rules read (`scan`): then a run of routine requests (same values, same origin,
    /// nothing set, 2xx) keeps one step per `compactionInterval` plus both ends of every longer
    /// gap, so idle gaps stay exact and a day of a busy browser costs hundreds of steps, not
    /// thousands.
    public var recordsEvents: Bool
    public var compactionInterval: TimeInterval
    /// A client idle this long in traffic time is finished.
    public var idleHorizon: TimeInterval

    public init(clientKey: ClientKey = .ipUserAgent, login: RequestPattern = .defaultLogin, logout: RequestPattern = .defaultLogout,
                classifier: CookieClassifier = CookieClassifier(), maxEventsPerClient: Int = 5_000,
                maxOpenClients: Int = 40_000, maxStoredSteps: Int = 120_000, idleHorizon: TimeInterval = 24 * 3600,
                recordsEvents: Bool = true, compactionInterval: TimeInterval = 60) {
        self.clientKey = clientKey
        self.login = login
        self.logout = logout
        self.classifier = classifier
        self.maxEventsPerClient = maxEventsPerClient
        self.maxOpenClients = maxOpenClients
        self.maxStoredSteps = maxStoredSteps
        self.idleHorizon = idleHorizon
        self.recordsEvents = recordsEvents
        self.compactionInterval = compactionInterval
    }
}

/// Rebuilds per-client timelines from transactions in time order: client identity by key and
/// by cookie lineage (a client presenting a value issued to an earlier client is that client,
/// whatever its address), a replayed cookie jar, and login and logout recognition. State is
/// bounded: clients idle past `idleHorizon`, and the least recently active ones beyond
/// `maxOpenClients` or `maxStoredSteps`, are finished and handed back by `add` so the caller
/// can judge and drop them.
public struct TimelineBuilder: Sendable {
    public let settings: TimelineSettings
    /// Open clients' timelines, in slots reused as clients finish, and each open client's slot
    /// by its number. Slots rather than timelines in a table: finishing a client frees its slot
    /// without shifting its neighbours, and the table holds two integers per client.
    private var slots: [ClientTimeline] = []
    private var freeSlots: [Int] = []
    private var slotOf: [Int: Int] = [:]
    /// Each slot's client number (0 when free) and when it was last seen, side by side: what the
    /// sweeps read of every open client, in one compact array rather than a timeline apiece.
    private var recency: [(lastSeen: Date?, number: Int)] = []
    private var nextNumber = 1
    private var addsSinceSweep = 0
    /// No open client was last seen before this: lowered by every request's time, made exact by
    /// each idle sweep. While it is within the idle horizon nobody can be idle, and the sweep
    /// need not read every open timeline (40,000 of them, every 10,000 requests, on a day of logs).
    private var lastSeenLowerBound: Date?
    /// Steps held by the open clients.
    private var storedSteps = 0
    /// Clients finished before they went idle, to stay within the bounds: behaviour spanning
    /// the cut (a session used again hours later) is judged in two parts.
    public private(set) var clientsFinishedEarly = 0
    private var clientByKey: [ClientIdentity.Key: Int] = [:]
    private var ownerOfValue = AgeingMap<CookieValueKey, Int>(generationSize: TimelineBuilder.rememberedValuesPerGeneration)
    /// Which client each session value was first issued to (bounded).
    private var firstIssuedTo = AgeingMap<CookieValueKey, Int>(generationSize: TimelineBuilder.rememberedValuesPerGeneration)
    /// Whether each path seen lately matches the login and the logout pattern's paths.
    private var pathVerdicts = AgeingMap<String, PathVerdict>(generationSize: TimelineBuilder.rememberedPaths)
    static let rememberedPaths = 4_096
    /// Whether the last method seen is the login's and the logout's.
    private var lastMethodVerdict: (method: String, login: Bool, logout: Bool)?
    /// Each map above remembers between one and two generations of values, the newest: a
    /// day of logs with millions of clients ages the oldest out rather than growing.
    static let rememberedValuesPerGeneration = 100_000
    private static let passwordFields = ["password", "passwd", "pass", "pwd", "passphrase"]

    public init(settings: TimelineSettings) {
        self.settings = settings
    }

    /// The clients still open, in order of first appearance.
    public var clients: [ClientTimeline] { slotOf.keys.sorted().map { slots[slotOf[$0]!].settled() } }

    /// Adds one transaction; returns the clients finished to keep state bounded.
    @discardableResult
    public mutating func add(_ transaction: HTTPTransaction) -> [ClientTimeline] {
        add(transaction, cookies: ExchangeCookies(transaction, classifier: settings.classifier))
    }

    /// The same, from the exchange's cookies already parsed and classified.
    @discardableResult
    public mutating func add(_ transaction: HTTPTransaction, cookies: ExchangeCookies) -> [ClientTimeline] {
        record(transaction, cookies: cookies)
        return finishStale(now: transaction.requestTime ?? transaction.responseTime)
    }

    /// Finishes every open client (the end of the input), handing each to `body` in order of
    /// first appearance and letting it go after: the end of a long input then never holds
    /// every open timeline twice.
    public mutating func finishAll(_ body: (ClientTimeline) -> Void) {
        for number in slotOf.keys.sorted() { body(finish(number)) }
    }

    private mutating func finishStale(now: Date?) -> [ClientTimeline] {
        var finished: [ClientTimeline] = []
        if slotOf.count > settings.maxOpenClients || storedSteps > settings.maxStoredSteps {
            // Finish the least recently active at once, down to nine tenths of both bounds: one
            // sweep per batch keeps this amortised O(log n) per transaction. The oldest are taken
            // from a heap of small (time, number) keys: a tenth or so of them, not a full sort.
            var byAge = AgeHeap(recency.compactMap { $0.number == 0 ? nil : (lastSeen: $0.lastSeen ?? .distantPast, number: $0.number) })
            while slotOf.count > settings.maxOpenClients * 9 / 10 || storedSteps > settings.maxStoredSteps * 9 / 10, let oldest = byAge.popOldest() {
                finished.append(finish(oldest))
                clientsFinishedEarly += 1
            }
        }
        addsSinceSweep += 1
        if let now, addsSinceSweep >= 10_000 {
            addsSinceSweep = 0
            if let bound = lastSeenLowerBound, bound.addingTimeInterval(settings.idleHorizon) < now {
                // One pass: the idle ones, and the earliest last-seen time of the rest (the new
                // bound). A client never seen at a known time is never idle.
                var stale: [Int] = [], oldestKept: Date?
                for client in recency where client.number != 0 {
                    guard let seen = client.lastSeen else { continue }
                    if seen.addingTimeInterval(settings.idleHorizon) < now { stale.append(client.number) } else { oldestKept = min(oldestKept ?? seen, seen) }
                }
                finished += stale.sorted().map { finish($0) }
                lastSeenLowerBound = oldestKept
            }
        }
        return finished
    }

    private mutating func finish(_ number: Int) -> ClientTimeline {
        let slot = slotOf.removeValue(forKey: number)!
        var timeline = ClientTimeline(number: 0)
        swap(&timeline, &slots[slot])  // the slot keeps an empty timeline until it is reused
        recency[slot] = (nil, 0)
        freeSlots.append(slot)
        if let entry = clientByKey.index(forKey: timeline.identity), clientByKey.values[entry] == number {
            clientByKey.remove(at: entry)
        }
        storedSteps -= timeline.steps.count
        timeline.settle()
        return timeline
    }

    private mutating func record(_ transaction: HTTPTransaction, cookies: ExchangeCookies) {
        // Client resolution and the jar check both need the session cookies sent.
        let sentPairs = cookies.sessionSent
        let headers = StepHeaders(request: transaction.request.fields, response: transaction.response?.fields)
        let requestFields = transaction.request.fields.fields
        let index = resolveClient(transaction, agent: headers.userAgent.map { requestFields[$0].value }, sent: sentPairs)
        // Swapped out of its slot while it changes, so appending to its steps does not copy
        // them; a swap moves the timeline without retaining its parts.
        guard let slot = slotOf[index] else { return }
        var client = ClientTimeline(number: index)
        swap(&client, &slots[slot])
        defer { swap(&client, &slots[slot]) }
        let time = transaction.requestTime ?? transaction.responseTime
        let provenance = transaction.provenance
        let recordsEvents = settings.recordsEvents
        func note(_ kind: @autoclosure () -> TimelineEvent.Kind) {
            guard recordsEvents else { return }
            guard client.events.count < settings.maxEventsPerClient else { client.droppedEvents += 1; return }
            client.events.append(TimelineEvent(time: time, provenance: provenance, kind: kind()))
        }

        client.requests += 1
        if client.firstSeen == nil { client.firstSeen = time }
        client.lastSeen = time ?? client.lastSeen
        if let time { lastSeenLowerBound = min(lastSeenLowerBound ?? time, time) }
        recency[slot].lastSeen = client.lastSeen
        for gone in client.jar.expire(at: time) { note(.expired(cookie: gone.name, value: ValueTag(gone.value))) }

        // Read in place: a copy of the request would retain each of its strings once more.
        let requestPath = transaction.request.path  // computed from the target: once
        note(.request(method: transaction.request.method, path: requestPath, status: transaction.response?.status))

        // What the client sent, against what its jar holds.
        let secureOrigin = transaction.scheme == .https || isLocalhost(transaction.request.host)
        // Read only for the readable events (the `timeline` command); a scan skips the filtering.
        let held = recordsEvents ? client.jar.cookies(forHost: transaction.request.host, path: requestPath, secureOrigin: secureOrigin) : []
        var setSession: [(name: String, value: String, deletion: Bool)] = []
        var issuedBefore: [String] = []
        let previous = client.pendingStep ?? client.steps.last
        // The same values as the last request, as most requests send: share its list rather than
        // keep a copy per step; else share the strings of the values it had too.
        let sentSession: [(name: String, value: String)]
        if let previous, Self.sameCookies(previous.sentSessionCookies, sentPairs) {
            sentSession = previous.sentSessionCookies
        } else {
            sentSession = sentPairs.map { pair in
                (pair.name, previous?.sentSessionCookies.first { $0.name == pair.name && $0.value == pair.value }?.value ?? pair.value)
            }
        }
        // By index: iterating would copy (retain and release) each pair's strings.
        for position in sentPairs.indices {
            if recordsEvents { client.sessionValues.insert(sentPairs[position].value) }
            // A value first seen being sent belongs to the client that sent it (lineage).
            let key = CookieValueKey(sentPairs[position])
            if ownerOfValue[key] == nil { ownerOfValue[key] = index }
            guard recordsEvents else { continue }  // `held` is empty otherwise
            let pair = sentPairs[position]
            if let sameName = held.first(where: { $0.name == pair.name }), sameName.value != pair.value {
                note(.unexpectedCookie(cookie: pair.name, value: ValueTag(pair.value), jarHolds: ValueTag(sameName.value)))
            }
        }

        // Login and logout.
        let patterns = patternsMatched(method: transaction.request.method, path: requestPath)
        let loginReason = loginReason(transaction, path: requestPath, matchesLoginPattern: patterns.login,
                                      authorization: headers.authorization, sawLogin: client.sawLogin)
        let logoutReason = patterns.logout ? "\(transaction.request.method) \(requestPath) matches the logout pattern" : nil

        // What the response set.
        var sessionChanged = false
        if transaction.response != nil {
            for set in cookies.set {
                let (cookie, role) = (set.cookie, set.role)
                if case .ignored = role { continue }
                switch client.jar.store(cookie, host: transaction.request.host, requestPath: requestPath, secureOrigin: secureOrigin, at: transaction.responseTime ?? time) {
                case .stored(let stored, let replaced):
                    if role.isSession {
                        let key = CookieValueKey(name: stored.name, value: stored.value)
                        if recordsEvents { client.sessionValues.insert(stored.value) }
                        if let first = firstIssuedTo[key], first != index {
                            issuedBefore.append(stored.name)
                        } else {
                            firstIssuedTo[key] = index
                        }
                        ownerOfValue[key] = index
                        setSession.append((stored.name, stored.value, false))
                    }
                    if let replaced, replaced.value != stored.value {
                        note(.rotated(cookie: stored.name, from: ValueTag(replaced.value), to: ValueTag(stored.value)))
                        sessionChanged = sessionChanged || role.isSession
                    } else if replaced == nil {
                        note(.issued(cookie: stored.name, value: ValueTag(stored.value), persistent: stored.expires != nil))
                        sessionChanged = sessionChanged || role.isSession
                    }
                case .deleted(let stored):
                    note(.deleted(cookie: stored.name, value: ValueTag(stored.value)))
                    // A cookie that is a session by its value (a Tornado signed cookie, a JWT under
                    // any name) is deleted with an empty one, which alone says nothing: the value
                    // it deletes decides.
                    if role.isSession || settings.classifier.role(name: stored.name, value: stored.value).isSession {
                        setSession.append((stored.name, stored.value, true))
                    }
                case .rejected(let reason):
                    note(.rejected(cookie: cookie.name, reason: reason))
                case .nothing:
                    if role.isSession, cookie.isDeletion(receivedAt: transaction.responseTime ?? time) { setSession.append((cookie.name, cookie.value, true)) }
                }
            }
        }

        let echoed = sessionValuesEchoed(in: transaction.response?.textBody ?? [], sent: sentSession, set: setSession)

        var login: (Bool, String)?
        if let loginReason {
            let (succeeded, outcome) = loginOutcome(transaction, sessionChanged: sessionChanged)
            note(.login(succeeded: succeeded, reason: loginReason + "; " + outcome))
            login = (succeeded, loginReason + "; " + outcome)
            client.sawLogin = true
        }
        if let logoutReason { note(.logout(reason: logoutReason)) }
        if client.steps.count < settings.maxEventsPerClient {
            // A client repeats its host, address and User-Agent: share the previous step's strings.
            func shared(_ text: String, _ earlier: String?) -> String {
                if let earlier, earlier == text { return earlier }
                return text
            }
            keep(TimelineStep(
                time: time, provenance: provenance, method: transaction.request.method, host: shared(transaction.request.host, previous?.host),
                port: transaction.server?.port, target: transaction.request.target,
                path: requestPath, scheme: transaction.scheme, status: transaction.response?.status,
                location: headers.location.flatMap { transaction.response?.fields.fields[$0].value },
                referer: headers.referer.map { requestFields[$0].value },
                sentSessionCookies: sentSession, setSessionCookies: setSession,
                clearSiteData: headers.clearSiteData,
                login: login, logout: logoutReason,
                clientAddress: shared(transaction.client?.address ?? "", previous?.clientAddress),
                userAgent: shared(headers.userAgent.map { requestFields[$0].value } ?? "", previous?.userAgent),
                issuedBefore: issuedBefore, sessionCookiesInBody: echoed), in: &client, after: previous)
        }
    }

    // MARK: - Compaction

    /// Adds a step to the client's history; in scan mode, routine steps are thinned out (see
    /// `TimelineSettings.recordsEvents`).
    private mutating func keep(_ step: TimelineStep, in client: inout ClientTimeline, after previous: TimelineStep?) {
        func store(_ step: TimelineStep) {
            client.steps.append(step)
            storedSteps += 1
        }
        guard !settings.recordsEvents else { return store(step) }
        // Invariant: two consecutive kept steps are at most `interval` apart, or they are two
        // consecutive requests (a real gap). The pending step is always the previous request.
        let interval = settings.compactionInterval
        func sinceLastKept(_ step: TimelineStep) -> TimeInterval? {
            guard let time = step.time, let lastKept = client.steps.last?.time else { return nil }
            return time.timeIntervalSince(lastKept)
        }
        if let pending = client.pendingStep, sinceLastKept(step).map({ $0 > interval }) ?? true {
            store(pending)
            client.pendingStep = nil
        }
        let routine = isRoutine(step, after: previous)
        // The step right after an eventful one is always kept: rules read "the next request".
        let droppable = routine && client.lastStepWasRoutine
        client.lastStepWasRoutine = routine
        if droppable, let since = sinceLastKept(step), since <= interval {
            client.pendingStep = step  // the pending one it replaces lies within the interval
            return
        }
        if let pending = client.pendingStep {  // the request before an eventful one is kept as its context
            store(pending)
            client.pendingStep = nil
        }
        store(step)
    }

    /// A request that tells the rules nothing the previous one did not: same session values,
    /// origin, address and User-Agent; a plain GET answered 2xx or 304; nothing set, no login
    /// or logout, no redirect, no query or path parameters, no session value in the URL, and no
    /// Referer from another host.
    private func isRoutine(_ step: TimelineStep, after previous: TimelineStep?) -> Bool {
        guard let previous, step.time != nil, step.setSessionCookies.isEmpty, step.login == nil, step.logout == nil,
              step.location == nil, step.issuedBefore.isEmpty, step.sessionCookiesInBody.isEmpty, !step.clearSiteData,
              step.method == "GET" || step.method == "HEAD",
              let status = step.status, (200...299).contains(status) || status == 304,
              step.scheme == previous.scheme, step.host == previous.host,
              step.clientAddress == previous.clientAddress, step.userAgent == previous.userAgent,
              step.sendsSameSessionCookies(as: previous),
              !step.target.withUTF8Bytes({ $0.contains { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ";") } }),
              !step.sentSessionCookies.indices.contains(where: { step.target.containsBytes(step.sentSessionCookies[$0].value) })
        else { return false }
        guard let referer = step.referer else { return true }
        return Self.referer(referer, isFrom: step.host)
    }

    /// Whether a step's session cookies are the same names and values, in order, as a request sent.
    private static func sameCookies(_ a: [(name: String, value: String)], _ sent: [ExchangeCookies.Sent]) -> Bool {
        a.count == sent.count && a.indices.allSatisfy { a[$0].name == sent[$0].name && a[$0].value == sent[$0].value }
    }

    /// Whether an http or https Referer names this host (ASCII case aside); false for any other
    /// kind of Referer. In place, on bytes: asked for nearly every request of a log.
    private static func referer(_ referer: String, isFrom host: String) -> Bool {
        referer.withUTF8Bytes { bytes in
            let afterScheme: Int
            if bytes.starts(with: "https://".utf8) { afterScheme = 8 } else if bytes.starts(with: "http://".utf8) { afterScheme = 7 } else { return false }
            let authority = bytes[afterScheme...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "?") }
            return host.withUTF8Bytes { $0.elementsEqual(authority) { lowercasedASCIIByte($0) == lowercasedASCIIByte($1) } }
        }
    }

    /// Values shorter than this are not searched for in bodies: short values match by chance.
    static let minimumEchoedValueLength = 8

    /// Names of the session cookies (sent or set in this exchange) whose value appears in the
    /// response body, where scripts and caches can read it whatever HttpOnly says.
    private func sessionValuesEchoed(in body: [UInt8], sent: [(name: String, value: String)],
                                     set: [(name: String, value: String, deletion: Bool)]) -> [String] {
        // Most inputs carry no bodies: return before gathering candidates on this hot path.
        guard !body.isEmpty else { return [] }
        let candidates = sent + set.filter { !$0.deletion }.map { ($0.name, $0.value) }
        var names: [String] = []
        for candidate in candidates where candidate.value.utf8.count >= Self.minimumEchoedValueLength && !names.contains(candidate.name) {
            if body.containsBytes(Array(candidate.value.utf8)) { names.append(candidate.name) }
        }
        return names
    }

    // MARK: - Clients

    private mutating func resolveClient(_ transaction: HTTPTransaction, agent: String?, sent: [ExchangeCookies.Sent]) -> Int {
        // Lineage first: a value issued to a known client identifies it, across address changes.
        for position in sent.indices {
            if let owner = ownerOfValue[CookieValueKey(sent[position])], slotOf[owner] != nil { return owner }
        }
        let identity = clientIdentity(transaction, agent: agent)
        let key = identity.key
        if let existing = clientByKey[key], let slot = slotOf[existing] {
            // Behind one NAT address, a different session value for a name the jar holds is
            // another browser, unless the client just logged in: then it is most likely the new
            // ID from a Set-Cookie the input did not record (nginx logs only the first one).
            let jar = slots[slot].jar.cookies
            let conflicting = sent.contains { pair in jar.contains { $0.name == pair.name && $0.value != pair.value } && ownerOfValue[CookieValueKey(pair)] == nil }
            let justLoggedIn = slots[slot].steps.last?.login?.succeeded == true
            if !conflicting || jar.isEmpty || justLoggedIn { return existing }
        }
        let number = nextNumber
        nextNumber += 1
        var timeline = ClientTimeline(number: number, who: identity)
        timeline.identity = key
        if let free = freeSlots.popLast() {
            slots[free] = consume timeline
            recency[free] = (nil, number)
            slotOf[number] = free
        } else {
            slotOf[number] = slots.count
            slots.append(consume timeline)
            recency.append((nil, number))
        }
        clientByKey[key] = number
        return number
    }

    private func clientIdentity(_ transaction: HTTPTransaction, agent: String?) -> ClientIdentity {
        let address = transaction.client?.address ?? "unknown client"
        switch settings.clientKey {
        case .ip: return ClientIdentity(address: address, agent: nil)
        case .ipUserAgent: return ClientIdentity(address: address, agent: agent ?? "-")
        case .userAgent: return ClientIdentity(address: nil, agent: agent ?? "-")
        }
    }

    // MARK: - Login

    /// Whether the request matches the login and the logout pattern. A site's paths repeat all
    /// day, so each path's verdict is remembered (bounded) rather than matched against every
    /// pattern on every request.
    private mutating func patternsMatched(method: String, path: String) -> (login: Bool, logout: Bool) {
        // A log has a handful of methods, mostly the same string line after line.
        let login: Bool, logout: Bool
        if let last = lastMethodVerdict, last.method == method {
            (login, logout) = (last.login, last.logout)
        } else {
            (login, logout) = (settings.login.matches(method: method), settings.logout.matches(method: method))
            lastMethodVerdict = (method, login, logout)
        }
        guard login || logout else { return (false, false) }
        let paths: (login: Bool, logout: Bool)
        if let known = pathVerdicts[path] {
            paths = (known.login, known.logout)
        } else {
            paths = (settings.login.matches(path: path), settings.logout.matches(path: path))
            pathVerdicts[path] = PathVerdict(login: paths.login, logout: paths.logout)
        }
        return (login && paths.login, logout && paths.logout)
    }

    private func loginReason(_ transaction: HTTPTransaction, path: String, matchesLoginPattern: Bool, authorization: Bool, sawLogin: Bool) -> String? {
        if matchesLoginPattern {
            return "\(transaction.request.method) \(path) matches the login pattern"
        }
        if transaction.request.method == "POST", !transaction.request.formBody.isEmpty {
            let body = String(decoding: transaction.request.formBody, as: UTF8.self).lowercased()
            let names = body.split(separator: "&").compactMap { $0.split(separator: "=").first.map(String.init) }
                + body.components(separatedBy: "name=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            if let field = names.first(where: { name in Self.passwordFields.contains { name.contains($0) } }) {
                return "a form posted with a password field (\(field))"
            }
        }
        if authorization, !sawLogin {
            return "the first request with an Authorization header"
        }
        return nil
    }

    private func loginOutcome(_ transaction: HTTPTransaction, sessionChanged: Bool) -> (Bool, String) {
        guard let response = transaction.response else { return (false, "no response was captured") }
        if [401, 403].contains(response.status) { return (false, "answered \(response.status)") }
        if (300...399).contains(response.status), let location = response.fields.first("Location") {
            let target = location.split(separator: "?").first.map(String.init) ?? location
            let targetPath = target.range(of: "://").map { String(target[$0.upperBound...].drop { $0 != "/" }) } ?? target
            if targetPath == transaction.request.path || settings.login.paths.contains(where: { $0.matches(target) }) {
                return (false, "redirected back to the login page")
            }
            return (true, "redirected to \(target)")
        }
        if sessionChanged { return (true, "a new session cookie was set") }
        if (300...399).contains(response.status) { return (true, "redirected (an access log does not record where)") }
        if (200...299).contains(response.status), !response.textBody.isEmpty {
            // With the body at hand (HAR, capture): the form coming back is a failed attempt;
            // any other answer (a JSON "ok", the account page) means the login went through.
            return Self.hasPasswordInput(response.textBody)
                ? (false, "the login form came back (a password input in the answer)")
                : (true, "answered \(response.status) without the login form")
        }
        return (false, "answered \(response.status) without a redirect or a new session cookie")
    }

    /// An HTML password input: `type=password`, `type="password"` or `type='password'`, in any
    /// case. Bounded by the body, which the sources cap at 64 KiB.
    static func hasPasswordInput(_ body: [UInt8]) -> Bool {
        let text = body.map(lowercasedASCIIByte)
        for candidate in [#"type="password""#, "type='password'", "type=password"] where text.containsBytes(Array(candidate.utf8)) {
            return true
        }
        return false
    }

    private func isLocalhost(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }
}

/// Whether a path matches the login and the logout pattern's paths (methods aside).
private struct PathVerdict: Sendable {
    var login: Bool
    var logout: Bool
}

/// The headers a timeline step reads, found in one pass over each side's fields rather than a
/// lookup per name: this runs for every request of every input.
/// Positions, not values: the values are read where they are kept, so each string is retained
/// once, by its keeper, rather than once more here and released again after.
private struct StepHeaders {
    /// In the request's fields.
    var userAgent: Int?
    var referer: Int?
    var authorization = false
    /// In the response's fields.
    var location: Int?
    var clearSiteData = false

    /// From the fields alone: given the whole transaction, the optimiser copied all of it.
    init(request: HTTPFields, response: HTTPFields?) {
        // By index, reading each name in place: iterating would copy every field.
        let request = request.fields
        for index in request.indices {
            if userAgent == nil, request[index].name.equalsIgnoringASCIICase("User-Agent") { userAgent = index }
            else if referer == nil, request[index].name.equalsIgnoringASCIICase("Referer") { referer = index }
            else if request[index].name.equalsIgnoringASCIICase("Authorization") { authorization = true }
        }
        guard let response = response?.fields else { return }
        for index in response.indices {
            if location == nil, response[index].name.equalsIgnoringASCIICase("Location") { location = index }
            else if response[index].name.equalsIgnoringASCIICase("Clear-Site-Data") { clearSiteData = true }
        }
    }
}

/// A cookie's name and value as a dictionary key: a 64-bit digest rather than the strings, so
/// the million values the builder remembers take 16 bytes each, not a copy of every value.
/// SipHash with the process's random seed (Hasher): two values colliding is a 2^-64 chance per
/// pair, and traffic cannot be crafted to make them collide.
struct CookieValueKey: Hashable, Sendable {
    private let digest: Int

    /// The digest is a keyed hash already: tables use it as it is rather than hash it again
    /// (SipHash over eight bytes, several times for every request of a log).
    func _rawHashValue(seed: Int) -> Int { digest ^ seed }

    init(name: String, value: String) {
        digest = ExchangeCookies.Sent.digest(name: name, value: value)
    }

    /// A sent cookie's key, from the digest its parse already worked out.
    init(_ sent: ExchangeCookies.Sent) {
        digest = sent.digest
    }
}

/// What tells one client from another under the configured client key. Kept as its parts, so
/// looking a request's client up costs a hash of them, not a newly joined string.
struct ClientIdentity: Sendable {
    var address: String?
    var agent: String?

    /// The identity as a table key: a 64-bit digest (SipHash with the process's random seed, as
    /// for `CookieValueKey`), not the strings. A day of logs finishes hundreds of thousands of
    /// clients, and removing a string key from a table hashes its neighbours' long User-Agents
    /// again; a digest is hashed once, when the request comes in, and holds no string.
    struct Key: Hashable, Sendable {
        let digest: Int

        /// Used as it is, as `CookieValueKey`'s.
        func _rawHashValue(seed: Int) -> Int { digest ^ seed }
    }

    var key: Key {
        var hasher = Hasher()
        hasher.combine(address)
        hasher.combine(agent)
        return Key(digest: hasher.finalize())
    }

    /// How reports name the client: "10.0.0.7", "10.0.0.7, Mozilla/5.0 …" or the agent alone.
    var label: String {
        switch (address, agent) {
        case let (address?, agent?): "\(address), \(agent)"
        case let (address?, nil): address
        case let (nil, agent?): agent
        case (nil, nil): ""
        }
    }
}

/// The open clients' (last seen, number) keys as a binary min-heap: the early-finish sweep
/// takes the oldest few from it, in exactly the order a sort would give.
struct AgeHeap {
    private var keys: [(lastSeen: Date, number: Int)]

    init(_ keys: [(lastSeen: Date, number: Int)]) {
        self.keys = keys
        for index in stride(from: keys.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    /// The number of the least recently seen client left (ties: the lowest number).
    mutating func popOldest() -> Int? {
        guard let first = keys.first else { return nil }
        keys.swapAt(0, keys.count - 1)
        keys.removeLast()
        if !keys.isEmpty { siftDown(0) }
        return first.number
    }

    private func isOlder(_ a: Int, _ b: Int) -> Bool {
        (keys[a].lastSeen, keys[a].number) < (keys[b].lastSeen, keys[b].number)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var oldest = parent
            if left < keys.count, isOlder(left, oldest) { oldest = left }
            if right < keys.count, isOlder(right, oldest) { oldest = right }
            if oldest == parent { return }
            keys.swapAt(parent, oldest)
            parent = oldest
        }
    }
}
