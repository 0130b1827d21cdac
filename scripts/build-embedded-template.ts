// Part of `npm run build`: the migrated, empty embedded database a first start loads (app/.server/db/embedded-template.ts).
import { writeEmbeddedTemplate } from "../app/.server/db/embedded-template";

const started = Date.now();
const { bytes, migrations } = await writeEmbeddedTemplate();
console.log(`Embedded database template: ${migrations.length} migration(s), ${(bytes / 1024 / 1024).toFixed(1)} MB, ${Date.now() - started} ms`);
