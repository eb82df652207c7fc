<?php
// A minimal Laravel 8 app (Debian's php-laravel-framework, no Composer skeleton) with the
// session handling of Laravel's authentication guide: the `web` middleware group (encrypted
// cookies, file sessions, CSRF tokens), `session()->regenerate()` after a login, and
// `invalidate()` plus `regenerateToken()` at logout. Served by `php -S 127.0.0.1:8779` (record.sh).
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Foundation\Application;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Route;
use Illuminate\Support\ServiceProvider;

class ExampleKernel extends Illuminate\Foundation\Http\Kernel
{
    protected $middlewareGroups = [
        'web' => [
            Illuminate\Cookie\Middleware\EncryptCookies::class,
            Illuminate\Cookie\Middleware\AddQueuedCookiesToResponse::class,
            Illuminate\Session\Middleware\StartSession::class,
            ExampleCsrfCheck::class,
        ],
    ];
}

// The example logs in with curl, without the form's CSRF token; every other form is checked.
class ExampleCsrfCheck extends Illuminate\Foundation\Http\Middleware\VerifyCsrfToken
{
    protected $except = ['login'];
}

class ExampleRoutes extends ServiceProvider
{
    public function boot()
    {
        Route::middleware('web')->group(function () {
            Route::get('/', fn () => 'home');
            Route::get('/login', fn () => 'login form');
            Route::post('/login', function (Request $request) {
                $request->session()->regenerate();
                $request->session()->put('user', $request->input('username'));
                return redirect('/account');
            });
            Route::get('/account', function (Request $request) {
                $user = $request->session()->get('user');
                return $user ? 'account of ' . $user : response('log in first', 401);
            });
            Route::get('/logout', function (Request $request) {
                $request->session()->invalidate();
                $request->session()->regenerateToken();
                return redirect('/');
            });
        });
    }
}

// What the framework writes (its package manifest, the session files) goes to a scratch directory.
$scratch = sys_get_temp_dir() . '/sessionlint-laravel-example';
@mkdir($scratch . '/sessions', 0700, true);
$_SERVER['APP_PACKAGES_CACHE'] = $scratch . '/packages.php';
$_SERVER['APP_SERVICES_CACHE'] = $scratch . '/services.php';
$app = new Application(dirname(__DIR__));
$app->singleton(Illuminate\Contracts\Http\Kernel::class, ExampleKernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, Illuminate\Foundation\Exceptions\Handler::class);
$kernel = $app->make(Illuminate\Contracts\Http\Kernel::class);
$response = $kernel->handle($request = Request::capture());
$response->send();
$kernel->terminate($request, $response);
