#!/usr/bin/env node
// The installed `dokani` command: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("./dokani.ts");
