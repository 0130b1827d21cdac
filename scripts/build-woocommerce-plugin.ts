import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Copies the storefront bundles the Shopify theme extensions ship (returns portal, chat widget) into
 * the WordPress plugin's assets/, so both platforms run the very same built files and the plugin
 * loads nothing from elsewhere. Run after `scripts/build-extensions.ts`:
 * `npx tsx scripts/build-woocommerce-plugin.ts`.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TARGET = path.join(ROOT, "woocommerce-plugin/dokani/assets");
const SOURCES = [path.join(ROOT, "extensions/returns-portal/assets"), path.join(ROOT, "extensions/theme-chat-widget/assets")];

/** Copies every .js and .css of the extensions' assets into the plugin; returns the file names. */
export function buildWooCommercePluginAssets(): string[] {
  mkdirSync(TARGET, { recursive: true });
  for (const old of readdirSync(TARGET)) if (/\.(js|css)$/.test(old)) rmSync(path.join(TARGET, old));
  const copied: string[] = [];
  for (const dir of SOURCES) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!/^dokani-[a-z-]+\.(js|css)$/.test(file) || !statSync(path.join(dir, file)).isFile()) continue;
      copyFileSync(path.join(dir, file), path.join(TARGET, file));
      copied.push(file);
    }
  }
  return copied.sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const files = buildWooCommercePluginAssets();
  console.log(`Copied ${files.length} files into woocommerce-plugin/dokani/assets: ${files.join(", ")}`);
}
