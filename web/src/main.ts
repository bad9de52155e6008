// The workspace shell's entry point: the DSFR's styles, fonts and icons (bundled
// by Vite and served by the app), the theme, then <lasuite-app>.
import "@gouvfr/dsfr/dist/dsfr.min.css";
import "@gouvfr/dsfr/dist/utility/icons/icons.min.css";
import "./styles/shell.css";
import { locale } from "./shell/i18n";
import { interceptLinks } from "./shell/router";
import { applyTheme } from "./shell/theme";
import "./app/app";

applyTheme();
document.documentElement.lang = locale();
interceptLinks();
