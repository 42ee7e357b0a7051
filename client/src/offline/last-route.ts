/**
 * The screen the user was on, per user, so the installed app started without a connection
 * opens where they left off (its content comes from the offline store) rather than on a start
 * page whose lists may not be kept.
 */
const PREFIX = 'stafette.lastRoute:';
/** Screens that make sense to reopen; sign-in and setup flows do not. */
const REOPENABLE = /^\/(?:pages|spaces|processes|profile|search)\b/;

export function rememberRoute(userId: string, route: string): void {
  if (REOPENABLE.test(route)) localStorage.setItem(PREFIX + userId, route);
}

/** The route to reopen when the app starts offline on its start URL, or null. */
export function routeToReopen(userId: string, current: string, online: boolean): string | null {
  if (online || current !== '/') return null;
  const last = localStorage.getItem(PREFIX + userId);
  return last && REOPENABLE.test(last) ? last : null;
}
