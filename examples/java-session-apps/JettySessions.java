// Real Jetty 9.4 sessions for sessionlint's token tests: an embedded Jetty (Debian's
// libjetty9-java) whose only servlet starts a session with the default session ID manager, as
// every Jetty web app does. Listens on 127.0.0.1 only. See record.sh.
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

public class JettySessions {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8003;
        Server server = new Server(new InetSocketAddress("127.0.0.1", port));
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                request.getSession(true);
                response.setContentType("text/plain");
                response.getWriter().println("session started");
            }
        }), "/");
        server.setHandler(context);
        server.start();
        server.join();
    }
}
