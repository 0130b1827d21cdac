<?php
/**
 * WooCommerce → Dokani: connect, disconnect, open the Dokani admin.
 *
 * @package Dokani
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page under the WooCommerce menu and its three actions.
 */
class Dokani_Settings {

	const PAGE = 'dokani';

	/**
	 * Adds the page under WooCommerce.
	 */
	public static function register_menu() {
		add_submenu_page( 'woocommerce', __( 'Dokani', 'dokani' ), __( 'Dokani', 'dokani' ), 'manage_woocommerce', self::PAGE, array( __CLASS__, 'render_page' ) );
	}

	/**
	 * The page's own URL, with an optional notice.
	 *
	 * @param string $notice A notice key.
	 * @param string $detail Extra text for the notice.
	 * @return string
	 */
	private static function page_url( $notice = '', $detail = '' ) {
		$args = array( 'page' => self::PAGE );
		if ( '' !== $notice ) {
			$args['dokani_notice'] = $notice;
		}
		if ( '' !== $detail ) {
			$args['dokani_detail'] = rawurlencode( substr( $detail, 0, 300 ) );
		}
		return add_query_arg( $args, admin_url( 'admin.php' ) );
	}

	/**
	 * Stops anyone who may not manage WooCommerce.
	 */
	private static function assert_allowed() {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to manage Dokani.', 'dokani' ), 403 );
		}
	}

	/**
	 * The error message of a Dokani answer (API.md's error body).
	 *
	 * @param array|WP_Error $answer The wp_remote_* result.
	 * @return string
	 */
	private static function error_message( $answer ) {
		if ( is_wp_error( $answer ) ) {
			return $answer->get_error_message();
		}
		$body = json_decode( wp_remote_retrieve_body( $answer ), true );
		if ( isset( $body['error']['message'] ) ) {
			$message = (string) $body['error']['message'];
			if ( ! empty( $body['error']['fields'] ) && is_array( $body['error']['fields'] ) ) {
				foreach ( $body['error']['fields'] as $field => $problem ) {
					$message .= ' ' . $field . ': ' . $problem . '.';
				}
			}
			return $message;
		}
		/* translators: %d: HTTP status code. */
		return sprintf( __( 'Dokani answered with HTTP %d.', 'dokani' ), (int) wp_remote_retrieve_response_code( $answer ) );
	}

	/**
	 * Connect: the code and REST keys go to the server once; the proxy secret comes back.
	 */
	public static function handle_connect() {
		self::assert_allowed();
		check_admin_referer( 'dokani_connect' );
		$server   = isset( $_POST['dokani_server_url'] ) ? esc_url_raw( trim( sanitize_text_field( wp_unslash( $_POST['dokani_server_url'] ) ) ), array( 'https', 'http' ) ) : '';
		$code     = isset( $_POST['dokani_code'] ) ? sanitize_text_field( wp_unslash( $_POST['dokani_code'] ) ) : '';
		$key      = isset( $_POST['dokani_consumer_key'] ) ? sanitize_text_field( wp_unslash( $_POST['dokani_consumer_key'] ) ) : '';
		$secret   = isset( $_POST['dokani_consumer_secret'] ) ? sanitize_text_field( wp_unslash( $_POST['dokani_consumer_secret'] ) ) : '';
		if ( '' === $server || '' === $code || '' === $key || '' === $secret ) {
			wp_safe_redirect( self::page_url( 'missing' ) );
			exit;
		}
		$payload = array(
			'code'           => $code,
			'storeUrl'       => home_url(),
			'storeName'      => get_bloginfo( 'name' ),
			'consumerKey'    => $key,
			'consumerSecret' => $secret,
			'timezone'       => wp_timezone_string(),
		);
		if ( function_exists( 'get_woocommerce_currency' ) ) {
			$payload['currency'] = get_woocommerce_currency();
		}
		$answer = wp_remote_post(
			untrailingslashit( $server ) . '/woocommerce/connect',
			array(
				'headers'     => array( 'Content-Type' => 'application/json', 'Accept' => 'application/json' ),
				'body'        => wp_json_encode( $payload ),
				'timeout'     => 45,
				'redirection' => 0,
			)
		);
		$status = is_wp_error( $answer ) ? 0 : (int) wp_remote_retrieve_response_code( $answer );
		$body   = is_wp_error( $answer ) ? null : json_decode( wp_remote_retrieve_body( $answer ), true );
		if ( 201 !== $status || empty( $body['shopId'] ) || empty( $body['proxySecret'] ) ) {
			wp_safe_redirect( self::page_url( 'connect_failed', self::error_message( $answer ) ) );
			exit;
		}
		Dokani_Connection::save( $server, (string) $body['shopId'], (string) $body['proxySecret'] );
		wp_safe_redirect( self::page_url( 'connected' ) );
		exit;
	}

	/**
	 * Disconnect: this site forgets the secret and stops forwarding. Dokani keeps the store's history.
	 */
	public static function handle_disconnect() {
		self::assert_allowed();
		check_admin_referer( 'dokani_disconnect' );
		Dokani_Connection::forget();
		wp_safe_redirect( self::page_url( 'disconnected' ) );
		exit;
	}

	/**
	 * Open Dokani: asks the server, signed with the store's secret, for a one-minute sign-in link.
	 */
	public static function handle_open() {
		self::assert_allowed();
		check_admin_referer( 'dokani_open' );
		if ( ! Dokani_Connection::is_connected() ) {
			wp_safe_redirect( self::page_url( 'not_connected' ) );
			exit;
		}
		$user      = wp_get_current_user();
		$body      = wp_json_encode(
			array(
				'shopId' => Dokani_Connection::shop_id(),
				'user'   => array( 'id' => (string) $user->ID, 'name' => $user->display_name, 'email' => $user->user_email ),
			)
		);
		$timestamp = (string) time();
		$answer    = wp_remote_post(
			Dokani_Connection::server_url() . '/woocommerce/sign-in-link',
			array(
				'headers'     => array(
					'Content-Type'       => 'application/json',
					'X-Dokani-Timestamp' => $timestamp,
					'X-Dokani-Signature' => Dokani_Signer::sign_request( Dokani_Connection::proxy_secret(), $timestamp, $body ),
				),
				'body'        => $body,
				'timeout'     => 15,
				'redirection' => 0,
			)
		);
		$link = is_wp_error( $answer ) ? null : json_decode( wp_remote_retrieve_body( $answer ), true );
		if ( 200 !== (int) wp_remote_retrieve_response_code( $answer ) || empty( $link['url'] ) || 0 !== strpos( $link['url'], Dokani_Connection::server_url() . '/' ) ) {
			wp_safe_redirect( self::page_url( 'open_failed', self::error_message( $answer ) ) );
			exit;
		}
		// The Dokani server is another host: wp_safe_redirect() would refuse it.
		wp_redirect( $link['url'] ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- checked above to be the connected server.
		exit;
	}

	/**
	 * The page.
	 */
	public static function render_page() {
		self::assert_allowed();
		$notice  = isset( $_GET['dokani_notice'] ) ? sanitize_key( wp_unslash( $_GET['dokani_notice'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
		$detail  = isset( $_GET['dokani_detail'] ) ? sanitize_text_field( rawurldecode( wp_unslash( $_GET['dokani_detail'] ) ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- display only, sanitised.
		$notices = array(
			'connected'      => array( 'success', __( 'This store is now connected to Dokani.', 'dokani' ) ),
			'disconnected'   => array( 'warning', __( 'This store is disconnected: the returns portal and chat are off until you connect again.', 'dokani' ) ),
			'missing'        => array( 'error', __( 'Fill in the server address, the connect code and both REST API keys.', 'dokani' ) ),
			'connect_failed' => array( 'error', __( 'Dokani did not connect this store:', 'dokani' ) ),
			'open_failed'    => array( 'error', __( 'Dokani could not be opened:', 'dokani' ) ),
			'not_connected'  => array( 'error', __( 'Connect this store first.', 'dokani' ) ),
		);
		echo '<div class="wrap"><h1>' . esc_html__( 'Dokani', 'dokani' ) . '</h1>';
		if ( isset( $notices[ $notice ] ) ) {
			echo '<div class="notice notice-' . esc_attr( $notices[ $notice ][0] ) . '"><p>' . esc_html( $notices[ $notice ][1] . ( '' !== $detail ? ' ' . $detail : '' ) ) . '</p></div>';
		}
		if ( Dokani_Connection::is_connected() ) {
			$since = (int) get_option( Dokani_Connection::OPTION_SINCE, 0 );
			echo '<p>' . esc_html(
				sprintf(
					/* translators: 1: Dokani server URL, 2: date. */
					__( 'Connected to %1$s since %2$s.', 'dokani' ),
					Dokani_Connection::server_url(),
					$since ? wp_date( get_option( 'date_format' ), $since ) : '—'
				)
			) . '</p>';
			echo '<p>' . esc_html__( 'Add the returns portal to a page with the shortcode [dokani_returns_portal]. The chat button shows on every page.', 'dokani' ) . '</p>';
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" style="display:inline-block;margin-right:1em">';
			wp_nonce_field( 'dokani_open' );
			echo '<input type="hidden" name="action" value="dokani_open">';
			submit_button( __( 'Open Dokani', 'dokani' ), 'primary', 'submit', false );
			echo '</form>';
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" style="display:inline-block">';
			wp_nonce_field( 'dokani_disconnect' );
			echo '<input type="hidden" name="action" value="dokani_disconnect">';
			submit_button( __( 'Disconnect', 'dokani' ), 'delete', 'submit', false );
			echo '</form></div>';
			return;
		}
		echo '<p>' . esc_html__( 'Connect this store with the one-time code from your Dokani server and a WooCommerce REST API key with Read/Write permission (WooCommerce → Settings → Advanced → REST API).', 'dokani' ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		wp_nonce_field( 'dokani_connect' );
		echo '<input type="hidden" name="action" value="dokani_connect"><table class="form-table" role="presentation">';
		$fields = array(
			'dokani_server_url'      => array( __( 'Dokani server', 'dokani' ), 'url', Dokani_Connection::server_url(), 'https://dokani.example.com' ),
			'dokani_code'            => array( __( 'Connect code', 'dokani' ), 'text', '', 'DKN-XXXX-XXXX-XXXX-XXXX' ),
			'dokani_consumer_key'    => array( __( 'Consumer key', 'dokani' ), 'text', '', 'ck_…' ),
			'dokani_consumer_secret' => array( __( 'Consumer secret', 'dokani' ), 'password', '', 'cs_…' ),
		);
		foreach ( $fields as $name => $field ) {
			echo '<tr><th scope="row"><label for="' . esc_attr( $name ) . '">' . esc_html( $field[0] ) . '</label></th><td>';
			echo '<input class="regular-text" required autocomplete="off" type="' . esc_attr( $field[1] ) . '" id="' . esc_attr( $name ) . '" name="' . esc_attr( $name ) . '" value="' . esc_attr( $field[2] ) . '" placeholder="' . esc_attr( $field[3] ) . '">';
			echo '</td></tr>';
		}
		echo '</table>';
		submit_button( __( 'Connect', 'dokani' ) );
		echo '</form></div>';
	}
}
