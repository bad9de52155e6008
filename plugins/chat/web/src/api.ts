// The chat API's shapes (plugins/chat/lasuite_chat/shapes.py) and the calls the UI makes,
// all through the shell's client (same origin, CSRF header, JSON errors).
import { api, t } from "@lasuite/shell";

export const BASE = "/api/v1/chat";

export interface Channel {
  id: string;
  kind: "public" | "private" | "direct" | "group";
  name: string | null;
  topic: string;
  description: string;
  created_by: string;
  archived: boolean;
  last_seq: number;
  /** The teams a private channel is shared with: their members may join it. */
  team_ids: string[];
  role: string | null;
}

export interface SidebarEntry {
  id: string;
  kind: Channel["kind"];
  name: string | null;
  topic: string;
  archived: boolean;
  role: string;
  last_seq: number;
  last_read_seq: number;
  unread_count: number;
  mention_count: number;
}

export interface Member {
  user_id: string;
  display_name: string;
  role: ChannelRole;
}

export type ChannelRole = "owner" | "moderator" | "member";

/** An incoming webhook; `url` (its secret) only in the answer that created it. */
export interface Webhook {
  id: string;
  name: string;
  created_at: string;
  url: string | null;
}

/** A message someone reported, for the channel's moderators. */
export interface Report {
  id: string;
  message_id: string;
  reason: string;
  created_at: string;
  message: Message | null;
}

export interface Team {
  id: string;
  name: string;
}

export interface Message {
  id: string;
  channel_id: string;
  seq: number;
  author_id: string | null;
  client_id: string | null;
  text: string;
  /** Rendered and sanitized by the server (no raw HTML, no images). */
  html: string;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  thread_root_id: string | null;
  /** The name shown for a message without an author (a webhook's, another plugin's). */
  sender_name?: string | null;
  reply_count?: number;
  last_reply_at?: string | null;
  reactions?: Reaction[];
  attachments?: Attachment[];
  /** A structured message another plugin posted. */
  card?: { title: string; text: string; link: string | null } | null;
  pinned?: boolean;
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  content_type: string;
  /** Where readers of the channel download it. */
  url: string;
  /** A small picture of an image, once the server made it. */
  thumbnail_url?: string | null;
}

export interface Reaction {
  emoji: string;
  count: number;
  /** The reader's own (always false in events, which name who reacted). */
  me: boolean;
}

export interface Thread {
  root: Message;
  /** Ascending `seq`. */
  replies: Message[];
  following: boolean;
}

export interface OrgMember {
  user_id: string;
  email: string;
  display_name: string;
  role: string;
}

export interface Presence {
  user_id: string;
  status: "online" | "away" | "offline";
}

export type History = { before?: number; after?: number; around?: number; limit?: number };

