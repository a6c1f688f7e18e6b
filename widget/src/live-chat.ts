import type { Attachment, ConversationState, Message, WidgetConfig } from '@switchboard/protocol';
import { ApiError, type Api } from './api.js';
import type { StoredVisit, VisitStore } from './visit-store.js';
import { VisitorCall } from './visitor-call.js';
import { VisitorSocket, type SequencedVisitorEvent } from './visitor-socket.js';

export type Phase = 'loading' | 'hidden' | 'blocked' | 'offline' | 'offline-sent' | 'prechat' | 'chat';

/** A message the visitor wrote that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  body: string;
  /** Uploaded already; sent with the message by id. */
  attachments: Attachment[];
  status: 'sending' | 'retrying' | 'failed';
}

/** A file the visitor picked for the next message: uploading, uploaded, or refused. */
export interface Refusal {
  code: string;
  params: Record<string, string>;
  message: string;
}

export interface Upload {
  key: number;
  name: string;
  size: number;
  loaded: number;
  status: 'uploading' | 'done' | 'failed';
  /** Why it failed: a refusal (code 'MAX' for too many files), or undefined for "try again". */
  error?: Refusal;
  attachment?: Attachment;
}

/** What one message may carry (`FileIds` in the protocol). */
export const MAX_FILES = 10;

export interface ChatSnapshot {
  phase: Phase;
  config: WidgetConfig | undefined;
  state: ConversationState | null;
  agentName: string | null;
  messages: Message[];
  pending: PendingMessage[];
  uploads: Upload[];
  /** False while a visitor's stream is down and being resumed. */
  connected: boolean;
  /** Team messages that arrived while the panel was closed. */
  unread: number;
  offlineSentTo: string | undefined;
  /** The colleague typing in the chat right now (shown for about six seconds after their last keystroke event). */
  typing: string | null;
}

const MAX_RETRY_MS = 5000;
const TYPING_EVERY_MS = 3000;
const TYPING_SHOWN_MS = 6000;
const ENDING_NOTES = new Set(['session_ended', 'dealt_with', 'blocked']);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.min(MAX_RETRY_MS, 1000 * 2 ** attempt);

/** 22 url-safe random characters: names a message so a retried send is delivered once. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The visitor's side of one widget: config, visit, history, live events and the outgoing queue. */
export class LiveChat {
  private config: WidgetConfig | undefined;
  private visit: StoredVisit | undefined;
  private socket: VisitorSocket | undefined;
  /** This page's device id, kept across reconnects so a call survives a dropped socket (new on reload). */
  private readonly device = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  private state: ConversationState | null = null;
  private agentName: string | null = null;
  private typist: string | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTyped = 0;
  /** Bumped by every live state change, so an older history answer cannot overwrite it. */
  private stateVersion = 0;
  private messages: Message[] = [];
  private pending: PendingMessage[] = [];
  private uploads: Upload[] = [];
  private uploadKey = 0;
  private readonly aborts = new Map<number, () => void>();
  private starting: Promise<StoredVisit> | undefined;
  private historyLoaded = false;
  private connected = false;
  private blocked = false;
  private hidden = false;
  private open = false;
  private unread = 0;
  private offlineSentTo: string | undefined;
  private outbox: Promise<void> = Promise.resolve();
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  /** A voice or video call the agent asks the visitor to start, over this chat's socket. */
  readonly call: VisitorCall;

  constructor(
    private readonly api: Api,
    private readonly store: VisitStore,
    private readonly origin: string,
  ) {
    this.snapshot = this.build();
    this.call = new VisitorCall(
      api,
      () => this.visit?.token,
      (frame) => this.socket?.send(frame) ?? false,
    );
  }

