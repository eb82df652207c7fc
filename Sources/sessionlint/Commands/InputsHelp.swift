/// What every analysing command reads, said once: the commands' argument help and the overview
/// all list it, and a list kept in five places had fallen behind the inputs four times.
enum InputsHelp {
    static let argument = """
        HAR files, pcap/pcapng captures, access logs (nginx, Apache, Caddy, Traefik, W3C/IIS, \
        CloudFront, JSON lines) and Burp Suite saved items; gzip is decompressed, - is standard input.
        """
}
