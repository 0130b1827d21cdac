<?php
/**
 * The storefront's door to Dokani: /wp-json/dokani/v1/proxy/{path}.
 *
 * @package Dokani
 */

defined( 'ABSPATH' ) || exit;

/**
 * Forwards storefront requests to the Dokani server's /proxy/{path}, signed exactly like Shopify's
 * app proxy signs them (API.md, "Signature") but with this store's own proxy secret. The route is
 * public because shoppers are anonymous; it only forwards, and Dokani checks every request.
 */
class Dokani_Proxy {

	const ROUTE = '/proxy/(?P<path>[A-Za-z0-9._~/-]*)';

	/** Headers passed on to Dokani as they came. */
	const FORWARDED_HEADERS = array( 'content_type' => 'Content-Type', 'accept' => 'Accept', 'authorization' => 'Authorization', 'idempotency_key' => 'Idempotency-Key', 'accept_language' => 'Accept-Language' );

	/**
	 * Registers the route and the raw-body serving of its answers.
	 */
	public static function register_routes() {
		register_rest_route(
			DOKANI_REST_NAMESPACE,
			self::ROUTE,
			array(
				'methods'             => array( 'GET', 'POST', 'PUT', 'PATCH', 'DELETE' ),
				'callback'            => array( __CLASS__, 'forward' ),
				// The storefront is anonymous; Dokani authenticates the signed request itself.
				'permission_callback' => '__return_true',
			)
		);
		add_filter( 'rest_pre_serve_request', array( __CLASS__, 'serve_raw' ), 10, 4 );
	}

	/**
	 * The path prefix the storefront sees, signed as `path_prefix`.
	 *
	 * @return string
	 */
	public static function path_prefix() {
		return '/' . trim( rest_get_url_prefix(), '/' ) . '/' . DOKANI_REST_NAMESPACE . '/proxy';
	}

	/**
	 * The signed query string for a forwarded request.
	 *
	 * @param string $raw_query The shopper's raw query string.
	 * @return string
	 */
	public static function signed_query( $raw_query ) {
		$original = array();
		foreach ( Dokani_Signer::parse_query( $raw_query ) as $pair ) {
			// WordPress's own routing parameter (plain permalinks) is not the shopper's.
			if ( 'rest_route' !== $pair[0] ) {
				$original[] = $pair;
			}
		}
		$user = get_current_user_id();
		$own  = array(
			'shop'                  => Dokani_Connection::store_host(),
			'logged_in_customer_id' => $user ? (string) $user : '',
			'path_prefix'           => self::path_prefix(),
			'timestamp'             => (string) time(),
		);
		return Dokani_Signer::signed_query( $original, $own, Dokani_Connection::proxy_secret() );
	}

	/**
	 * An error in API.md's body.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $code    Error code.
	 * @param string $message A sentence a person can act on.
	 * @return WP_REST_Response
	 */
	private static function error( $status, $code, $message ) {
		$response = new WP_REST_Response( wp_json_encode( array( 'error' => array( 'code' => $code, 'message' => $message ) ) ), $status );
		$response->header( 'Content-Type', 'application/json; charset=utf-8' );
		$response->header( 'Cache-Control', 'no-store' );
		$response->header( 'X-Dokani-Raw', '1' );
		return $response;
	}

