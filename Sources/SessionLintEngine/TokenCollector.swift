import Foundation
import SessionLintCore
import SessionLintHTTP
import SessionLintTokens

/// Gathers the session IDs of every input into populations per (host, cookie name): each value
/// at its issuance (Set-Cookie), or first sent (a Cookie header) when the input never showed it
/// being issued, as in a log that starts mid-session.
public struct TokenCollector {
    /// Hostile traffic with endless cookie names or values cannot grow these without bound: at
    /// most this many populations, and this many values kept across all of them (remembered,
    /// and sampled up to each population's capacity: about 100 bytes each), after which
    /// populations keep counting and sampling in place. Populations age what they remember, so
    /// one busy cookie on a long day stays well within the budget.
    public static let maxPopulations = 1_000
    private let maxKeptValues: Int
    private var keptValues = 0
    private let classifier: CookieClassifier
    /// In order of first appearance, each found by its key in `positions`. An array, not a
    /// dictionary of populations: an array's element is read and changed in place, where reading
    /// one through a dictionary's `values` copied the whole population out first.
    private var populations: [TokenPopulation] = []
    private var positions: [PopulationKey: Int] = [:]
    private var lastFound: (key: PopulationKey, index: Int)?
    /// The last sent value found known, by the host and the digest of its name and value (as the
    /// timelines know values): forgotten whenever a value is added, since adding may age the
    /// oldest remembered values out.
    private var lastKnown: (host: String, digest: Int)?
    /// The exchange that first issued a value of each population, for the evidence of findings.
    private var firstIssuance: [PopulationKey: HTTPTransaction] = [:]
    public private(set) var populationsDropped = 0
    /// The value budget was spent at some point: new values were then sampled in place.
    public private(set) var reachedValueLimit = false

    public init(classifier: CookieClassifier, maxKeptValues: Int = 500_000) {
        self.classifier = classifier
        self.maxKeptValues = maxKeptValues
    }

    public mutating func add(_ transaction: HTTPTransaction) {
        add(transaction, cookies: ExchangeCookies(transaction, classifier: classifier))
    }

    /// The same, from the exchange's cookies already parsed and classified.
    public mutating func add(_ transaction: HTTPTransaction, cookies: ExchangeCookies) {
        let host = transaction.request.host
        let client = transaction.client?.address
        if transaction.response != nil, cookies.set.contains(where: { $0.role.isSession }) {
            let time = transaction.responseTime ?? transaction.requestTime
            let user = transaction.request.postedUserName
            // By index, read in place: a `for` loop copies each parsed cookie (a dozen strings).
            for index in cookies.set.indices {
                guard cookies.set[index].role.isSession else { continue }
                let (name, value) = (cookies.set[index].cookie.name, cookies.set[index].cookie.value)
                guard !name.isEmpty, !value.isEmpty, !cookies.set[index].cookie.isDeletion(receivedAt: time) else { continue }
                record(TokenSample(value: value, time: time, client: client, issued: true, provenance: transaction.provenance, user: user),
                       host: host, cookie: name)
                // Whether the population exists, without copying it out of the table to see.
                let key = Self.key(host, name)
                if firstIssuance[key] == nil, positions[key] != nil { firstIssuance[key] = transaction }
                noteSignatureCookie(of: name, host: host, in: cookies.set)
            }
        }
        for pair in cookies.sessionSent where !pair.value.isEmpty {
            // A client sends its ID on every request: a value already known is settled by one
            // lookup, without building a sample, and the value the last request sent (the very
            // string, in a burst of one client's requests) by no lookup at all.
            if let last = lastKnown, last.digest == pair.digest, last.host == host { continue }
            if let index = population(host: host, cookie: pair.name), populations[index].knows(pair.value) {
                lastKnown = (host, pair.digest)
                continue
            }
            record(TokenSample(value: pair.value, time: transaction.requestTime, client: client, issued: false, provenance: transaction.provenance),
                   host: host, cookie: pair.name)
        }
    }

    /// Keygrip's signature cookie, `<name>.sig`, set in the same response as the value it signs
    /// (Koa's ctx.cookies, cookie-session): noted once per population.
    private mutating func noteSignatureCookie(of name: String, host: String, in set: [ExchangeCookies.Set]) {
        // Most responses set one cookie: then there is no companion to look for or name.
        guard set.count > 1 else { return }
        let signatureName = name + ".sig"
        guard set.contains(where: { $0.cookie.name == signatureName && !$0.cookie.value.isEmpty }),
              let index = population(host: host, cookie: name), populations[index].signatureCookie == nil else { return }
        populations[index].noteSignatureCookie(signatureName)
    }

    /// Where the population of this host and cookie is, if there is one. The last one found is
    /// remembered: consecutive requests mostly carry the same site's same cookie.
    private mutating func population(host: String, cookie: String) -> Int? {
        if let last = lastFound, last.key.cookie == cookie, last.key.host == host { return last.index }
        let key = Self.key(host, cookie)
        guard let index = positions[key] else { return nil }
        lastFound = (key, index)
        return index
    }

    /// The populations in order of first appearance.
    public var result: [TokenPopulation] { populations }

    /// The exchange that first issued one of the population's values, if the input showed one.
    public func firstIssuance(of population: TokenPopulation) -> HTTPTransaction? {
        firstIssuance[Self.key(population.host, population.cookie)]
    }

    /// A population's host and cookie name, hashed as they are rather than joined into a new
    /// string for every cookie of every request.
    private struct PopulationKey: Hashable {
        var host: String
        var cookie: String
    }

    private static func key(_ host: String, _ cookie: String) -> PopulationKey { PopulationKey(host: host, cookie: cookie) }

    private mutating func record(_ sample: TokenSample, host: String, cookie: String) {
        lastKnown = nil
        let index: Int
        if let known = population(host: host, cookie: cookie) {
            index = known
        } else {
            guard populations.count < Self.maxPopulations else { populationsDropped += 1; return }
            index = populations.count
            positions[Self.key(host, cookie)] = index
            populations.append(TokenPopulation(host: host, cookie: cookie))
        }
        let mayGrow = keptValues < maxKeptValues
        let remembered = populations[index].rememberedValues
        let new = populations[index].add(sample, mayGrow: mayGrow)
        keptValues += populations[index].rememberedValues - remembered  // less when a generation ages out
        if new, !mayGrow { reachedValueLimit = true }
    }
}
