// The docs API (lasuite_docs/routes.py, tree_routes.py) through the shell's client.
import { api } from "@lasuite/shell";

const BASE = "/api/v1/docs";

export interface DocumentOut {
  id: string;
  title: string;
  created_by: string;
  created_at: string;
  parent_id: string | null;
  position: number;
  deleted_at: string | null;
}

export interface TreeNode {
  document: DocumentOut;
  has_children: boolean;
}

export const docsApi = {
  /** The pages right under `parent` (the top level without it), in their order. */
  children: (parent: string | null) =>
    api.get<TreeNode[]>(parent ? `${BASE}/tree?parent=${encodeURIComponent(parent)}` : `${BASE}/tree`),
  get: (id: string) => api.get<DocumentOut>(`${BASE}/documents/${id}`),
  create: (title: string, parentId: string | null = null) =>
    api.post<DocumentOut>(`${BASE}/documents`, { title, parent_id: parentId }),
  rename: (id: string, title: string) => api.patch<DocumentOut>(`${BASE}/documents/${id}`, { title }),
  duplicate: (id: string, title: string) =>
    api.post<DocumentOut>(`${BASE}/documents/${id}/duplicate`, { title }),
  trash: (id: string) => api.delete<void>(`${BASE}/documents/${id}`),
  trashed: () => api.get<DocumentOut[]>(`${BASE}/trash`),
  restore: (id: string) => api.post<DocumentOut>(`${BASE}/documents/${id}/restore`),
  favorites: () => api.get<DocumentOut[]>(`${BASE}/favorites`),
  setFavorite: (id: string, favorite: boolean) =>
    favorite
      ? api.put<void>(`${BASE}/documents/${id}/favorite`)
      : api.delete<void>(`${BASE}/documents/${id}/favorite`),
};

/** The y-websocket server URL of documents: the provider adds `/<document id>`. */
export function syncServerUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${BASE}/sync`;
}
