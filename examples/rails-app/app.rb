# A single-file Rails 6.1 app with the session handling of the Rails security guide: the
# default cookie store (AES-256-GCM encrypted, SameSite=Lax by load_defaults 6.1), reset_session
# on login against fixation, and reset_session on logout. The session lives in the cookie, so
# the server cannot revoke an old copy: a cookie held from before the logout still works.
# Served by WEBrick on 127.0.0.1:8772 (record.sh).
require "action_controller/railtie"

class ExampleApp < Rails::Application
  config.load_defaults 6.1
  config.eager_load = false
  config.secret_key_base = "sessionlint-example-secret-key-base-0123456789abcdef0123456789abcdef"
  config.session_store :cookie_store, key: "_example_session"
  config.hosts.clear
  config.logger = Logger.new(nil)
  routes.append do
    root "pages#home"
    get "/login", to: "sessions#new"
    post "/login", to: "sessions#create"
    get "/account", to: "pages#account"
    get "/logout", to: "sessions#destroy"
  end
end
ExampleApp.initialize!

class PagesController < ActionController::Base
  def home
    session[:visits] = session[:visits].to_i + 1
    render plain: "home"
  end

  def account
    return head :unauthorized unless session[:user]
    render plain: "account of #{session[:user]}"
  end
end

class SessionsController < ActionController::Base
  # The example posts with curl, without the form's authenticity token.
  skip_forgery_protection

  def new
    render plain: "login form"
  end

  def create
    reset_session
    session[:user] = params[:username]
    redirect_to "/account"
  end

  def destroy
    reset_session
    redirect_to "/"
  end
end

Rack::Handler::WEBrick.run(ExampleApp, Host: "127.0.0.1", Port: 8772, Logger: WEBrick::Log.new(nil), AccessLog: [])
