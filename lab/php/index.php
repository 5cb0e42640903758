<?php
// The lab's demo shop on php-fpm: reads from a replica Hot Seat calls read-eligible (the writer
// when there is none: the story's root cause), writes to the writer named in Hot Seat's writer
// file, and lets nginx's maintenance snippet answer while the site is in maintenance.
declare(strict_types=1);

const ROUTING_TTL_SECONDS = 2;
// A request waits at most this long on a blocked table, like an app's own query timeout.
const QUERY_TIMEOUT_SECONDS = 10;

function env_path(string $name): string
{
    $v = getenv($name);
    if ($v === false || $v === '') throw new RuntimeException("$name is not set in the pool");
    return $v;
}

function read_json(string $file): ?array
{
    $text = @file_get_contents($file);
    if ($text === false) return null;
    $data = json_decode($text, true);
    return is_array($data) ? $data : null;
}

function esc($s): string
{
    return htmlspecialchars((string)$s, ENT_QUOTES | ENT_HTML5, 'UTF-8');
}

/** Servers by id from the lab's hotseat.config.json: [id => [host, port]]. */
function lab_servers(): array
{
    $config = read_json(env_path('SHOP_CONFIG')) ?? [];
    $out = [];
    foreach ($config['servers'] ?? [] as $s) $out[$s['id']] = ['id' => $s['id'], 'host' => $s['host'], 'port' => (int)$s['port']];
    return $out;
}

/** The writer: Hot Seat's writer file when it has published one, else db1 as a hard-coded app would. */
function writer(array $servers): array
{
    $file = read_json(env_path('SHOP_WRITER_FILE'));
    if ($file && isset($file['id'], $file['port'])) {
        return ['id' => (string)$file['id'], 'host' => (string)($file['host'] ?? '127.0.0.1'), 'port' => (int)$file['port'], 'source' => 'dashboard'];
    }
    return $servers['db1'] + ['source' => 'fallback'];
}

/** Which replicas Hot Seat calls read-eligible, asked at most every ROUTING_TTL_SECONDS and shared by the workers. */
function read_eligible(): array
{
    $cache = env_path('SHOP_ROUTING_CACHE');
    $cached = read_json($cache);
    if ($cached && isset($cached['at']) && time() - (int)$cached['at'] < ROUTING_TTL_SECONDS) return $cached;
    $secrets = read_json(env_path('SHOP_SECRETS')) ?? [];
    $ctx = stream_context_create(['http' => [
        'timeout' => 1.5,
        'ignore_errors' => true,
        'header' => 'Authorization: Bearer ' . ($secrets['tokens']['lab-viewer'] ?? ''),
    ]]);
    $body = @file_get_contents(rtrim(env_path('SHOP_DASHBOARD_URL'), '/') . '/api/topology', false, $ctx);
    $topology = $body === false ? null : json_decode($body, true);
    $eligible = [];
    foreach (($topology['servers'] ?? []) as $s) if (($s['readEligible'] ?? false) === true) $eligible[] = $s['id'];
    $routing = ['at' => time(), 'readEligible' => $eligible, 'dashboardReachable' => is_array($topology) && isset($topology['servers'])];
    $tmp = $cache . '.' . getmypid();
    if (@file_put_contents($tmp, json_encode($routing)) !== false) @rename($tmp, $cache);
    return $routing;
}

function connect(array $route, string $password): mysqli
{
    mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
    $db = mysqli_init();
    $db->options(MYSQLI_OPT_CONNECT_TIMEOUT, 2);
    $db->options(MYSQLI_OPT_READ_TIMEOUT, QUERY_TIMEOUT_SECONDS + 2);
    $db->real_connect($route['host'], 'app', $password, 'shop', $route['port']);
    $t = QUERY_TIMEOUT_SECONDS;
    $db->query("SET SESSION max_statement_time = $t, lock_wait_timeout = $t");
    return $db;
}

function page(string $title, string $body): string
{
    return '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>' . esc($title) . '</title>'
        . '<style>body{font:15px system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}'
        . 'table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}'
        . '.meta{background:#f4f4f4;padding:.6rem;border-radius:6px}.warn{color:#a40}</style></head>'
        . '<body><h1>' . esc($title) . '</h1>' . $body . '</body></html>';
}

function send(int $status, string $body, string $type = 'text/html; charset=utf-8'): void
{
    http_response_code($status);
    header("Content-Type: $type");
    header('Cache-Control: no-store');
    echo $body;
}

const CUSTOMERS = ['ada', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'edsger', 'donald', 'frances', 'john'];

