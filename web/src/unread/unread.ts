/** Unread messages over all of the agent's conversations: the nav rail's badge and the tab's title. */
export function totalUnread(conversations: Readonly<Record<number, { unread: number }>>): number {
  let total = 0;
  for (const c of Object.values(conversations)) total += c.unread;
  return total;
}

export const APP_NAME = 'Switchboard';

/** The browser tab's title: "(3) Switchboard" while messages wait, so a background tab shows it. */
export function unreadTitle(count: number): string {
  if (count <= 0) return APP_NAME;
  return `(${count > 99 ? '99+' : count}) ${APP_NAME}`;
}