export const chatApi = {
  sidebar: () => api.get<SidebarEntry[]>(`${BASE}/sidebar`),
  browse: () => api.get<Channel[]>(`${BASE}/channels/browse`),
  channel: (id: string) => api.get<Channel>(`${BASE}/channels/${id}`),
  members: (id: string) => api.get<Member[]>(`${BASE}/channels/${id}/members`),
  create: (body: { name: string; kind: "public" | "private"; topic: string }) =>
    api.post<Channel>(`${BASE}/channels`, body),
  join: (id: string) => api.post<Channel>(`${BASE}/channels/${id}/join`),
  openConversation: (userIds: string[]) =>
    api.post<Channel>(`${BASE}/conversations`, { user_ids: userIds }),
  history(id: string, page: History = {}): Promise<Message[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(page)) query.set(key, String(value));
    return api.get<Message[]>(`${BASE}/channels/${id}/messages?${query}`);
  },
  /** `attachmentIds`: files the sender uploaded here (`uploadFile`), none posted yet. */
  post: (id: string, text: string, clientId: string, threadRootId: string | null, attachmentIds: string[]) =>
    api.post<Message>(`${BASE}/channels/${id}/messages`, {
      text,
      client_id: clientId,
      ...(threadRootId ? { thread_root_id: threadRootId } : {}),
      ...(attachmentIds.length ? { attachment_ids: attachmentIds } : {}),
    }),
  thread: (id: string, rootId: string, after?: number) =>
    api.get<Thread>(
      `${BASE}/channels/${id}/messages/${rootId}/thread${after === undefined ? "" : `?after=${after}`}`,
    ),
  react: (id: string, messageId: string, emoji: string, add: boolean) =>
    api.request<Reaction[]>(
      add ? "PUT" : "DELETE",
      `${BASE}/channels/${id}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`,
    ),
  edit: (id: string, messageId: string, text: string) =>
    api.patch<Message>(`${BASE}/channels/${id}/messages/${messageId}`, { text }),
  pin: (id: string, messageId: string, on: boolean) =>
    api.request<Message>(on ? "PUT" : "DELETE", `${BASE}/channels/${id}/messages/${messageId}/pin`),
  pins: (id: string) => api.get<Message[]>(`${BASE}/channels/${id}/pins`),
  remove: (id: string, messageId: string) =>
    api.delete<Message>(`${BASE}/channels/${id}/messages/${messageId}`),
  markRead: (id: string, seq: number) => api.post<void>(`${BASE}/channels/${id}/read`, { seq }),
  update: (id: string, change: { name?: string; topic?: string; team_ids?: string[] }) =>
    api.patch<Channel>(`${BASE}/channels/${id}`, change),
  archive: (id: string, archived: boolean) =>
    api.post<Channel>(`${BASE}/channels/${id}/${archived ? "archive" : "unarchive"}`),
  leave: (id: string) => api.post<void>(`${BASE}/channels/${id}/leave`),
  addMember: (id: string, userId: string) => api.put<Member>(`${BASE}/channels/${id}/members/${userId}`),
  setRole: (id: string, userId: string, role: ChannelRole) =>
    api.patch<Member>(`${BASE}/channels/${id}/members/${userId}`, { role }),
  removeMember: (id: string, userId: string) => api.delete<void>(`${BASE}/channels/${id}/members/${userId}`),
  webhooks: (id: string) => api.get<Webhook[]>(`${BASE}/channels/${id}/webhooks`),
  createWebhook: (id: string, name: string) => api.post<Webhook>(`${BASE}/channels/${id}/webhooks`, { name }),
  revokeWebhook: (id: string, hookId: string) => api.delete<void>(`${BASE}/channels/${id}/webhooks/${hookId}`),
  report: (id: string, messageId: string, reason: string) =>
    api.post<Report>(`${BASE}/channels/${id}/messages/${messageId}/reports`, { reason }),
  reports: (id: string) => api.get<Report[]>(`${BASE}/reports?channel_id=${id}`),
  closeReport: (reportId: string, status: "resolved" | "dismissed") =>
    api.post<Report>(`${BASE}/reports/${reportId}/close`, { status }),
  teams: () => api.get<Team[]>("/api/v1/orgs/current/teams"),
  orgMembers: () => api.get<OrgMember[]>("/api/v1/orgs/current/members"),
  /** The people one shares a channel with: those one may write to without writing to anyone. */
  contacts: () => api.get<Pick<OrgMember, "user_id" | "display_name">[]>(`${BASE}/contacts`),
  presence: (id: string) =>
    api.get<Presence[]>(`/api/v1/presence?topic=${encodeURIComponent(channelTopic(id))}`),
};

export function channelTopic(id: string): string {
  return `chat:channel:${id}`;
}

/** A random UUID (v4), also outside secure contexts where `crypto.randomUUID` is missing. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The signed-in user's own chat topic: channels entering or leaving their list. */
export function userTopic(userId: string): string {
  return `chat:user:${userId}`;
}

/** A direct or group conversation's name: the other people's names. */
export async function conversationTitle(channelId: string, me: string): Promise<string> {
  const members = await chatApi.members(channelId);
  const others = members.filter((m) => m.user_id !== me).map((m) => m.display_name);
  return others.join(", ") || t("chat.justYou");
}
