<?php
/**
 * The returns portal shortcode and the chat widget, from the same built files as the Shopify theme extensions.
 *
 * @package Dokani
 */

defined( 'ABSPATH' ) || exit;

/**
 * Storefront assets. Both bundles find Dokani through their `data-proxy-base`, which here is this
 * site's REST route instead of Shopify's /apps/dokani.
 */
class Dokani_Storefront {

	/**
	 * The proxy base the bundles call, as a path on this site.
	 *
	 * @return string
	 */
	public static function proxy_base() {
		$parts = wp_parse_url( rest_url( DOKANI_REST_NAMESPACE . '/proxy' ) );
		return untrailingslashit( isset( $parts['path'] ) ? $parts['path'] : '/wp-json/dokani/v1/proxy' );
	}

	/**
	 * Whether a built asset is present in the plugin.
	 *
	 * @param string $file File name in assets/.
	 * @return bool
	 */
	private static function has_asset( $file ) {
		return file_exists( DOKANI_PLUGIN_DIR . 'assets/' . $file );
	}

	/**
	 * Registers [dokani_returns_portal].
	 */
	public static function register_shortcode() {
		add_shortcode( 'dokani_returns_portal', array( __CLASS__, 'render_portal' ) );
	}

	/**
	 * Registers the portal's files and enqueues the chat launcher on every page.
	 */
	public static function enqueue_assets() {
		if ( ! Dokani_Connection::is_connected() ) {
			return;
		}
		wp_register_script( 'dokani-returns-portal', DOKANI_PLUGIN_URL . 'assets/dokani-returns-portal.js', array(), DOKANI_VERSION, true );
		wp_register_style( 'dokani-returns-portal', DOKANI_PLUGIN_URL . 'assets/dokani-returns-portal.css', array(), DOKANI_VERSION );
		// The widget loads only when its built launcher is part of the plugin.
		if ( self::has_asset( 'dokani-chat-launcher.js' ) ) {
			wp_enqueue_script( 'dokani-chat-launcher', DOKANI_PLUGIN_URL . 'assets/dokani-chat-launcher.js', array(), DOKANI_VERSION, true );
		}
	}

	/**
	 * Loads the storefront bundles deferred, as the theme extensions are.
	 *
	 * @param string $tag    The script tag.
	 * @param string $handle The script handle.
	 * @return string
	 */
	public static function defer_scripts( $tag, $handle ) {
		if ( in_array( $handle, array( 'dokani-returns-portal', 'dokani-chat-launcher' ), true ) && false === strpos( $tag, ' defer' ) ) {
			return str_replace( ' src=', ' defer src=', $tag );
		}
		return $tag;
	}

	/**
	 * The returns portal's mount point.
	 *
	 * @param array|string $atts Shortcode attributes: heading_level (2-5), accent_color.
	 * @return string
	 */
	public static function render_portal( $atts ) {
		if ( ! Dokani_Connection::is_connected() ) {
			return '';
		}
		$atts  = shortcode_atts( array( 'heading_level' => '2', 'accent_color' => '#1d4ed8', 'accent_text_color' => '#ffffff' ), $atts, 'dokani_returns_portal' );
		$level = min( 5, max( 2, absint( $atts['heading_level'] ) ) );
		$color = sanitize_hex_color( $atts['accent_color'] );
		$text  = sanitize_hex_color( $atts['accent_text_color'] );
		wp_enqueue_script( 'dokani-returns-portal' );
		wp_enqueue_style( 'dokani-returns-portal' );
		return '<div class="dokani-returns-portal" data-dokani-returns-portal data-proxy-base="' . esc_attr( self::proxy_base() ) . '" data-heading-level="' . esc_attr( (string) $level ) . '" style="--dokani-accent: ' . esc_attr( $color ? $color : '#1d4ed8' ) . '; --dokani-on-accent: ' . esc_attr( $text ? $text : '#ffffff' ) . ';"><noscript><p>' . esc_html__( 'The returns portal needs JavaScript.', 'dokani' ) . '</p></noscript></div>';
	}

	/**
	 * The chat widget's element, configured like the Shopify app embed's (blocks/chat-widget.liquid).
	 */
	public static function render_chat_widget() {
		if ( ! Dokani_Connection::is_connected() || ! self::has_asset( 'dokani-chat-launcher.js' ) ) {
			return;
		}
		$settings = wp_parse_args( (array) get_option( Dokani_Connection::OPTION_SETTINGS, array() ), array( 'accent_color' => '#1d4ed8', 'position' => 'right', 'greeting' => '', 'launcher_label' => '' ) );
		$accent   = sanitize_hex_color( $settings['accent_color'] );
		printf(
			'<div id="dokani-chat-widget" data-dokani-chat data-proxy-base="%1$s" data-shop="%2$s" data-locale="%3$s" data-accent="%4$s" data-position="%5$s" data-greeting="%6$s" data-label="%7$s" data-panel-src="%8$s" data-panel-css="%9$s"></div>',
			esc_attr( self::proxy_base() ),
			esc_attr( Dokani_Connection::store_host() ),
			esc_attr( str_replace( '_', '-', determine_locale() ) ),
			esc_attr( $accent ? $accent : '#1d4ed8' ),
			esc_attr( 'left' === $settings['position'] ? 'left' : 'right' ),
			esc_attr( sanitize_text_field( $settings['greeting'] ) ),
			esc_attr( sanitize_text_field( $settings['launcher_label'] ) ),
			esc_url( DOKANI_PLUGIN_URL . 'assets/dokani-chat-panel.js?ver=' . DOKANI_VERSION ),
			esc_url( DOKANI_PLUGIN_URL . 'assets/dokani-chat-panel.css?ver=' . DOKANI_VERSION )
		);
	}
}
