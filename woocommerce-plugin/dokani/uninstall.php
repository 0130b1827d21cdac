<?php
/**
 * Removes everything the plugin stored when it is deleted from WordPress.
 *
 * @package Dokani
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

foreach ( array( 'dokani_server_url', 'dokani_shop_id', 'dokani_proxy_secret', 'dokani_connected_at', 'dokani_storefront' ) as $dokani_option ) {
	delete_option( $dokani_option );
	delete_site_option( $dokani_option );
}
