#!/usr/bin/env perl
# A Dancer2 app with its default session engine (Simple: state in the server's memory, a random
# ID in the `dancer.session` cookie), logging users in as its manual shows: the login stores the
# user in the session without `app->change_session_id`, so the pre-login ID stays valid; the
# logout destroys the session, so a replayed cookie is refused. Served on 127.0.0.1:8778
# (record.sh).
package ExampleApp;
use Dancer2;

set session => 'Simple';
set logger => 'null';

get '/' => sub { session visits => (session('visits') // 0) + 1; 'home' };
get '/login' => sub { 'login form' };

post '/login' => sub {
    session user => body_parameters->get('username');
    redirect '/account';
};

get '/account' => sub {
    return send_error('log in first', 401) unless session('user');
    'account of ' . session('user');
};

get '/logout' => sub {
    app->destroy_session;
    redirect '/';
};

package main;
use Plack::Runner;
my $runner = Plack::Runner->new;
$runner->parse_options('--listen', '127.0.0.1:8778', '--no-default-middleware');
$runner->run(ExampleApp->to_app);