  get(): ChatSnapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.visit = this.store.load();
    if (this.visit) this.connect();
    await this.loadConfig();
  }

  setOpen(open: boolean): void {
    this.open = open;
    if (open) this.unread = 0;
    this.changed();
    if (open && this.config && !this.hasActiveChat()) void this.loadConfig();
  }

  /** The pre-chat form: starts the visit with the visitor's name and email. */
  async begin(name: string, email: string): Promise<void> {
    try {
      this.remember(await this.api.startVisit({ name, email, language: browserLanguage() }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'BLOCKED') return this.block();
      throw error;
    }
  }

  /** Sends the text with the files uploaded for it; waits (does nothing) while one is still uploading. */
  send(body: string): void {
    const text = body.trim();
    if (this.blocked || this.uploads.some((u) => u.status === 'uploading')) return;
    const attachments = this.uploads.flatMap((u) => (u.attachment ? [u.attachment] : []));
    if (!text && attachments.length === 0) return;
    const message: PendingMessage = { clientId: newClientId(), body: text, attachments, status: 'sending' };
    this.lastTyped = 0; // the next keystroke starts a new indicator at once
    this.pending = [...this.pending, message];
    this.uploads = this.uploads.filter((u) => u.status === 'failed');
    this.changed();
    this.enqueue(message.clientId);
  }

  /** Uploads the picked files for the next message, each on its own, reporting progress. */
  attach(files: File[]): void {
    if (this.blocked) return;
    for (const file of files) {
      const key = ++this.uploadKey;
      const full = this.uploads.filter((u) => u.status !== 'failed').length >= MAX_FILES;
      this.uploads = [
        ...this.uploads,
        {
          key,
          name: file.name,
          size: file.size,
          loaded: 0,
          status: full ? 'failed' : 'uploading',
          error: full ? { code: 'MAX', params: {}, message: '' } : undefined,
        },
      ];
      if (!full) void this.upload(key, file);
    }
    this.changed();
  }

  /** Cancels an upload in progress, or takes an uploaded or refused file off the next message. */
  removeUpload(key: number): void {
    this.aborts.get(key)?.();
    this.uploads = this.uploads.filter((u) => u.key !== key);
    this.changed();
  }

  /** A visitor's file as the widget may load it (thumbnails in `<img src>`, downloads in links). */
  fileUrl(id: number, variant: '' | '/display' | '/thumbnail' = ''): string {
    return this.visit ? this.api.fileUrl(this.visit.token, id, variant) : '';
  }

  private async upload(key: number, file: File): Promise<void> {
    const update = (change: Partial<Upload>) => {
      if (!this.uploads.some((u) => u.key === key)) return;
      this.uploads = this.uploads.map((u) => (u.key === key ? { ...u, ...change } : u));
      this.changed();
    };
    try {
      const visit = await this.ensureVisit();
      if (!this.uploads.some((u) => u.key === key)) return;
      const { done, abort } = this.api.upload(visit.token, file, (loaded) => update({ loaded }));
      this.aborts.set(key, abort);
      update({ status: 'done', loaded: file.size, attachment: await done });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'ABORTED') return;
      if (error.code === 'BLOCKED') return this.block();
      // Refusals name the reason (size, accepted types); anything else is worth another try.
      const refused = error.status >= 400 && error.status < 500 && error.status !== 429;
      update({ status: 'failed', error: refused ? { code: error.code, params: error.params, message: error.message } : undefined });
    } finally {
      this.aborts.delete(key);
    }
  }

  retry(clientId: string): void {
    this.setPending(clientId, 'sending');
    this.enqueue(clientId);
  }

  async leaveMessage(name: string, email: string, message: string): Promise<void> {
    try {
      this.remember(await this.api.leaveMessage({ name, email, message, language: browserLanguage() }));
      this.offlineSentTo = email;
      this.changed();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'BLOCKED') return this.block();
      throw error;
    }
  }

  private async loadConfig(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.config = await this.api.config();
        return this.changed();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === 'BLOCKED') return this.block();
        if (!error.transient) {
          this.hidden = !this.config;
          return this.changed();
        }
        await delay(backoff(attempt));
      }
    }
  }

  /** A visit just started: it has no history yet, so its stream replays everything from the first event. */
  private remember(visit: StoredVisit): void {
    this.socket?.stop();
    this.visit = { token: visit.token, visitorId: visit.visitorId, lastSeq: 0 };
    this.store.save(this.visit);
    this.messages = [];
    this.historyLoaded = true;
    this.connect();
    this.setState(null, null);
  }

  private connect(): void {
    const ws = this.origin.replace(/^http/, 'ws');
    this.socket = new VisitorSocket(
      (lastSeq) => `${ws}/ws/visitor?device=${this.device}${lastSeq === undefined ? '' : `&lastSeq=${lastSeq}`}`,
      () => this.visit!.token,
      () => this.visit?.lastSeq,
      {
        event: (event) => this.apply(event),
        ready: (lastSeq, resync) => {
          this.saveSeq(lastSeq);
          if (resync || !this.historyLoaded) void this.loadHistory();
        },
        connection: (connected) => {
          this.connected = connected;
          if (connected) this.call.back();
          else this.call.lost();
          this.changed();
        },
        call: (event) => this.call.receive(event),
        refused: (reason) => (reason === 'blocked' ? this.block() : this.forgetVisit()),
        typing: (name) => this.showTyping(name),
        deleted: () => {
          this.messages = [];
          this.setState(null, null);
        },
      },
    );
    this.socket.start();
  }

  private async loadHistory(): Promise<void> {
    const visit = this.visit;
    if (!visit) return;
    const version = this.stateVersion;
    try {
      const chat = await this.api.chat(visit.token);
      if (visit !== this.visit) return;
      this.merge(chat.messages, false);
      if (version === this.stateVersion) {
        this.state = chat.state;
        this.agentName = chat.agentName;
      }
      this.historyLoaded = true;
      this.changed();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'BLOCKED') return this.block();
      if (error.status === 401) return this.forgetVisit();
      await delay(MAX_RETRY_MS);
      return this.loadHistory();
    }
  }

  /** The visitor typed: the colleagues with the chat are told, at most every 3 seconds. */
  typed(text: string): void {
    const now = Date.now();
    if (!text.trim() || now - this.lastTyped < TYPING_EVERY_MS) return;
    this.lastTyped = now;
    this.socket?.typing();
  }

  private showTyping(name: string): void {
    this.typist = name;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typist = null;
      this.changed();
    }, TYPING_SHOWN_MS);
    this.changed();
  }

  private apply(event: SequencedVisitorEvent): void {
    this.saveSeq(event.seq);
    // The colleague's message arrived: they are no longer typing it.
    if (event.type === 'message.created' && event.message.author === 'user' && this.typist !== null) {
      clearTimeout(this.typingTimer);
      this.typist = null;
    }
    if (event.type === 'chat.state') return this.setState(event.state, event.agentName);
    this.merge([event.message], true);
    this.followMessage(event.message);
  }

  /** What a live message says about the session, for the transitions no chat.state event reports. */
  private followMessage(message: Message): void {
    const note = message.system;
    if (message.author === 'customer' && (this.state === 'closed' || this.state === null)) this.setState('queued', null);
    else if (note?.kind === 'taken') this.setState('owned', note.agentName);
    else if (note && ENDING_NOTES.has(note.kind)) this.setState('closed', null);
  }

  /** Adds confirmed messages once each, in order, replacing the pending copies they confirm. */
  private merge(incoming: Message[], live: boolean): void {
    const known = new Set(this.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    if (fresh.length === 0) return;
    const confirmed = new Set(fresh.filter((m) => m.author === 'customer').map((m) => m.clientId));
    this.pending = this.pending.filter((p) => !confirmed.has(p.clientId));
    this.messages = [...this.messages, ...fresh].sort((a, b) => a.id - b.id);
    if (live && !this.open) this.unread += fresh.filter((m) => m.author === 'user' || m.system?.kind === 'offline_reply').length;
    this.changed();
  }

  private enqueue(clientId: string): void {
    this.outbox = this.outbox.then(() => this.deliver(clientId)).catch(() => this.setPending(clientId, 'failed'));
  }

  /** Sends one pending message, again with the same clientId after a network failure, until it lands. */
  private async deliver(clientId: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const message = this.pending.find((p) => p.clientId === clientId);
      if (!message || this.blocked) return;
      try {
        const visit = await this.ensureVisit();
        const fileIds = message.attachments.map((a) => a.id);
        const sent = await this.api.send(visit.token, { clientId, body: message.body, ...(fileIds.length ? { fileIds } : {}) });
        this.merge([sent], false);
        if (this.state === 'closed' || this.state === null) this.setState('queued', null);
        return;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === 'BLOCKED') return this.block();
        if (error.status === 401 && attempt === 0) {
          this.forgetVisit();
          continue;
        }
        if (!error.transient) return this.setPending(clientId, 'failed');
        this.setPending(clientId, 'retrying');
        await delay(backoff(attempt));
      }
    }
  }

  /** The visit to send under: the current one, or an anonymous one started once for all who wait. */
  private ensureVisit(): Promise<StoredVisit> {
    if (this.visit) return Promise.resolve(this.visit);
    this.starting ??= this.api
      .startVisit({ name: '', email: '', language: browserLanguage() })
      .then((visit) => {
        this.remember(visit);
        return this.visit!;
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  private setPending(clientId: string, status: PendingMessage['status']): void {
    this.pending = this.pending.map((p) => (p.clientId === clientId ? { ...p, status } : p));
    this.changed();
  }

  private setState(state: ConversationState | null, agentName: string | null): void {
    this.state = state;
    this.agentName = agentName;
    this.stateVersion++;
    this.changed();
  }

  private saveSeq(seq: number): void {
    if (!this.visit || this.visit.lastSeq === seq) return;
    this.visit = { ...this.visit, lastSeq: seq };
    this.store.save(this.visit);
  }

  /** The token is no longer valid: start over as a new visitor, keeping what is still unsent. */
  private forgetVisit(): void {
    this.socket?.stop();
    this.socket = undefined;
    this.visit = undefined;
    this.store.clear();
    for (const abort of this.aborts.values()) abort();
    this.uploads = [];
    this.messages = [];
    this.historyLoaded = false;
    this.setState(null, null);
  }

  private block(): void {
    this.blocked = true;
    this.socket?.stop();
    this.pending = [];
    for (const abort of this.aborts.values()) abort();
    this.uploads = [];
    this.changed();
  }

  private hasActiveChat(): boolean {
    return !!this.visit && (this.state === 'queued' || this.state === 'owned' || this.pending.length > 0);
  }

  private phase(): Phase {
    if (this.blocked) return 'blocked';
    if (this.hidden) return 'hidden';
    if (!this.config || (this.visit && !this.historyLoaded)) return 'loading';
    if (this.offlineSentTo) return 'offline-sent';
    if (!this.config.online && !this.hasActiveChat()) return 'offline';
    if (!this.visit && (this.config.askName || this.config.askEmail)) return 'prechat';
    return 'chat';
  }

  private build(): ChatSnapshot {
    return {
      phase: this.phase(),
      config: this.config,
      state: this.state,
      agentName: this.agentName,
      messages: this.messages,
      pending: this.pending,
      uploads: this.uploads,
      connected: this.connected,
      unread: this.unread,
      offlineSentTo: this.offlineSentTo,
      typing: this.typist,
    };
  }

  private changed(): void {
    this.snapshot = this.build();
    for (const listener of this.listeners) listener();
  }
}

/** The visitor's own language as the browser states it, so agents can answer in it. */
function browserLanguage(): string {
  const code = navigator.language.split('-')[0]!.toLowerCase();
  return /^[a-z]{2,3}$/.test(code) ? code : '';
}
