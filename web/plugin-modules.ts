// What a plugin's Vite build (plugins/<id>/web/vite.config.ts) shares with the shell:
// the packages a plugin bundles come from the shell's node_modules, where
// web/package.json pins them (one locked copy of each, for every plugin).
import type { Plugin } from "vite";

const shell = new URL("./", import.meta.url).pathname;

/** Resolves the bare imports of the sources under `here` as if the shell's made them. */
export function fromShellModules(here: string): Plugin {
  return {
    name: "from-shell-modules",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer?.startsWith(here) || /^[./\0]/.test(source)) return null;
      return this.resolve(source, `${shell}src/main.ts`, { ...options, skipSelf: true });
    },
  };
}
