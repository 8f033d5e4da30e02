<?php
// Loads the search benchmark's posts (a JSON file written by bench/search-wordpress.ts)
// into the WordPress peer through WordPress's own API, so its /?s= searches the same
// text Wishcast's /search does. Idempotent: a second run with the same file does nothing.
//
// Usage: php bench/wordpress/search-posts.php http://127.0.0.1:8080 posts.json
if (PHP_SAPI !== 'cli') { http_response_code(403); exit(1); }
if (count($argv) < 3) { fwrite(STDERR, "usage: php {$argv[0]} SITE_URL POSTS.json\n"); exit(2); }
$site = parse_url(rtrim($argv[1], '/'));
// Debian's wp-config.php picks /etc/wordpress/config-<host>.php from the request's host.
$_SERVER['HTTP_HOST'] = $site['host'] . (isset($site['port']) ? ':' . $site['port'] : '');
$_SERVER['SERVER_NAME'] = $site['host'];
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';

$json = file_get_contents($argv[2]);
$stamp = hash('sha256', $json);
if (get_option('wishcast_search_bench') === $stamp) {
    echo "wordpress: the search benchmark's posts are already loaded\n";
    exit(0);
}

// Drop an earlier load (another file), then insert this one in one go.
$earlier = get_posts(['post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids',
    'meta_key' => '_wishcast_search_bench']);
foreach ($earlier as $id) { wp_delete_post($id, true); }

wp_defer_term_counting(true);
wp_suspend_cache_invalidation(true);
$statuses = ['published' => 'publish', 'scheduled' => 'future', 'draft' => 'draft'];
$count = 0;
foreach (json_decode($json, true) as $post) {
    $date = $post['published_at'] ? gmdate('Y-m-d H:i:s', strtotime($post['published_at'])) : null;
    $fields = [
        'post_type' => 'post',
        'post_status' => $statuses[$post['status']],
        'post_author' => 1,
        'post_title' => $post['title'],
        'post_name' => $post['slug'],
        'post_content' => $post['body_html'],
        'post_excerpt' => $post['excerpt'],
        'meta_input' => ['_wishcast_search_bench' => 1],
    ];
    if ($date) { $fields['post_date'] = $date; $fields['post_date_gmt'] = $date; }
    $id = wp_insert_post($fields, true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    if (++$count % 1000 === 0) { echo "wordpress: {$count} posts\n"; }
}
wp_suspend_cache_invalidation(false);
wp_defer_term_counting(false);
update_option('wishcast_search_bench', $stamp, false);
echo "wordpress: loaded {$count} posts\n";
