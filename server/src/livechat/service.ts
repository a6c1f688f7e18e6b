import { createHash, randomBytes } from 'node:crypto';
import type {
  IpBlock,
  Message,
  OfflineMessage,
  StartVisit,
  VisitResponse,
  VisitorChat,
  VisitorSend,
  Widget,
  WidgetConfig,
  WidgetInput,
} from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { ConversationCore } from '../conversations/core.js';
import type { CustomerIntake } from '../customer-chat/intake.js';
import { customerChatStorage } from '../customer-chat/storage.js';
import type { Db } from '../db/database.js';
import { TurnBatch } from '../db/turn-batch.js';
import { errors } from '../http/errors.js';
import { routingStorage } from '../routing/storage.js';
import { livechatStorage, toWidget, type VisitorAsking, type VisitorSessionRow } from './storage.js';
import type { Online } from '../team/online.js';

export interface Visitor {
  id: number;
  name: string;
  email: string;
  widget: Widget;
  /** The widget's queue was deleted: the visitor can no longer write. */
  queueGone: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The website live chat: widgets, anonymous visitors, their messages, and IP blocks. */
export class LiveChatService {
  /** Visitors' requests of one turn checked with one read (a burst of customers writing at once). */
  private readonly sessions: TurnBatch<VisitorAsking, VisitorSessionRow>;

  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly intake: CustomerIntake,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
    private readonly presence: Online,
  ) {
    this.sessions = new TurnBatch((asking) => livechatStorage.visitorSessions(db, asking));
  }

  async listWidgets(actor: Actor): Promise<Widget[]> {
    await this.access.require(actor, 'channels.manage');
    return livechatStorage.widgets(this.db);
  }

  async createWidget(actor: Actor, input: WidgetInput): Promise<Widget> {
    await this.access.require(actor, 'channels.manage');
    await this.assertTarget(input);
    const { id } = await livechatStorage.insertWidget(this.db, randomBytes(9).toString('base64url'), input, this.clock.now());
    return (await livechatStorage.widgetById(this.db, id))!;
  }

  async updateWidget(actor: Actor, id: number, input: WidgetInput): Promise<Widget> {
    await this.access.require(actor, 'channels.manage');
    await this.assertTarget(input);
    if (!(await livechatStorage.updateWidget(this.db, id, input))) throw errors.notFound('Widget');
    return (await livechatStorage.widgetById(this.db, id))!;
  }

  async removeWidget(actor: Actor, id: number): Promise<void> {
    await this.access.require(actor, 'channels.manage');
    if (!(await livechatStorage.removeWidget(this.db, id))) throw errors.notFound('Widget');
  }

  async config(key: string, ip: string): Promise<WidgetConfig> {
    const widget = await this.widget(key);
    await this.assertNotBlocked(ip);
    return {
      texts: widget.texts,
      askName: widget.askName,
      askEmail: widget.askEmail,
      colour: widget.colour,
      language: widget.language,
      allowCalls: widget.allowCalls,
      online: await this.online(widget),
    };
  }

  /** A new anonymous visitor: its token is the only key to its chat. */
  async startVisit(key: string, ip: string, input: StartVisit): Promise<VisitResponse> {
    const widget = await this.widget(key);
    await this.assertNotBlocked(ip);
    const token = randomBytes(32).toString('base64url');
    const { id } = await livechatStorage.insertVisitor(this.db, {
      name: input.name,
      email: input.email,
      language: input.language,
      ip,
      tokenHash: hashToken(token),
      widgetId: widget.id,
      now: this.clock.now(),
    });
    return { token, visitorId: id };
  }

  /** The offline form: a new visitor whose message waits in the queue and can be answered by email. */
  async leaveMessage(key: string, ip: string, input: OfflineMessage): Promise<VisitResponse> {
    const visit = await this.startVisit(key, ip, { name: input.name, email: input.email, language: input.language });
    const visitor = await this.authenticate(visit.token, ip);
    await this.send(visitor, { clientId: `offline-${visit.visitorId}`, body: input.message });
    return visit;
  }

  /** The visitor behind a token, refused when its IP (then or now) is blocked or its widget is gone. */
  async authenticate(token: string | undefined, ip: string): Promise<Visitor> {
    const tokenHash = token ? hashToken(token) : undefined;
    const row = tokenHash ? await this.sessions.load(`${tokenHash} ${ip}`, { tokenHash, ip }) : undefined;
    if (!row) throw errors.unauthenticated(); // a live chat visitor's token: other channels' identities are not read
    if (row.blocked) throw errors.blocked();
    const widget = toWidget(row);
    return { id: row.visitor_id, name: row.visitor_name, email: row.visitor_email, widget, queueGone: widget.target.type === 'queue' && !row.queue_exists };
  }

  async chat(visitor: Visitor): Promise<VisitorChat> {
    const conversation = await this.core.conversationOf(visitor.id, visitor.widget.id);
    const messages = conversation ? (await this.core.history(conversation.id, undefined, 200)).messages : [];
    const agentName = conversation?.state === 'owned' && conversation.owner_id !== null ? ((await this.core.userName(conversation.owner_id)) ?? null) : null;
    return { visitorId: visitor.id, name: visitor.name, email: visitor.email, state: conversation?.state ?? null, agentName, messages };
  }

  async send(visitor: Visitor, input: VisitorSend): Promise<Message> {
    if (visitor.queueGone) throw errors.widgetUnavailable();
    const target =
      visitor.widget.target.type === 'queue'
        ? { type: 'queue' as const, queueId: visitor.widget.target.queueId }
        : { type: 'extension' as const, userId: visitor.widget.target.userId };
    const customer = { id: visitor.id, name: visitor.name || `Visitor ${visitor.id}`, channel: 'livechat' as const, accountId: visitor.widget.id };
    return this.intake.receive(customer, target, input);
  }

  async blocks(actor: Actor): Promise<IpBlock[]> {
    await this.access.require(actor, 'blocks.manage');
    return (await livechatStorage.blocks(this.db)).map((b) => ({
      id: b.id,
      ip: b.ip,
      createdAt: b.created_at,
      createdBy: b.created_by !== null && b.created_by_name ? { id: b.created_by, name: b.created_by_name } : null,
      customerName: b.customer_name,
    }));
  }

  async liftBlock(actor: Actor, id: number): Promise<void> {
    await this.access.require(actor, 'blocks.manage');
    const result = await livechatStorage.removeBlock(this.db, id);
    if (Number(result.numDeletedRows) === 0) throw errors.notFound('Block');
  }

  private async widget(key: string): Promise<Widget> {
    const widget = await livechatStorage.widgetByKey(this.db, key);
    if (!widget) throw errors.notFound('Widget');
    return widget;
  }

  /** Whether someone could answer now: the extension's colleague online, or an available agent logged into the queue. */
  private async online(widget: Widget): Promise<boolean> {
    const agents = widget.target.type === 'extension' ? [widget.target.userId] : await livechatStorage.availableAgentIds(this.db, widget.target.queueId);
    return (await this.presence.among(agents)).size > 0;
  }

  private async assertNotBlocked(ip: string): Promise<void> {
    if (await customerChatStorage.isBlocked(this.db, ip)) throw errors.blocked();
  }

  private async assertTarget(input: WidgetInput): Promise<void> {
    const exists = await routingStorage.targetExists(this.db, input.target);
    if (!exists) throw errors.validation(`body.target: no such ${input.target.type}`);
  }
}
