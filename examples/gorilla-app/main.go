// gorilla/sessions' CookieStore out of the box (the session gob-encoded and signed into the cookie
// `session-name` by gorilla/securecookie): a login that stores the user, an account page that
// counts views (so every visit signs the cookie again), and a logout that expires the cookie.
// Built and run by record.sh for examples/gorilla-session.pcap.
package main

import (
	"fmt"
	"net/http"

	"github.com/gorilla/sessions"
)

var store = sessions.NewCookieStore([]byte("not-a-secret-key-for-the-example"))

func home(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "session-name")
	user, _ := session.Values["user"].(string)
	fmt.Fprintf(w, "hello %s", user)
}

func login(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		session, _ := store.Get(r, "session-name")
		session.Values["user"] = r.FormValue("username")
		session.Save(r, w)
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return
	}
	fmt.Fprint(w, "<form method=post><input name=username><input type=password name=password></form>")
}

func account(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "session-name")
	user, ok := session.Values["user"].(string)
	if !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	views, _ := session.Values["views"].(int)
	session.Values["views"] = views + 1
	session.Save(r, w)
	fmt.Fprintf(w, "account of %s", user)
}

func logout(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "session-name")
	session.Options.MaxAge = -1
	session.Save(r, w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/", home)
	http.HandleFunc("/login", login)
	http.HandleFunc("/account", account)
	http.HandleFunc("/logout", logout)
	http.ListenAndServe("127.0.0.1:8768", nil)
}
