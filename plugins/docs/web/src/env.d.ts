// The shell's sources, type-checked with this plugin's, use Vite's `import.meta.glob`.
/// <reference path="../../../../web/node_modules/vite/client.d.ts" />
