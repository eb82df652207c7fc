import SessionLintCore

/// Every built-in rule's logic. Each has a `rules/<id>.yaml`; a test keeps the two in step.
public enum RuleRegistry {
    public static let setCookieRules: [any SetCookieRule.Type] = [
        CookieMissingHttpOnly.self, CookieMissingSecure.self, CookieMissingSameSite.self,
        CookieSameSiteNoneInsecure.self, CookieSameSiteInvalid.self, CookieExpiryTooLong.self,
        SessionCookiePersistent.self, CookiePrefixViolation.self, SessionCookieNoHostPrefix.self,
        CookieDomainTooBroad.self, CookieTooLarge.self, CookieMalformed.self, SecureCookieSetOverHTTP.self,
    ]

    public static let transactionRules: [any TransactionRule.Type] = [
        CookieDuplicateInResponse.self,
    ]

    public static let timelineRules: [any TimelineRule.Type] = [
        SessionNotRotatedOnLogin.self, LogoutDoesNotClearCookie.self, SessionCookieSentOverHTTP.self, SessionIDInURL.self,
        SessionMixedScheme.self, SessionCookieSetBeforeHTTPSRedirect.self, SessionIDLeakedViaReferer.self, SessionTokenInResponseBody.self,
        SessionNotInvalidatedOnLogout.self, SessionSharedAcrossClients.self, SessionIDIssuedTwice.self,
        SessionOldIDAcceptedAfterRotation.self, SessionIdleTimeoutTooLong.self, SessionLifetimeTooLong.self,
    ]

    public static let tokenRules: [any TokenRule.Type] = [
        SessionIDPredictable.self, SessionIDLowEntropy.self, SessionIDContainsClientData.self, JWTSessionWeak.self,
        CookieReadableClientState.self,
    ]

    public static var allIDs: [RuleID] {
        setCookieRules.map { $0.id } + transactionRules.map { $0.id } + timelineRules.map { $0.id } + tokenRules.map { $0.id }
    }
}
