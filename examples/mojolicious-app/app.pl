#!/usr/bin/env perl
# A Mojolicious::Lite app with sessions as its guide shows them: the `mojolicious` cookie holds
# the session as base64 JSON signed with HMAC-SHA256 (readable, not revocable by the server),
# kept an hour by default; the logout expires it (`session(expires => 1)`).
# Served on 127.0.0.1:8774 (record.sh).
use Mojolicious::Lite -signatures;

app->secrets(['sessionlint-example-secret-0123456789abcdef']);
app->log->level('fatal');

get '/' => sub ($c) { $c->render(text => 'home') };
get '/login' => sub ($c) { $c->render(text => 'login form') };

post '/login' => sub ($c) {
  $c->session(user => $c->param('username'));
  $c->redirect_to('/account');
};

get '/account' => sub ($c) {
  return $c->render(text => 'log in first', status => 401) unless $c->session('user');
  $c->render(text => 'account of ' . $c->session('user'));
};

get '/logout' => sub ($c) {
  $c->session(expires => 1);
  $c->redirect_to('/');
};

app->start('daemon', '-l', 'http://127.0.0.1:8774');
