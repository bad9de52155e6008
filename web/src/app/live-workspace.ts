// Keeps the open workspace in step with the organization without a reload: a
// plugin switched on or off, the user's role changed or their membership ended,
// the rights of a role changed. The server announces each on `core:org:<id>`
// (and `core.member.changed` on `core:user:<id>` too); the shell then reloads the
// session and the workspace manifest over HTTP.
import { t } from "../shell/i18n";
import { currentPath, navigate } from "../shell/router";
import { realtime, type RealtimeMessage, type Subscription } from "../shell/realtime";
import { session, type SessionState } from "../shell/session";
import { pluginName } from "./plugin-names";

export const PLUGIN_SWITCHED = "core.plugin.switched";
export const MEMBER_CHANGED = "core.member.changed";
export const GRANTS_CHANGED = "core.grants.changed";

interface PluginSwitched {
  plugin_id: string;
  enabled: boolean;
}

interface MemberChanged {
  user_id: string;
  role: string | null;
}

/** Something the user should be told about a change made elsewhere. */
export type Notice = (message: string) => void;

/** Follow the signed-in user's organization until the returned function is called. */
export function followWorkspace(notice: Notice): () => void {
  let topics: string[] = [];
  let stops: Subscription[] = [];
  let reloading: Promise<unknown> = Promise.resolve();
  let removed = false;

  const reload = (): Promise<SessionState | null> => {
    const next = reloading.then(() => session.load()).catch(() => session.current);
    reloading = next;
    return next;
  };

  const pluginSwitched = async ({ plugin_id: pluginId, enabled }: PluginSwitched) => {
    const plugins = session.current?.workspace.plugins ?? [];
    const plugin = plugins.find((p) => p.id === pluginId);
    const name = plugin ? pluginName(plugin) : pluginId;
    await reload();
    if (!enabled && currentPath().split("/")[1] === pluginId) {
      navigate("/", { replace: true });
      notice(t("live.pluginDisabled", { plugin: name }));
    }
  };

  const memberChanged = async ({ user_id: userId, role }: MemberChanged) => {
    const me = session.current?.me;
    if (!me || userId !== me.id) return;
    if (role === me.role || removed) return; // already known (it comes on both topics)
    removed = role === null;
    const next = await reload();
    if (role === null) {
      // The session belonged to that organization: the user signs in again.
      navigate("/", { replace: true });
      notice(t("live.removed"));
    } else if (next) {
      notice(t("live.roleChanged"));
    }
  };

  const onMessage = (message: RealtimeMessage): void => {
    if (message.type === "resync") {
      void reload();
      return;
    }
    if (message.type !== "event") return;
    if (message.name === PLUGIN_SWITCHED) void pluginSwitched(message.data as PluginSwitched);
    else if (message.name === MEMBER_CHANGED) void memberChanged(message.data as MemberChanged);
    else if (message.name === GRANTS_CHANGED) void reload();
  };

  const follow = (state: SessionState | null): void => {
    const wanted = state
      ? [`core:org:${state.me.organization_id}`, `core:user:${state.me.id}`]
      : [];
    if (wanted.join() === topics.join()) return;
    removed = false;
    for (const stop of stops) stop();
    topics = wanted;
    stops = wanted.map((topic) => realtime.subscribe(topic, onMessage));
  };

  follow(session.current);
  const stopSession = session.subscribe(follow);
  return () => {
    stopSession();
    follow(null);
  };
}
