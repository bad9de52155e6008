// The docs API (lasuite_docs/routes.py, tree_routes.py) through the shell's client.
import { api, ApiError, apiErrorOf, csrfHeaders } from "@lasuite/shell";

const BASE = "/api/v1/docs";

export interface DocumentOut {
  id: string;
  title: string;
  created_by: string;
  created_at: string;
  parent_id: string | null;
  position: number;
  deleted_at: string | null;
  link_reach: "restricted" | "authenticated" | "public";
  link_role: "reader" | "commenter" | "editor";
  /** Offered as the start of new pages to whoever may read it. */
  is_template: boolean;
  /** When its content last changed; null while nobody has written in it. */
  edited_at: string | null;
  /** The caller's role (in the answer about one document, not in lists). */
  my_role: Role | null;
}

/** A page reached by its link: what a visitor's page shows. */
export interface SharedOut {
  id: string;
  title: string;
  my_role: Role;
}

export type Role = "reader" | "commenter" | "editor" | "administrator" | "owner";
export const ROLES: Role[] = ["reader", "commenter", "editor", "administrator", "owner"];

/** Whether `role` is `needed` or stronger. */
export function atLeast(role: Role | null | undefined, needed: Role): boolean {
  return !!role && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface AccessOut {
  id: string;
  role: Role;
  user_id: string | null;
  team_id: string | null;
  name: string;
  /** The page it was granted on: this one or one above it (inherited). */
  document_id: string;
}

export interface Version {
  id: string;
  seq: number;
  name: string | null;
  created_by: string | null;
  created_at: string;
}

export interface Change {
  op: "equal" | "delete" | "insert";
  line: string;
}

export interface AccessRequest {
  id: string;
  document_id: string;
  user_id: string;
  name: string;
  role: Role;
  created_at: string;
}

/** A page shared by e-mail with someone outside the organization, waiting for them to join. */
export interface Invitation {
  id: string;
  document_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: string;
}

/** Sharing by e-mail: a member's address got `access`; anyone else's, an `invitation`. */
export interface Shared {
  access: AccessOut | null;
  invitation: Invitation | null;
}

/** The emoji a comment may get (lasuite_docs.comments.REACTIONS). */
export const REACTIONS = ["👍", "❤️", "😄", "🎉", "👀", "✅"] as const;

export interface CommentOut {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  body: string;
  /** Each `@handle` of the body naming someone who may read the page. */
  mentions: Record<string, string>;
  created_at: string;
  edited_at: string | null;
  reactions: { emoji: string; user_ids: string[] }[];
}

export interface ThreadOut {
  id: string;
  document_id: string;
  /** The passage's start and end (Yjs relative positions); null: the whole page. */
  anchor: string | null;
  quote: string;
  created_by: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  comments: CommentOut[];
}

/** The realtime topic of a page: its comments' changes. */
export function documentTopic(id: string): string {
  return `docs:document:${id}`;
}

export interface Member {
  user_id: string;
  display_name: string;
  email: string;
}

export interface Team {
  id: string;
  name: string;
}

export interface TreeNode {
  document: DocumentOut;
  has_children: boolean;
}

export type ExportFormat = "markdown" | "html" | "pdf" | "docx" | "odt";
export const EXPORT_FORMATS: ExportFormat[] = ["markdown", "html", "pdf", "docx", "odt"];
export type ImportFormat = "markdown" | "docx";

export interface ExportOut {
  id: string;
  document_id: string;
  format: ExportFormat;
  job_id: string;
  ready: boolean;
  download_url: string;
}

/** A background job as the core reports it (`/api/v1/jobs/{id}`). */
export interface Job {
  id: string;
  state: "queued" | "running" | "succeeded" | "failed" | "dropped";
  progress: number;
  /** Once succeeded: the exported file, or the imported page (`/docs/<id>`). */
  result_url: string | null;
}

export const docsApi = {
  /** The pages right under `parent` (the top level without it), in their order. */
  children: (parent: string | null) =>
    api.get<TreeNode[]>(parent ? `${BASE}/tree?parent=${encodeURIComponent(parent)}` : `${BASE}/tree`),
  get: (id: string) => api.get<DocumentOut>(`${BASE}/documents/${id}`),
  recent: (limit: number) => api.get<DocumentOut[]>(`${BASE}/documents/recent?limit=${limit}`),
  /** A page as a visitor (or anyone holding its link) reads it. */
  shared: (id: string) => api.get<SharedOut>(`${BASE}/shared/${id}`),
  create: (title: string, parentId: string | null = null, templateId: string | null = null) =>
    api.post<DocumentOut>(`${BASE}/documents`, { title, parent_id: parentId, template_id: templateId }),
  templates: () => api.get<DocumentOut[]>(`${BASE}/templates`),
  setTemplate: (id: string, isTemplate: boolean) =>
    api.put<DocumentOut>(`${BASE}/documents/${id}/template`, { is_template: isTemplate }),
  rename: (id: string, title: string) => api.patch<DocumentOut>(`${BASE}/documents/${id}`, { title }),
  duplicate: (id: string, title: string) =>
    api.post<DocumentOut>(`${BASE}/documents/${id}/duplicate`, { title }),
  trash: (id: string) => api.delete<void>(`${BASE}/documents/${id}`),
  trashed: () => api.get<DocumentOut[]>(`${BASE}/trash`),
  restore: (id: string) => api.post<DocumentOut>(`${BASE}/documents/${id}/restore`),
  favorites: () => api.get<DocumentOut[]>(`${BASE}/favorites`),
  accesses: (id: string) => api.get<AccessOut[]>(`${BASE}/documents/${id}/accesses`),
  grant: (id: string, role: Role, holder: { user_id: string } | { team_id: string }) =>
    api.put<AccessOut>(`${BASE}/documents/${id}/accesses`, { role, ...holder }),
  revoke: (id: string, accessId: string) =>
    api.delete<void>(`${BASE}/documents/${id}/accesses/${accessId}`),
  setLink: (id: string, link: { link_reach?: string; link_role?: string }) =>
    api.patch<DocumentOut>(`${BASE}/documents/${id}/link`, link),
  versions: (id: string) => api.get<Version[]>(`${BASE}/documents/${id}/versions`),
  nameVersion: (id: string, name: string) =>
    api.post<Version>(`${BASE}/documents/${id}/versions`, { name }),
  changes: (id: string, versionId: string) =>
    api.get<Change[]>(`${BASE}/documents/${id}/versions/${versionId}/changes`),
  restoreVersion: (id: string, versionId: string) =>
    api.post<DocumentOut>(`${BASE}/documents/${id}/versions/${versionId}/restore`),
  exportTo: (id: string, format: ExportFormat) =>
    api.post<ExportOut>(`${BASE}/documents/${id}/exports`, { format }),
  job: (id: string) => api.get<Job>(`/api/v1/jobs/${id}`),
  askForAccess: (id: string, role: Role) =>
    api.post<AccessRequest>(`${BASE}/documents/${id}/access-requests`, { role }),
  accessRequests: (id: string) => api.get<AccessRequest[]>(`${BASE}/documents/${id}/access-requests`),
  acceptRequest: (id: string, requestId: string, role: Role) =>
    api.post<AccessOut>(`${BASE}/documents/${id}/access-requests/${requestId}/accept`, { role }),
  refuseRequest: (id: string, requestId: string) =>
    api.delete<void>(`${BASE}/documents/${id}/access-requests/${requestId}`),
  threads: (id: string) => api.get<ThreadOut[]>(`${BASE}/documents/${id}/threads`),
  openThread: (id: string, body: string, anchor: string | null, quote: string) =>
    api.post<ThreadOut>(`${BASE}/documents/${id}/threads`, { body, anchor, quote }),
  reply: (id: string, threadId: string, body: string) =>
    api.post<ThreadOut>(`${BASE}/documents/${id}/threads/${threadId}/comments`, { body }),
  resolve: (id: string, threadId: string, resolved: boolean) =>
    api.patch<ThreadOut>(`${BASE}/documents/${id}/threads/${threadId}`, { resolved }),
  editComment: (id: string, threadId: string, commentId: string, body: string) =>
    api.patch<ThreadOut>(`${BASE}/documents/${id}/threads/${threadId}/comments/${commentId}`, { body }),
  deleteComment: (id: string, threadId: string, commentId: string) =>
    api.delete<void>(`${BASE}/documents/${id}/threads/${threadId}/comments/${commentId}`),
  react: (id: string, threadId: string, commentId: string, emoji: string, on: boolean) => {
    const url = `${BASE}/documents/${id}/threads/${threadId}/comments/${commentId}/reactions/${encodeURIComponent(emoji)}`;
    return on ? api.put<ThreadOut>(url) : api.delete<ThreadOut>(url);
  },
  shareByEmail: (id: string, email: string, role: Role) =>
    api.post<Shared>(`${BASE}/documents/${id}/invitations`, { email, role }),
  invitations: (id: string) => api.get<Invitation[]>(`${BASE}/documents/${id}/invitations`),
  cancelInvitation: (id: string, invitationId: string) =>
    api.delete<void>(`${BASE}/documents/${id}/invitations/${invitationId}`),
  members: () => api.get<Member[]>("/api/v1/orgs/current/members"),
  teams: () => api.get<Team[]>("/api/v1/orgs/current/teams"),
  setFavorite: (id: string, favorite: boolean) =>
    favorite
      ? api.put<void>(`${BASE}/documents/${id}/favorite`)
      : api.delete<void>(`${BASE}/documents/${id}/favorite`),
};

/** Upload a Markdown or DOCX file to become a new page (under `parentId`, else at the
 * top level); the import's job. The body is the file itself, not JSON: the shell's
 * client sends JSON only. */
export async function importFile(file: File, format: ImportFormat, parentId: string | null): Promise<Job> {
  const query = new URLSearchParams({ format, filename: file.name });
  if (parentId) query.set("parent_id", parentId);
  let response: Response;
  try {
    response = await fetch(`${BASE}/imports?${query}`, {
      method: "POST",
      headers: { accept: "application/json", ...csrfHeaders() },
      body: file,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, body);
  return docsApi.job((body as { job_id: string }).job_id);
}

/** The y-websocket server URL of documents: the provider adds `/<document id>`. */
export function syncServerUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${BASE}/sync`;
}

/** An image shown in a page or an attachment drawn as a card (lasuite_docs/document_files.py). */
export type FileKind = "image" | "attachment";

/** What a page's image may be (SVG is refused: opened, it runs scripts). */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

export interface FileOut {
  id: string;
  document_id: string;
  kind: FileKind;
  filename: string;
  content_type: string;
  size: number;
  url: string;
}

/** Where the page's readers get its file `fileId`. */
export function fileUrl(documentId: string, fileId: string): string {
  return `${BASE}/documents/${encodeURIComponent(documentId)}/files/${encodeURIComponent(fileId)}`;
}

/** Upload `file` to the page, telling `progress` how far it is (0-100). Through
 * XMLHttpRequest: fetch does not report an upload's progress. */
export function uploadFile(
  documentId: string,
  file: File,
  kind: FileKind,
  progress: (percent: number) => void,
): Promise<FileOut> {
  const query = new URLSearchParams({ filename: file.name || "file", kind });
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${BASE}/documents/${encodeURIComponent(documentId)}/files?${query}`);
    request.withCredentials = true;
    request.setRequestHeader("accept", "application/json");
    for (const [name, value] of Object.entries(csrfHeaders())) request.setRequestHeader(name, value);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress(Math.round((100 * event.loaded) / event.total));
    });
    request.addEventListener("load", () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // A proxy's error page: its status line says what went wrong.
      }
      if (request.status >= 200 && request.status < 300) resolve(body as FileOut);
      else reject(apiErrorOf(request.status, request.statusText, body));
    });
    request.addEventListener("error", () =>
      reject(new ApiError(0, "network_error", "The server could not be reached.")),
    );
    request.send(file);
  });
}
