<?php
// A stock PHP app for sessionlint's examples: PHP's own session handling with php.ini defaults
// (PHPSESSID with only path=/), a language cookie set for 500 days, login with
// session_regenerate_id(), logout with session_destroy() and the deletion cookie from the PHP
// manual.
// EXAMPLE_FLAW turns on deliberate flaws, comma-separated: no-rotation (no
// session_regenerate_id() at login), logout-keeps-session (logout only redirects),
// id-in-url (the post-login redirect carries the session ID), token-in-body (the JSON answer
// of /api/whoami includes the session ID, as single-page apps sometimes do for their scripts),
// uniqid-session-id (new session IDs from uniqid(), a pattern seen in hand-rolled PHP code).
$flaws = array_filter(explode(',', getenv('EXAMPLE_FLAW') ?: ''));
if (in_array('uniqid-session-id', $flaws) && !isset($_COOKIE[session_name()])) {
    session_id(uniqid());
}
session_start();
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if ($path === '/prefs') {
    // Two cookies in one response: what do access logs make of several Set-Cookie headers?
    setcookie('theme', 'dark', ['path' => '/', 'samesite' => 'Lax']);
    setcookie('layout', 'wide', ['path' => '/', 'httponly' => true]);
    echo "prefs set\n";
} elseif ($path === '/lang') {
    setcookie('lang', 'en', ['expires' => time() + 500 * 86400, 'path' => '/']);
    echo "lang set\n";
} elseif ($path === '/api/whoami') {
    header('Content-Type: application/json');
    $answer = ['user' => $_SESSION['user'] ?? null];
    if (in_array('token-in-body', $flaws)) {
        $answer['session'] = session_id();
    }
    echo json_encode($answer), "\n";
} elseif ($path === '/login' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    if (!in_array('no-rotation', $flaws)) {
        session_regenerate_id(true);
    }
    $_SESSION['user'] = $_POST['username'] ?? 'nobody';
    header(in_array('id-in-url', $flaws) ? 'Location: /?PHPSESSID=' . session_id() : 'Location: /');
    http_response_code(302);
} elseif ($path === '/logout' && $_SERVER['REQUEST_METHOD'] === 'POST' && in_array('logout-keeps-session', $flaws)) {
    header('Location: /');
    http_response_code(302);
} elseif ($path === '/logout' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    $_SESSION = [];
    $params = session_get_cookie_params();
    setcookie(session_name(), '', time() - 42000, $params['path'], $params['domain'], $params['secure'], $params['httponly']);
    session_destroy();
    header('Location: /');
    http_response_code(302);
} else {
    $_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
    echo 'visits=' . $_SESSION['visits'] . ' user=' . ($_SESSION['user'] ?? '(anonymous)') . "\n";
}
