// Mozilla's client-sessions middleware for Node out of the box: the session encrypted into the
// cookie `session` (IV, ciphertext, creation time, duration, HMAC), for a day. A login that
// stores the user, an account page that counts views (so every visit encrypts the cookie again),
// and a logout that resets the session. Run by record.sh for examples/client-sessions-session.pcap.
const http = require("http");
const sessions = require("client-sessions");
const middleware = sessions({ cookieName: "session", secret: "not-a-secret-not-a-secret-not-a-secret", duration: 24 * 60 * 60 * 1000 });
http.createServer((req, res) => {
  middleware(req, res, () => {
    if (req.url === "/login" && req.method === "POST") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => { req.session.user = new URLSearchParams(body).get("username"); res.writeHead(303, { Location: "/account" }); res.end(); });
      return;
    }
    if (req.url === "/login") return res.end("<form method=post><input type=password name=password></form>");
    if (req.url === "/account") {
      if (!req.session.user) { res.writeHead(303, { Location: "/login" }); return res.end(); }
      req.session.views = (req.session.views || 0) + 1;
      return res.end(`account of ${req.session.user}`);
    }
    if (req.url === "/logout") { req.session.reset(); res.writeHead(303, { Location: "/" }); return res.end(); }
    res.end(`hello ${req.session.user || "anonymous"}`);
  });
}).listen(8771, "127.0.0.1");
