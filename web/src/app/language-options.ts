// The workspace's languages as a <select>'s options, each named in itself and the
// current one selected (the header's choice and "Mon compte"'s).
import { html } from "lit";
import { LOCALES, locale, t } from "../shell/i18n";

export function languageOptions() {
  return LOCALES.map(
    (code) =>
      html`<option value=${code} lang=${code} ?selected=${code === locale()}>
        ${t(`lang.${code}`)}
      </option>`,
  );
}
