import type { ClientFrame, Conversation, DurableEvent, ServerEvent, TeamView } from '@switchboard/protocol';
import { callError, callEvent, deviceLost, socketBack, socketLost } from '../calls/callSession';
import { noteTyping, stopTyping } from '../chat/typingStore';
import { currentUser, sessionStore } from '../auth/session';
import { api } from '../lib/api';
import { createStore } from '../lib/store';
import type { ConversationListResponse } from '../lib/types';
import { fetchConversation, retryFailedMessages } from '../chat/actions';
import {
  applyMessage,
  applyMessageUpdate,
  applyRead,
  chatStore,
  removeConversation,
  refreshConversations,
  renameUser,
  replaceConversations,
  resetChat,
  setRemovedNotice,
  updateConversation,
} from '../chat/chatStore';
import { consumeOwnRemoval } from '../chat/customerActions';
import { queryClient, replaceMessageInQueries } from '../chat/queries';
import { bumpQueues } from '../queues/queuesStore';
import { navigate } from '../app/route';
import { resetPresence, setMyPresence, setPresences } from '../team/presenceStore';
import { updateTeamMember } from '../team/teamQueries';
import { RealtimeSocket, type ConnectionStatus } from './socket';
import { abandonAll, answer, ask } from './requests';
import { newClientId } from '../lib/ids';
import { notifyEvent, startNotifications } from '../notifications/notifier';
import { discardUploads } from '../files/uploads';

export const connectionStore = createStore<ConnectionStatus>('connecting');

let liveSocket: RealtimeSocket | null = null;

/** Sends a frame on the signed-in user's socket (calls use it: the socket is this device); false when it is down. */
export function sendFrame(frame: ClientFrame): boolean {
  return liveSocket?.send(frame) ?? false;
}

/** Takes a customer chat over the socket; null when it is down (then over HTTP). */
export function takeOverSocket(conversationId: number) {
  return ask({ type: 'take', conversationId, clientId: newClientId() }, sendFrame);
}

const RELOAD_RETRY_MS = 2000;

function applyTeamPresence(team: TeamView): void {
  setPresences(team.members);
  const me = team.members.find((m) => m.id === currentUser().id);
  if (me && me.presence !== 'offline') setMyPresence(me.presence);
}

/**
 * Keeps the chat and presence stores in step with the server: loads state over HTTP once the socket is
 * ready (and again on resync), and applies live events, holding them back while a load is in flight so
 * nothing falls between the snapshot and the stream.
 */
