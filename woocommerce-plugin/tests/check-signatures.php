<?php
/**
 * Recomputes woocommerce-plugin/tests/signature-vectors.json with the plugin's Dokani_Signer and
 * exits non-zero on the first difference. Run: php woocommerce-plugin/tests/check-signatures.php
 *
 * @package Dokani
 */

define( 'DOKANI_CLI', true );
require __DIR__ . '/../dokani/includes/class-dokani-signer.php';

$vectors = json_decode( file_get_contents( __DIR__ . '/signature-vectors.json' ), true );
if ( ! is_array( $vectors ) ) {
	fwrite( STDERR, "signature-vectors.json is not readable JSON\n" );
	exit( 2 );
}
$failures = 0;
$checked  = 0;
foreach ( $vectors['proxy'] as $vector ) {
	$base      = Dokani_Signer::proxy_base( $vector['params'] );
	$signature = Dokani_Signer::sign_proxy( $vector['params'], $vector['secret'] );
	if ( $base !== $vector['base'] || $signature !== $vector['signature'] ) {
		fwrite( STDERR, "proxy vector \"{$vector['name']}\": got {$signature} over \"{$base}\"\n" );
		++$failures;
	}
	if ( isset( $vector['query'] ) ) {
		$parsed = Dokani_Signer::parse_query( $vector['query'] );
		if ( Dokani_Signer::sign_proxy( $parsed, $vector['secret'] ) !== $vector['signature'] ) {
			fwrite( STDERR, "proxy vector \"{$vector['name']}\": the raw query parses to other pairs\n" );
			++$failures;
		}
	}
	++$checked;
}
foreach ( $vectors['request'] as $vector ) {
	$signature = Dokani_Signer::sign_request( $vector['secret'], $vector['timestamp'], $vector['body'] );
	if ( $signature !== $vector['signature'] ) {
		fwrite( STDERR, "request vector \"{$vector['name']}\": got {$signature}\n" );
		++$failures;
	}
	++$checked;
}
foreach ( $vectors['webhook'] as $vector ) {
	$signature = base64_encode( hash_hmac( 'sha256', $vector['body'], $vector['secret'], true ) );
	if ( $signature !== $vector['signature'] ) {
		fwrite( STDERR, "webhook vector \"{$vector['name']}\": got {$signature}\n" );
		++$failures;
	}
	++$checked;
}
if ( $failures ) {
	exit( 1 );
}
echo "ok: {$checked} signature vectors\n";
