// The mention picker's logic: a person's handle is the local part of their e-mail
// address (what the server resolves `@handle` to, among the channel's members).
import { chatApi } from "./api";
import { may } from "./base";

export interface Person {
  name: string;
  handle: string;
}

const MAX_SUGGESTIONS = 8;
/** `@` at the start or after a space, then what is typed of a handle, up to the caret. */
const TYPED = /(^|\s)@([\w.+-]*)$/;

export function handleOf(email: string): string {
  return email.split("@")[0]!.toLowerCase();
}

/** The `@word` being typed before the caret: where it starts and what it holds. */
export function typedMention(text: string, caret: number): { start: number; query: string } | null {
  const found = TYPED.exec(text.slice(0, caret));
  if (!found) return null;
  return { start: caret - found[2]!.length - 1, query: found[2]!.toLowerCase() };
}

/** People whose handle or name starts with (or whose name holds a word starting with) `query`. */
export function suggest(people: Person[], query: string): Person[] {
  const words = (person: Person) => person.name.toLowerCase().split(/\s+/);
  return people
    .filter((p) => p.handle.startsWith(query) || words(p).some((w) => w.startsWith(query)))
    .slice(0, MAX_SUGGESTIONS);
}

let handles: Promise<Map<string, string>> | null = null;

/** Members' handles by user id, from the organization's member list (asked once a page). */
export function knownHandles(): Promise<Map<string, string>> {
  if (!may("core.members.read")) return Promise.resolve(new Map());
  handles ??= chatApi.orgMembers().then(
    (people) => new Map(people.map((p) => [p.user_id, handleOf(p.email)])),
    () => {
      handles = null;
      return new Map<string, string>();
    },
  );
  return handles;
}