/** One new order on the writer, the way the shop's checkout writes it. */
function place_order(array $writer, string $password): int
{
    $db = connect($writer, $password);
    $product = random_int(1, 8);
    $quantity = random_int(1, 3);
    $customer = CUSTOMERS[array_rand(CUSTOMERS)];
    $stmt = $db->prepare('INSERT INTO orders (product_id, quantity, customer, written_on) VALUES (?, ?, ?, ?)');
    $stmt->bind_param('iiss', $product, $quantity, $customer, $writer['id']);
    $stmt->execute();
    $id = (int)$db->insert_id;
    $stmt = $db->prepare('UPDATE products SET stock = GREATEST(stock - ?, 0) WHERE id = ?');
    $stmt->bind_param('ii', $quantity, $product);
    $stmt->execute();
    $db->close();
    return $id;
}

function home(array $servers, array $writer, array $routing, string $password): string
{
    $eligible = array_values(array_filter($routing['readEligible'], fn($id) => $id !== $writer['id'] && isset($servers[$id])));
    $fellBack = !$eligible;
    $route = $fellBack ? $writer : $servers[$eligible[random_int(0, count($eligible) - 1)]];
    $db = connect($route, $password);
    $products = $db->query('SELECT id, name, price_cents, stock FROM products ORDER BY id LIMIT 8')->fetch_all(MYSQLI_ASSOC);
    $orders = $db->query('SELECT o.id, o.customer, o.quantity, p.name, o.written_on FROM orders o
        JOIN products p ON p.id = o.product_id ORDER BY o.id DESC LIMIT 8')->fetch_all(MYSQLI_ASSOC);
    $db->close();
    $rows = '';
    foreach ($products as $p) $rows .= '<tr><td>' . (int)$p['id'] . '</td><td>' . esc($p['name']) . '</td><td>' . number_format($p['price_cents'] / 100, 2) . '</td><td>' . (int)$p['stock'] . '</td></tr>';
    $latest = '';
    foreach ($orders as $o) $latest .= '<tr><td>' . (int)$o['id'] . '</td><td>' . esc($o['customer']) . '</td><td>' . esc($o['name']) . '</td><td>' . (int)$o['quantity'] . '</td><td>' . esc($o['written_on']) . '</td></tr>';
    $placed = isset($_GET['order']) ? '<p>Order #' . esc($_GET['order']) . ' placed.</p>' : '';
    return page('Coffee Gear Shop', '<p class="meta">Read served by <b id="read-server">' . esc($route['id']) . '</b>'
        . ($fellBack ? ' <span class="warn">(no replica within the cutoff: reads fall back to the writer)</span>' : '')
        . '. Writer: <b id="writer">' . esc($writer['id']) . '</b> ('
        . ($writer['source'] === 'dashboard' ? 'published by Hot Seat' : 'fallback: db1, nothing published yet') . ').</p>'
        . $placed . '<form method="post" action="/order"><button>Place a test order</button></form>'
        . '<h2>Products</h2><table><tr><th>#</th><th>Product</th><th>Price</th><th>Stock</th></tr>' . $rows . '</table>'
        . '<h2>Latest orders</h2><table><tr><th>#</th><th>Customer</th><th>Item</th><th>Qty</th><th>Written on</th></tr>' . $latest . '</table>');
}

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
try {
    if ($path === '/hooks/alerts' && $method === 'POST') {
        // The lab's own alert webhook: Hot Seat's test notification has somewhere to land.
        http_response_code(204);
        header('Cache-Control: no-store');
        return;
    }
    $servers = lab_servers();
    $writer = writer($servers);
    if ($path === '/healthz') {
        $routing = read_eligible();
        send(200, json_encode([
            'ok' => true,
            'writer' => $writer['id'],
            'writerSource' => $writer['source'],
            'readEligible' => $routing['readEligible'],
            'dashboardReachable' => $routing['dashboardReachable'],
            'maintenance' => file_exists(env_path('SHOP_MAINTENANCE_FLAG')),
            'worker' => getmypid(),
        ]), 'application/json');
        return;
    }
    $password = (read_json(env_path('SHOP_SECRETS')) ?? [])['appPassword'] ?? '';
    if ($path === '/') {
        send(200, home($servers, $writer, read_eligible(), $password));
        return;
    }
    if ($path === '/order' && ($method === 'POST' || $method === 'GET')) {
        $id = place_order($writer, $password);
        if ($method === 'POST') {
            http_response_code(303);
            header("Location: /?order=$id");
            return;
        }
        send(200, page('Order placed', '<p>Order <b id="order-id">#' . $id . '</b> written on <b id="writer">' . esc($writer['id']) . '</b>.</p>'));
        return;
    }
    send(404, page('Not found', '<p>No such page.</p>'));
} catch (Throwable $e) {
    send(503, page('Database trouble', '<p>The shop cannot reach its database right now.</p><pre>' . esc($e->getMessage()) . '</pre>'));
}
