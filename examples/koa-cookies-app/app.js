// A signed client-side session the way Koa's ctx.cookies and the cookie-session middleware keep
// one, with the `cookies` library they use: base64 JSON in `koa.sess`, its Keygrip HMAC in the
// `koa.sess.sig` cookie beside it, for a day. A login that stores the user, an account page that
// counts views (so every visit signs the cookie again), and a logout that clears the cookie.
// Run by record.sh for examples/koa-cookies-session.pcap.
const http = require("http");
const Cookies = require("cookies");
const keys = ["not-a-secret"];

function load(cookies) {
  const raw = cookies.get("koa.sess", { signed: true });
  if (!raw) return {};
  try { return JSON.parse(Buffer.from(raw, "base64").toString("utf8")); } catch { return {}; }
}
function save(cookies, session) {
  cookies.set("koa.sess", Buffer.from(JSON.stringify(session)).toString("base64"), { signed: true, httpOnly: true, maxAge: 86400000 });
}

http.createServer((req, res) => {
  const cookies = new Cookies(req, res, { keys });
  const session = load(cookies);
  const url = req.url;
  if (url === "/login" && req.method === "POST") {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const user = new URLSearchParams(body).get("username");
      save(cookies, { user, views: 0 });
      res.writeHead(303, { Location: "/account" }).end();
    });
    return;
  }
  if (url === "/login") return res.end("<form method=post><input name=username><input type=password name=password></form>");
  if (url === "/account") {
    if (!session.user) return res.writeHead(303, { Location: "/login" }).end();
    session.views += 1;
    save(cookies, session);
    return res.end(`account of ${session.user}`);
  }
  if (url === "/logout") {
    cookies.set("koa.sess", null, { signed: true });
    return res.writeHead(303, { Location: "/" }).end();
  }
  res.end(`hello ${session.user || "anonymous"}`);
}).listen(8770, "127.0.0.1");
