/// What `sessionlint init` writes: every key, commented, with the defaults. A test parses it.
public enum StarterConfiguration {
    public static let text = """
        # sessionlint configuration (https://github.com/sessionlint/sessionlint#configuration)
        # Every key is optional; a mistake stops the run with this file's name, line and column.

        # Exit 1 when an open finding is at or above: info, low, medium, high, critical, or never.
        fail-on: low

        # Opt-in rules to run, and rules not to run (`sessionlint rules` lists them).
        enabled: []
        #  - session-cookie-no-host-prefix
        disabled: []
        #  - cookie-missing-samesite

        # Per-rule severity and options (`sessionlint rules ID` shows a rule's options).
        rules: {}
        #  session-cookie-persistent:
        #    severity: high
        #    options:
        #      max-lifetime: 12h

        # Your own session cookie names (globs), on top of the framework defaults.
        session-cookies: []
        #  - myapp_auth

        # Cookies to leave alone (globs), on top of the built-in load-balancer and analytics list.
        ignored-cookies: []
        #  - "_pk_*"

        # Accepted findings: each needs a reason; an expiry date makes it lapse.
        suppressions: []
        #  - rule: cookie-missing-secure
        #    host: "*.internal.example.com"
        #    cookie: debug_toolbar
        #    reason: internal-only debugging host, no TLS by design
        #    expires: 2027-06-30

        # Findings accepted in bulk, written by `sessionlint scan --write-baseline FILE`.
        # baseline: .sessionlint-baseline.json

        # A directory of custom YAML rules (see README, "Custom rules").
        # rules-dir: sessionlint-rules

        # Requests that log a user in or out (path globs, case-insensitive, and methods).
        login:
          paths: ["*/login*", "*/signin*", "*/sign_in*", "*/session", "*/sessions", "*/auth/*"]
          methods: [POST]
        logout:
          paths: ["*/logout*", "*/signout*", "*/sign_out*", "*/logoff*"]
          methods: [GET, POST, DELETE]

        # What identifies a client in traffic: ip, ip-user-agent or user-agent.
        client-key: ip-user-agent

        # Scheme to assume where the input does not record one (access logs): http, https or unknown.
        assume-scheme: unknown

        # TLS key logs (SSLKEYLOGFILE) to decrypt HTTPS in captures, besides any --keylog.
        # keylog: [keys.log]

        """
}
