// Fails as it loads, like a plugin built against another version of the shell.
import { LitElement } from "lit";

throw new Error(`broken on purpose (Lit is ${typeof LitElement})`);
