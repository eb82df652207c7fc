/// What every command that reads traffic reads, said once for all their argument help: each kept
/// its own list, and scan's and transactions' still named only HAR files and captures.
enum InputsHelp {
    static let argument = """
        HAR files, pcap/pcapng captures, access logs (nginx, Apache, Caddy, Traefik, W3C/IIS, \
        CloudFront, JSON lines) and Burp Suite saved items; gzip is decompressed, - is standard input.
        """
}
