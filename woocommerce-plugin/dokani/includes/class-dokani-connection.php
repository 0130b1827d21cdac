<?php
/**
 * The store's connection to its Dokani server, kept in options.
 *
 * @package Dokani
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads and writes the connection. The proxy secret is kept in its own option, not autoloaded, so
 * it is read only on the requests that sign something.
 */
class Dokani_Connection {

	const OPTION_SERVER   = 'dokani_server_url';
	const OPTION_SHOP_ID  = 'dokani_shop_id';
	const OPTION_SECRET   = 'dokani_proxy_secret';
	const OPTION_SINCE    = 'dokani_connected_at';
	const OPTION_SETTINGS = 'dokani_storefront';

	/**
	 * Every option the plugin writes (uninstall.php removes them).
	 *
	 * @return string[]
	 */
	public static function option_names() {
		return array( self::OPTION_SERVER, self::OPTION_SHOP_ID, self::OPTION_SECRET, self::OPTION_SINCE, self::OPTION_SETTINGS );
	}

	/**
	 * Whether the store is connected.
	 *
	 * @return bool
	 */
	public static function is_connected() {
		return '' !== self::server_url() && '' !== self::shop_id() && '' !== self::proxy_secret();
	}

	/**
	 * The Dokani server's base URL, without a trailing slash.
	 *
	 * @return string
	 */
	public static function server_url() {
		return untrailingslashit( (string) get_option( self::OPTION_SERVER, '' ) );
	}

	/**
	 * The store's id on the Dokani server.
	 *
	 * @return string
	 */
	public static function shop_id() {
		return (string) get_option( self::OPTION_SHOP_ID, '' );
	}

	/**
	 * The store's proxy secret.
	 *
	 * @return string
	 */
	public static function proxy_secret() {
		return (string) get_option( self::OPTION_SECRET, '' );
	}

	/**
	 * The store's host as Dokani knows it (the `shop` parameter): host and non-default port of the home URL.
	 *
	 * @return string
	 */
	public static function store_host() {
		$parts = wp_parse_url( home_url() );
		$host  = isset( $parts['host'] ) ? strtolower( $parts['host'] ) : '';
		if ( isset( $parts['port'] ) ) {
			$host .= ':' . (int) $parts['port'];
		}
		return $host;
	}

	/**
	 * Saves a new connection.
	 *
	 * @param string $server_url Dokani server URL.
	 * @param string $shop_id    The store's id on the server.
	 * @param string $secret     The proxy secret.
	 */
	public static function save( $server_url, $shop_id, $secret ) {
		update_option( self::OPTION_SERVER, esc_url_raw( untrailingslashit( $server_url ) ), true );
		update_option( self::OPTION_SHOP_ID, sanitize_text_field( $shop_id ), true );
		// Not autoloaded: the secret is read only where a request is signed.
		update_option( self::OPTION_SECRET, $secret, false );
		update_option( self::OPTION_SINCE, time(), true );
	}

	/**
	 * Forgets the connection; the storefront stops forwarding at once.
	 */
	public static function forget() {
		delete_option( self::OPTION_SHOP_ID );
		delete_option( self::OPTION_SECRET );
		delete_option( self::OPTION_SINCE );
	}
}
