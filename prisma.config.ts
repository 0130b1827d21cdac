import { defineConfig } from "prisma/config";

// The URL is only read by CLI commands that talk to a database; `prisma generate` needs none.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/dokani" },
});
