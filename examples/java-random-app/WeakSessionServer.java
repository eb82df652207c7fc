// A deliberately weak Java web app for sessionlint's token tests: session IDs written the way
// old Jetty wrote them (CVE-2006-6969), "node0" + two Math.abs(nextLong()) in base36, from a
// java.util.Random shared by every request. Each response also sets a CSRF token from the same
// generator, so consecutive session IDs are not consecutive outputs.
// Run: java WeakSessionServer.java [port]  (listens on 127.0.0.1 only)
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;

public class WeakSessionServer {
    private static final Random RANDOM = new Random();  // the flaw: not SecureRandom

    private static synchronized String sessionId() {
        long r0 = RANDOM.nextLong();
        if (r0 < 0) r0 = -r0;
        long r1 = RANDOM.nextLong();
        if (r1 < 0) r1 = -r1;
        return "node0" + Long.toString(r0, 36) + Long.toString(r1, 36);
    }

    private static synchronized String csrfToken() {
        return Long.toHexString(RANDOM.nextLong());
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8002;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html><body>welcome</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + sessionId() + "; Path=/; HttpOnly");
            exchange.getResponseHeaders().add("Set-Cookie", "csrf=" + csrfToken() + "; Path=/");
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
