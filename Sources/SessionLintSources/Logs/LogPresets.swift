/// Named formats for `--log-format`. The cookie-aware ones are meant to be pasted into the
/// server's configuration (README shows the lines).
public enum LogPresets {
    public static let all: [(name: String, format: String, summary: String)] = [
        ("sessionlint-nginx",
         #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $scheme $host "$http_cookie" "$sent_http_set_cookie""#,
         "combined plus scheme, host, Cookie and Set-Cookie (nginx log_format)"),
        ("sessionlint-apache",
         #"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %v %p "%{Cookie}i" "%{Set-Cookie}o""#,
         "combined plus host, port, Cookie and Set-Cookie (Apache LogFormat)"),
        ("combined-cookie",
         #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie""#,
         "combined plus the request Cookie header, as many sites log it (no Set-Cookie)"),
        ("combined",
         #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#,
         "the NCSA combined format of nginx and Apache (no cookies)"),
        ("common",
         #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent"#,
         "the NCSA common format (no cookies)"),
    ]

    /// JSON-lines presets: Caddy's and Traefik's access logs, nginx JSON formats keyed by variable
    /// name, and "json" for the json-log-fields mapping.
    public static let jsonPresets = ["caddy", "traefik", "nginx-json", "json"]
    /// Logs that describe their own fields: the W3C extended format (IIS), whose `#Fields`
    /// directive is the format.
    public static let selfDescribing = ["w3c"]

    public static var names: [String] { all.map(\.name) + jsonPresets + selfDescribing }

    public static func format(named name: String) -> String? {
        all.first { $0.name == name }?.format
    }
}
