<?php
/**
 * Plugin Name:       Dokani for WooCommerce
 * Plugin URI:        https://dokani.app/woocommerce
 * Description:       AI returns portal and customer chat for WooCommerce, powered by your Dokani server.
 * Version:           1.0.0
 * Requires at least: 6.3
 * Requires PHP:      7.4
 * Author:            Dokani
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       dokani
 * Domain Path:       /languages
 * WC requires at least: 8.0
 *
 * @package Dokani
 */

defined( 'ABSPATH' ) || exit;

define( 'DOKANI_VERSION', '1.0.0' );
define( 'DOKANI_PLUGIN_FILE', __FILE__ );
define( 'DOKANI_PLUGIN_DIR', plugin_dir_path( __FILE__ ) );
define( 'DOKANI_PLUGIN_URL', plugin_dir_url( __FILE__ ) );
define( 'DOKANI_REST_NAMESPACE', 'dokani/v1' );

require_once DOKANI_PLUGIN_DIR . 'includes/class-dokani-signer.php';
require_once DOKANI_PLUGIN_DIR . 'includes/class-dokani-connection.php';
require_once DOKANI_PLUGIN_DIR . 'includes/class-dokani-proxy.php';
require_once DOKANI_PLUGIN_DIR . 'includes/class-dokani-settings.php';
require_once DOKANI_PLUGIN_DIR . 'includes/class-dokani-storefront.php';

add_action( 'rest_api_init', array( 'Dokani_Proxy', 'register_routes' ) );
add_action( 'admin_menu', array( 'Dokani_Settings', 'register_menu' ), 60 );
add_action( 'admin_post_dokani_connect', array( 'Dokani_Settings', 'handle_connect' ) );
add_action( 'admin_post_dokani_disconnect', array( 'Dokani_Settings', 'handle_disconnect' ) );
add_action( 'admin_post_dokani_open', array( 'Dokani_Settings', 'handle_open' ) );
add_action( 'init', array( 'Dokani_Storefront', 'register_shortcode' ) );
add_action( 'wp_enqueue_scripts', array( 'Dokani_Storefront', 'enqueue_assets' ) );
add_action( 'wp_footer', array( 'Dokani_Storefront', 'render_chat_widget' ) );
add_filter( 'script_loader_tag', array( 'Dokani_Storefront', 'defer_scripts' ), 10, 2 );

/**
 * Declares compatibility with WooCommerce's order tables (the plugin reads orders only through Dokani).
 */
function dokani_declare_hpos_compatibility() {
	if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
		\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', DOKANI_PLUGIN_FILE, true );
	}
}
add_action( 'before_woocommerce_init', 'dokani_declare_hpos_compatibility' );