	/**
	 * Forwards one request.
	 *
	 * @param WP_REST_Request $request The storefront request.
	 * @return WP_REST_Response
	 */
	public static function forward( WP_REST_Request $request ) {
		if ( ! Dokani_Connection::is_connected() ) {
			return self::error( 503, 'unavailable', __( 'This store is not connected to Dokani yet.', 'dokani' ) );
		}
		$path = (string) $request->get_param( 'path' );
		if ( false !== strpos( $path, '..' ) ) {
			return self::error( 404, 'not_found', __( 'No such resource.', 'dokani' ) );
		}
		$raw_query = isset( $_SERVER['QUERY_STRING'] ) ? wp_unslash( $_SERVER['QUERY_STRING'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- signed byte for byte, sanitising would change it.
		$url       = Dokani_Connection::server_url() . '/proxy/' . ltrim( $path, '/' ) . '?' . self::signed_query( $raw_query );

		$headers = array();
		foreach ( self::FORWARDED_HEADERS as $key => $name ) {
			$value = $request->get_header( $key );
			if ( null !== $value && '' !== $value ) {
				$headers[ $name ] = $value;
			}
		}
		$headers['X-Forwarded-For'] = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';

		$body = $request->get_body();
		if ( 0 === stripos( (string) $request->get_header( 'content_type' ), 'multipart/form-data' ) ) {
			// PHP parses multipart bodies into $_FILES and leaves no raw body: build it again.
			list( $body, $headers['Content-Type'] ) = self::multipart_body( $request );
		}

		if ( false !== stripos( (string) $request->get_header( 'accept' ), 'text/event-stream' ) && function_exists( 'curl_init' ) ) {
			self::stream( $request->get_method(), $url, $headers, $body );
		}

		$answer = wp_remote_request(
			$url,
			array(
				'method'      => $request->get_method(),
				'headers'     => $headers,
				'body'        => in_array( $request->get_method(), array( 'GET', 'HEAD' ), true ) ? null : $body,
				'timeout'     => 30,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $answer ) ) {
			return self::error( 503, 'unavailable', __( 'Dokani could not be reached. Please try again in a moment.', 'dokani' ) );
		}
		$response = new WP_REST_Response( wp_remote_retrieve_body( $answer ), (int) wp_remote_retrieve_response_code( $answer ) );
		$type     = wp_remote_retrieve_header( $answer, 'content-type' );
		$response->header( 'Content-Type', $type ? $type : 'application/json; charset=utf-8' );
		$response->header( 'Cache-Control', 'no-store' );
		$response->header( 'X-Dokani-Raw', '1' );
		return $response;
	}

	/**
	 * A multipart body rebuilt from PHP's parsed fields and uploaded files.
	 *
	 * @param WP_REST_Request $request The storefront request.
	 * @return array Body and its Content-Type.
	 */
	private static function multipart_body( WP_REST_Request $request ) {
		$boundary = 'dokani' . wp_generate_password( 24, false );
		$clean    = static function ( $text ) {
			return str_replace( array( '"', "\r", "\n" ), '', (string) $text );
		};
		$body     = '';
		foreach ( (array) $request->get_body_params() as $name => $value ) {
			if ( is_scalar( $value ) ) {
				$body .= '--' . $boundary . "\r\nContent-Disposition: form-data; name=\"" . $clean( $name ) . "\"\r\n\r\n" . $value . "\r\n";
			}
		}
		foreach ( (array) $request->get_file_params() as $name => $file ) {
			if ( ! isset( $file['tmp_name'], $file['error'] ) || UPLOAD_ERR_OK !== $file['error'] || ! is_uploaded_file( $file['tmp_name'] ) ) {
				continue;
			}
			$type  = isset( $file['type'] ) ? $clean( $file['type'] ) : 'application/octet-stream';
			$body .= '--' . $boundary . "\r\nContent-Disposition: form-data; name=\"" . $clean( $name ) . '"; filename="' . $clean( basename( (string) $file['name'] ) ) . "\"\r\nContent-Type: " . $type . "\r\n\r\n";
			$body .= file_get_contents( $file['tmp_name'] ) . "\r\n"; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local upload.
		}
		$body .= '--' . $boundary . "--\r\n";
		return array( $body, 'multipart/form-data; boundary=' . $boundary );
	}

	/**
	 * Streams an event-stream answer through as it arrives (chat replies), then ends the request.
	 *
	 * @param string $method  HTTP method.
	 * @param string $url     Signed Dokani URL.
	 * @param array  $headers Headers to forward.
	 * @param string $body    Request body.
	 */
	private static function stream( $method, $url, array $headers, $body ) {
		// phpcs:disable WordPress.WP.AlternativeFunctions -- wp_remote_request() buffers; streaming needs curl itself.
		$lines = array();
		foreach ( $headers as $name => $value ) {
			$lines[] = $name . ': ' . $value;
		}
		$started = false;
		$curl    = curl_init( $url );
		curl_setopt( $curl, CURLOPT_CUSTOMREQUEST, $method );
		curl_setopt( $curl, CURLOPT_HTTPHEADER, $lines );
		curl_setopt( $curl, CURLOPT_FOLLOWLOCATION, false );
		curl_setopt( $curl, CURLOPT_CONNECTTIMEOUT, 10 );
		curl_setopt( $curl, CURLOPT_TIMEOUT, 300 );
		if ( 'GET' !== $method ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, $body );
		}
		curl_setopt(
			$curl,
			CURLOPT_HEADERFUNCTION,
			static function ( $handle, $line ) {
				if ( 0 === stripos( $line, 'content-type:' ) ) {
					header( 'Content-Type: ' . trim( substr( $line, 13 ) ) );
				}
				return strlen( $line );
			}
		);
		curl_setopt(
			$curl,
			CURLOPT_WRITEFUNCTION,
			static function ( $handle, $chunk ) use ( &$started ) {
				if ( ! $started ) {
					$started = true;
					status_header( (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ) );
					header( 'Cache-Control: no-store' );
					header( 'X-Accel-Buffering: no' );
					while ( ob_get_level() > 0 ) {
						ob_end_flush();
					}
				}
				echo $chunk; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- Dokani's own answer, passed through.
				flush();
				return strlen( $chunk );
			}
		);
		$ok = curl_exec( $curl );
		curl_close( $curl );
		if ( ! $ok && ! $started ) {
			status_header( 503 );
			header( 'Content-Type: application/json; charset=utf-8' );
			echo wp_json_encode( array( 'error' => array( 'code' => 'unavailable', 'message' => __( 'Dokani could not be reached. Please try again in a moment.', 'dokani' ) ) ) );
		}
		// phpcs:enable
		exit;
	}

	/**
	 * Serves the proxy's answers as Dokani wrote them instead of JSON-encoding them again.
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  The answer.
	 * @param WP_REST_Request  $request The request.
	 * @param WP_REST_Server   $server  The REST server.
	 * @return bool
	 */
	public static function serve_raw( $served, $result, $request, $server ) {
		unset( $request, $server );
		if ( $served || ! $result instanceof WP_HTTP_Response ) {
			return $served;
		}
		$headers = $result->get_headers();
		if ( empty( $headers['X-Dokani-Raw'] ) ) {
			return $served;
		}
		echo (string) $result->get_data(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- Dokani's own answer, passed through unchanged.
		return true;
	}
}
