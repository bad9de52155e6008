// The visio API's shapes (plugins/visio/lasuite_visio/routes.py, meeting_routes.py) and the
// calls the UI makes, all through the shell's client (same origin, CSRF header, JSON errors).
import { api } from "@lasuite/shell";

export const BASE = "/api/v1/visio";

export type AccessLevel = "public" | "trusted" | "restricted";
export type PublishRule = "everyone" | "members" | "administrators";

export interface Room {
  id: string;
  slug: string;
  name: string;
  access_level: AccessLevel;
  kind: "permanent" | "one_off";
  camera: PublishRule;
  microphone: PublishRule;
  screen: PublishRule;
  created_by: string;
  created_at: string;
  my_role: "owner" | "administrator" | "member" | null;
}

export interface Person {
  id: string;
  name: string;
  role: "owner" | "administrator" | "member" | "guest";
  colour: string;
  hand_raised: boolean;
}

export interface Joined {
  status: "admitted" | "waiting";
  ticket: string;
  you: Person;
  room: { slug: string; name: string; access_level: AccessLevel; kind: string };
  mode: "livekit" | "mesh";
  livekit: { url: string; token: string } | null;
  ice_servers: RTCIceServer[];
}

/** The meeting split into breakout rooms: `members` maps a participant's id to the index of
 * their group in `groups`; whoever is not in it is in the main room. */
export interface Breakout {
  id: string;
  groups: string[];
  ends_at: string;
  members: Record<string, number>;
}

export interface NewBreakout {
  groups: string[];
  minutes: number;
  assignment?: Record<string, number>;
}

export interface NewRoom {
  name: string;
  access_level: AccessLevel;
  kind: "permanent" | "one_off";
}

/** A recording of a room's meeting (plugins/visio/lasuite_visio/recordings.py). */
export interface Recording {
  id: string;
  state: "initiated" | "active" | "stopped" | "saved" | "failed";
  started_by: string;
  started_at: string;
  stopped_at: string | null;
  transcribe: boolean;
  transcript_state: "none" | "waiting" | "done" | "failed";
  transcript_page_id: string | null;
  error: string;
}

/** A meeting's notes page in docs (made by the first who asks). */
export interface Notes {
  page_id: string;
  link: string;
  created: boolean;
}

const room = (slug: string) => `${BASE}/rooms/${encodeURIComponent(slug)}`;

/** A meeting going on now in a room of the organization. */
export interface LiveMeeting {
  slug: string;
  name: string;
  started_at: string;
  /** How many are in it now. */
  people: number;
}

export const visioApi = {
  rooms: () => api.get<Room[]>(`${BASE}/rooms`),
  live: (limit: number) => api.get<LiveMeeting[]>(`${BASE}/meetings/live?limit=${limit}`),
  create: (data: NewRoom) => api.post<Room>(`${BASE}/rooms`, data),
  room: (slug: string) => api.get<Room>(room(slug)),
  join: (slug: string, body: { name?: string; ticket?: string }) =>
    api.post<Joined>(`${room(slug)}/join`, body),
  admit: (slug: string, id: string) => api.post<Person>(`${room(slug)}/lobby/${id}/admit`),
  deny: (slug: string, id: string) => api.post<Person>(`${room(slug)}/lobby/${id}/deny`),
  remove: (slug: string, id: string) =>
    api.post<Person>(`${room(slug)}/participants/${id}/remove`),
  lowerHands: (slug: string) => api.post<void>(`${room(slug)}/hands/lower`),
  mute: (slug: string, id: string) =>
    api.post<{ tracks: number }>(`${room(slug)}/participants/${id}/mute`, { sources: ["microphone"] }),
  muteEveryone: (slug: string) => api.post<{ tracks: number }>(`${room(slug)}/mute`),
  openBreakouts: (slug: string, data: NewBreakout) => api.post<Breakout>(`${room(slug)}/breakouts`, data),
  moveToBreakout: (slug: string, id: string, group: number | null) =>
    api.post<Breakout>(`${room(slug)}/breakouts/move`, { participant_id: id, group }),
  endBreakouts: (slug: string) => api.post<void>(`${room(slug)}/breakouts/end`),
  announce: (slug: string, channelId: string) =>
    api.post<{ message_id: string }>(`${room(slug)}/announce`, { channel_id: channelId }),
  record: (slug: string, body: { transcribe: boolean; transcript_title: string }) =>
    api.post<Recording>(`${room(slug)}/recordings`, body),
  stopRecording: (slug: string, id: string) =>
    api.post<Recording>(`${room(slug)}/recordings/${id}/stop`),
  recordings: (slug: string) => api.get<Recording[]>(`${room(slug)}/recordings`),
  recordingFile: (slug: string, id: string) => `${room(slug)}/recordings/${id}/file`,
  notes: (slug: string, body: { title: string; attendees_label: string }) =>
    api.post<Notes>(`${room(slug)}/notes`, body),
};

/** Where a meeting's socket is, for the holder of a join's ticket. */
export function socketUrl(slug: string, ticket: string): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${room(slug)}/socket?ticket=${encodeURIComponent(ticket)}`;
}