export function startSync(): () => void {
  const me = currentUser().id;
  let loaded = false;
  let generation = 0;
  let held: DurableEvent[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // After a (re)sync every fetched list (Team, admin lists, searches, Information) may be behind: fetch again.
  const bumpEpoch = () => void queryClient.invalidateQueries();

  function applyDurable(event: DurableEvent): void {
    // Before the stores change: whether to notify depends on what was known until now.
    notifyEvent(event, me);
    switch (event.type) {
      case 'message.created': {
        const { message } = event;
        // Whoever was typing has sent: their indicator goes with it.
        stopTyping(message.conversationId, message.author === 'customer' ? undefined : (message.senderId ?? undefined));
        const s = chatStore.get();
        const watching = s.activeId === message.conversationId && document.visibilityState === 'visible';
        if (!applyMessage(message, me, !watching)) void fetchConversation(message.conversationId).catch(() => undefined);
        break;
      }
      case 'message.updated':
        // Delivery state or reactions changed: the same message, replaced in place wherever it is shown.
        applyMessageUpdate(event.message);
        replaceMessageInQueries(event.message);
        break;
      case 'conversation.created':
      case 'conversation.updated':
        // A chat I only looked at as a supervisor becomes mine when I take it: take the new view either way.
        updateConversation(event.conversation);
        bumpQueues();
        break;
      case 'conversation.removed': {
        const s = chatStore.get();
        const known = s.conversations[event.conversationId];
        if (s.activeId === event.conversationId) {
          if (!consumeOwnRemoval(event.conversationId)) {
            setRemovedNotice({
              conversationId: event.conversationId,
              title: known?.title ?? '',
              reason: event.reason,
              byName: event.byName,
            });
          }
          navigate({ view: 'chat', conversationId: null });
        } else {
          consumeOwnRemoval(event.conversationId);
        }
        removeConversation(event.conversationId);
        bumpQueues();
        break;
      }
      case 'conversation.read':
        applyRead(event.conversationId, event.userId, event.lastReadMessageId, me);
        break;
      case 'user.renamed':
        renameUser(event.userId, event.name);
        updateTeamMember(event.userId, { name: event.name });
        // Lists fetched with names in them (search, transfer targets, admin) take the new one when next shown.
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'team' });
        if (event.userId === me) sessionStore.set((s) => (s.status === 'authenticated' ? { ...s, user: { ...s.user, name: event.name } } : s));
        break;
    }
  }

  /** Offers made to me while the socket was down (their events are live only): announced as if they had come. */
  function announceOffers(list: readonly Conversation[]): void {
    const known = chatStore.get().conversations;
    for (const conversation of list) {
      if (conversation.myRole === 'offered' && !known[conversation.id]) notifyEvent({ type: 'conversation.created', conversation }, me);
    }
  }

  /** `resumed`: after a `ready` that continued the stream, which brought what I missed in my own chats. */
  async function load(resumed = false): Promise<void> {
    const mine = ++generation;
    loaded = false;
    // Whatever arrived before the snapshot is requested is already part of it.
    held = [];
    clearTimeout(retryTimer);
    try {
      const [list, team] = await Promise.all([api<ConversationListResponse>('GET', '/api/conversations'), api<TeamView>('GET', '/api/team')]);
      if (mine !== generation) return;
      if (resumed) {
        announceOffers(list.conversations);
        refreshConversations(list.conversations);
      } else replaceConversations(list.conversations);
      applyTeamPresence(team);
    } catch {
      if (mine === generation) retryTimer = setTimeout(() => void load(resumed), RELOAD_RETRY_MS);
      return;
    }
    loaded = true;
    const events = held;
    held = [];
    for (const event of events) applyDurable(event);
    bumpEpoch();
    retryFailedMessages();
  }

  function onEvent(event: ServerEvent): void {
    switch (event.type) {
      case 'ready':
        // A resumed stream brings what was missed, except what concerned chats only offered to me: those events
        // are live, never stored (docs/protocol.md), so the list is loaded again on every (re)connect (a load
        // still in flight may have been answered before the socket dropped: it gives way to this one).
        void load(loaded);
        break;
      case 'resync':
        void load();
        break;
      case 'typing':
        noteTyping(event, Date.now());
        break;
      case 'presence':
        setPresences([{ id: event.userId, presence: event.presence }]);
        if (event.userId === me && event.presence !== 'offline') setMyPresence(event.presence);
        break;
      case 'taken':
        answer(event);
        break;
      case 'error':
        // Chat sends go over HTTP; on the socket, errors answer takes and call frames.
        if (!answer(event)) callError(event);
        break;
      case 'call.state':
      case 'call.signal':
      case 'call.answered_elsewhere':
        callEvent(event);
        break;
      case 'message.created':
      case 'message.updated':
      case 'conversation.created':
      case 'conversation.updated':
      case 'conversation.removed':
      case 'conversation.read':
      case 'user.renamed':
        if (loaded) applyDurable(event);
        else held.push(event);
        break;
    }
  }

  const socket = new RealtimeSocket(`sb.lastSeq.${me}`, {
    onEvent,
    onStatus: (status) => {
      connectionStore.set(() => status);
      // The socket keeps this page's device id: a connected call waits for it (the server's grace), a
      // ringing one ends (the server cancels it too, or rings this device again once it is back).
      if (status === 'reconnecting') socketLost();
      if (status === 'open') socketBack();
      // Takes asked on the old socket get no answer now; their callers ask again over HTTP.
      if (status === 'reconnecting') abandonAll();
      // The socket cannot tell us why it was refused; an expired session or a disabled account shows up
      // here as a 401, which signs the user out instead of retrying forever.
      if (status === 'reconnecting') void api('GET', '/api/me').catch(() => undefined);
    },
    // Signed out elsewhere: /api/me answers 401 now, which signs this tab out too.
    onSignedOut: () => void api('GET', '/api/me').catch(() => undefined),
  });
  socket.start();
  liveSocket = socket;
  const stopNotifications = startNotifications();

  return () => {
    stopNotifications();
    generation++;
    clearTimeout(retryTimer);
    socket.stop();
    liveSocket = null;
    deviceLost();
    resetChat();
    discardUploads();
    queryClient.clear();
    resetPresence();
    connectionStore.set(() => 'connecting');
  };
}
