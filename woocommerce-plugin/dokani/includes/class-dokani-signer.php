<?php
/**
 * Request signatures shared with the Dokani server.
 *
 * Pure functions with no WordPress dependency, so tests/check-signatures.php can run them from the
 * command line against the same vectors the server's tests use.
 *
 * @package Dokani
 */

defined( 'ABSPATH' ) || defined( 'DOKANI_CLI' ) || exit;

/**
 * Signs storefront requests (the app-proxy signature) and the plugin's server-to-server requests.
 */
class Dokani_Signer {

	/**
	 * The string the proxy signature covers: every parameter but `signature`, sorted by key (byte
	 * order), each written `key=value` with a repeated key's values joined by `,`, concatenated.
	 *
	 * @param array $pairs List of array( key, value ) pairs, in the order they appear in the query.
	 * @return string
	 */
	public static function proxy_base( array $pairs ) {
		$grouped = array();
		foreach ( $pairs as $pair ) {
			$key   = (string) $pair[0];
			$value = (string) $pair[1];
			if ( 'signature' === $key ) {
				continue;
			}
			if ( ! isset( $grouped[ $key ] ) ) {
				$grouped[ $key ] = array();
			}
			$grouped[ $key ][] = $value;
		}
		$keys = array_map( 'strval', array_keys( $grouped ) );
		usort( $keys, 'strcmp' );
		$base = '';
		foreach ( $keys as $key ) {
			$base .= $key . '=' . implode( ',', $grouped[ $key ] );
		}
		return $base;
	}

	/**
	 * Lowercase hex HMAC-SHA256 of the proxy base with the store's proxy secret.
	 *
	 * @param array  $pairs  List of array( key, value ) pairs.
	 * @param string $secret The store's proxy secret.
	 * @return string
	 */
	public static function sign_proxy( array $pairs, $secret ) {
		return hash_hmac( 'sha256', self::proxy_base( $pairs ), (string) $secret );
	}

	/**
	 * The signature of a server-to-server request: hex HMAC-SHA256 of "{timestamp}.{body}".
	 *
	 * @param string     $secret    The store's proxy secret.
	 * @param string|int $timestamp Unix seconds.
	 * @param string     $body      The raw request body.
	 * @return string
	 */
	public static function sign_request( $secret, $timestamp, $body ) {
		return hash_hmac( 'sha256', (string) $timestamp . '.' . (string) $body, (string) $secret );
	}

	/**
	 * The query pairs of a raw query string, keeping repeated keys and their order; `a[]=1` stays `a[]`.
	 *
	 * PHP's own parse_str() folds repeated keys and rewrites brackets, which would sign a different
	 * string from the one the server sees, so the raw string is split by hand.
	 *
	 * @param string $query A raw query string without the leading '?'.
	 * @return array List of array( key, value ) pairs.
	 */
	public static function parse_query( $query ) {
		$pairs = array();
		if ( '' === (string) $query ) {
			return $pairs;
		}
		foreach ( explode( '&', (string) $query ) as $part ) {
			if ( '' === $part ) {
				continue;
			}
			$kv      = explode( '=', $part, 2 );
			$pairs[] = array( urldecode( $kv[0] ), isset( $kv[1] ) ? urldecode( $kv[1] ) : '' );
		}
		return $pairs;
	}

	/**
	 * Builds the query string to forward: the shopper's own parameters (minus the ones the plugin
	 * sets), then the plugin's, then the signature over all of them.
	 *
	 * @param array  $original    The shopper's query pairs.
	 * @param array  $own         The plugin's parameters: shop, logged_in_customer_id, path_prefix, timestamp.
	 * @param string $secret      The store's proxy secret.
	 * @return string
	 */
	public static function signed_query( array $original, array $own, $secret ) {
		$reserved = array( 'shop', 'logged_in_customer_id', 'path_prefix', 'timestamp', 'signature' );
		$pairs    = array();
		foreach ( $original as $pair ) {
			if ( ! in_array( (string) $pair[0], $reserved, true ) ) {
				$pairs[] = array( (string) $pair[0], (string) $pair[1] );
			}
		}
		foreach ( $own as $key => $value ) {
			$pairs[] = array( (string) $key, (string) $value );
		}
		$pairs[] = array( 'signature', self::sign_proxy( $pairs, $secret ) );
		$parts   = array();
		foreach ( $pairs as $pair ) {
			$parts[] = rawurlencode( $pair[0] ) . '=' . rawurlencode( $pair[1] );
		}
		return implode( '&', $parts );
	}
}
