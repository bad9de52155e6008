// A plugin's name and description in the reader's language: the API gives each by
// language code (`names`, `descriptions`, English included); English when the plugin
// has none in the reader's.
import { locale } from "../shell/i18n";

export interface NamedPlugin {
  id: string;
  name: string;
  description: string;
  names?: Record<string, string>;
  descriptions?: Record<string, string>;
}

export function pluginName(plugin: NamedPlugin): string {
  return plugin.names?.[locale()] ?? plugin.name;
}

export function pluginDescription(plugin: NamedPlugin): string {
  return plugin.descriptions?.[locale()] ?? plugin.description;
}

/** Each plugin's name in the reader's language, by plugin id. */
export function pluginNames(plugins: readonly NamedPlugin[]): Map<string, string> {
  return new Map(plugins.map((plugin) => [plugin.id, pluginName(plugin)]));
}
