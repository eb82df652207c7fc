# A Sinatra 3 app with sessions as its README enables them: `enable :sessions` and a secret,
# which is Rack::Session::Cookie (Rack 2.2): the session is Marshal-dumped, base64-encoded and
# signed with HMAC-SHA1 into the `rack.session` cookie, readable by anyone who holds it and
# not revocable by the server. Logout clears the session. Served on 127.0.0.1:8773 (record.sh).
require "sinatra/base"

class ExampleApp < Sinatra::Base
  enable :sessions
  set :session_secret, "sessionlint-example-secret-0123456789abcdef0123456789abcdef0123456789abcdef"
  set :bind, "127.0.0.1"
  set :port, 8773
  set :logging, false
  set :server, "webrick"
  set :quiet, true

  get("/") { "home" }
  get("/login") { "login form" }

  post "/login" do
    session[:user] = params[:username]
    redirect "/account"
  end

  get "/account" do
    halt 401, "log in first" unless session[:user]
    "account of #{session[:user]}"
  end

  get "/logout" do
    session.clear
    redirect "/"
  end

  run!
end
