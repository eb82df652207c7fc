<?php
return [
    'name' => 'sessionlint example',
    'env' => 'production',
    'debug' => false,
    'url' => 'http://127.0.0.1:8779',
    'key' => 'base64:c2Vzc2lvbmxpbnQtZXhhbXBsZS1rZXktMDEyMzQ1Njc=',
    'cipher' => 'AES-256-CBC',
    'providers' => [
        Illuminate\Cookie\CookieServiceProvider::class,
        Illuminate\Encryption\EncryptionServiceProvider::class,
        Illuminate\Filesystem\FilesystemServiceProvider::class,
        Illuminate\Session\SessionServiceProvider::class,
        Illuminate\View\ViewServiceProvider::class,
        ExampleRoutes::class,
    ],
];
