import {
  MESSENGER,
  PROFILES,
  roleOf,
  type ChannelSpec,
  type PageView,
  type Profile,
  type ProfileName,
  type Role,
  type RoutingField,
} from '../../machines/platform/index.js';
import type { PageAssets } from '../page-assets.js';
import { accountsOf, type AccountApp, type AccountUser } from '../world/accounts.js';
import type { World } from '../world/world.schema.js';
import type { Observers } from './observers.js';
import type { Caller } from './outcome.js';
import type { PageEmitted, PageSnapshot, PageState } from './page-state.js';
import { RuleBooks } from './rule-books.js';
import type { Threads } from './threads.js';

/** The routing fields a channel's webhook fields stand for (channels/*.ts `fieldAliases`). */
function routingFields(channel: ChannelSpec, fields: readonly string[]): Set<RoutingField> {
  return new Set(fields.flatMap((f) => channel.fieldAliases[f] ?? []));
}

/** What an app without a webhook hears on a channel: everything (the Page Inbox, apps the simulator plays). */
const allFieldsOf = new Map<ChannelSpec, ReadonlySet<RoutingField>>();
function allFields(channel: ChannelSpec): ReadonlySet<RoutingField> {
  let all = allFieldsOf.get(channel);
  if (all === undefined) allFieldsOf.set(channel, (all = routingFields(channel, channel.webhookFields)));
  return all;
}

/** Which profile a page runs: the planted one if there is one, else the page's own protocol or the world's default. */
export interface ProfileChoice {
  override: Profile | undefined;
  defaultProtocol: ProfileName;
}

/**
 * The world's pages as they are now: each page's rules and machine state, who hears which webhook fields, its
 * users, and the apps and page access tokens the world gave it. A Page's linked Instagram account is an
 * account of its own here (world/accounts.ts), found by its id, or through its Page by a user's IGSID.
 */
export class Pages {
  private readonly byId = new Map<string, PageState>(); // pages and Instagram accounts, by entry id
  private readonly pageOrder: string[] = [];
  private readonly tokens = new Map<string, Caller>();
  private readonly apps = new Map<string, AccountApp>(); // `${accountId}/${appId}` -> app
  private readonly ruleBooks = new RuleBooks();

  constructor(
    private readonly world: World,
    private readonly choice: ProfileChoice,
    private readonly assets: PageAssets,
    private readonly observers: Observers,
  ) {}

  /** The world as loaded: its pages, apps and tokens, and a thread for each of its users. */
  load(threads: Threads): void {
    this.byId.clear();
    this.pageOrder.length = 0;
    this.tokens.clear();
    this.apps.clear();
    for (const page of this.world.pages) {
      let messenger: PageState | undefined;
      for (const account of accountsOf(page)) {
        for (const app of account.apps) {
          this.apps.set(`${account.id}/${app.id}`, app);
          // Tokens are the Page's: an app acts on its Instagram account through the Page (protocol.md §2.7).
          if (account.connected === null && app.accessToken) this.tokens.set(app.accessToken, { appId: app.id, pageId: page.id });
          if (app.messengerProfile) this.assets.setMessengerProfile(account.id, app.id, app.messengerProfile);
        }
        const protocol = account.protocol ?? account.channel.defaultProtocol ?? this.choice.defaultProtocol;
        const rules = this.ruleBooks.of(this.choice.override ?? PROFILES[protocol]);
        const { snapshot } = rules.page.start(rules.profile.pageInput(account, account.channel)) as { snapshot: PageSnapshot };
        const state: PageState = {
          world: account,
          channel: account.channel,
          rules,
          threads: new Map(),
          snapshot,
          listeners: [],
          active: false,
          newThread: null,
          newThreadAt: 0,
        };
        this.adoptSnapshot(state, snapshot);
        this.byId.set(account.id, state);
        if (messenger === undefined) messenger = state;
        else [messenger.linked, state.linked] = [state, messenger];
        // A PSID exists only once its user has written to the page: the world's users have threads from the
        // start, so reading a thread never changes what a later role change does to it.
        for (const user of account.users) threads.threadOf(state, user.psid, user.name);
      }
      this.pageOrder.push(page.id);
    }
  }

  /** A Page, or an Instagram account, by its id. */
  get(pageId: string): PageState | undefined {
    return this.byId.get(pageId);
  }

  /**
   * The account whose thread `userId` is, for a call on `accountId`: a Page answers for its Instagram account's
   * IGSIDs too, since apps call with the Page's token (protocol.md §2.7). A user of neither: the account
   * itself, whose rules then refuse the unknown user as before.
   */
  forUser(accountId: string, userId: string): PageState | undefined {
    const page = this.byId.get(accountId);
    const linked = page?.linked;
    if (linked === undefined || page!.threads.has(userId) || !linked.threads.has(userId)) return page;
    return linked;
  }

  /** The account of the Page (or of its linked account) on a channel, if there is one. */
  onChannel(accountId: string, channel: ChannelSpec): PageState | undefined {
    const page = this.byId.get(accountId);
    if (page === undefined) return undefined;
    return page.channel === channel ? page : page.linked?.channel === channel ? page.linked : undefined;
  }

  /** The page's new state, and what follows from it. An app with a webhook hears the fields it subscribed to; one without (the Page Inbox) hears all. */
  adoptSnapshot(page: PageState, snapshot: PageSnapshot): void {
    page.snapshot = snapshot;
    page.listeners = snapshot.context.apps.map((appId: string) => {
      const webhook = this.app(page.world.id, appId)?.webhook;
      // What the app said through `subscribed_apps` wins over the world's starting subscription.
      const chosen = this.assets.deliveredFields(page.world.id, appId);
      const fields = chosen ? new Set(chosen) : webhook ? routingFields(page.channel, webhook.fields) : allFields(page.channel);
      return { appId, fields };
    });
    page.active = snapshot.matches('handoverActive');
    page.newThread = null;
  }

  /** Runs one event through the page's machine; the caller adopts the new snapshot when the event changed the page. */
  step(page: PageState, event: { type: string } & Record<string, unknown>): { snapshot: PageSnapshot; emitted: PageEmitted[] } {
    const { snapshot, emitted } = page.rules.page.step(page.snapshot, event) as { snapshot: PageSnapshot; emitted: PageEmitted[] };
    this.observers.observe('page', page.world.id, null, event, snapshot, emitted);
    return { snapshot, emitted };
  }

  /** The rules a page runs: its own `protocol`, else the world's; a planted profile replaces them all. */
  profileOf(pageId: string): Profile | undefined {
    return this.byId.get(pageId)?.rules.profile;
  }

  authenticate(token: string): Caller | undefined {
    return this.tokens.get(token);
  }

  hasPage(pageId: string): boolean {
    return this.byId.has(pageId);
  }

  /** The world's Facebook Pages, in order (their Instagram accounts are found through them: `get(page)?.linked`). */
  pageIds(): string[] {
    return [...this.pageOrder];
  }

  /** Whether an app may act on the account's threads (every app of a Page; an Instagram account's listed apps and inbox). */
  connectedTo(accountId: string, appId: string): boolean {
    const connected = this.byId.get(accountId)?.world.connected;
    return connected === null || (connected?.has(appId) ?? false);
  }

  app(pageId: string, appId: string): AccountApp | undefined {
    return this.apps.get(`${pageId}/${appId}`);
  }

  appName(pageId: string, appId: string): string {
    const inbox = (this.byId.get(pageId)?.channel ?? MESSENGER).inbox;
    return this.app(pageId, appId)?.name ?? (appId === inbox.appId ? inbox.name : appId);
  }

  pageView(pageId: string): PageView | undefined {
    const page = this.byId.get(pageId);
    return page?.snapshot.context; // the page machine's context is the page view
  }

  /** An app's role on a page, as the page's roles say now. */
  roleOf(pageId: string, appId: string): Role | null {
    const page = this.byId.get(pageId);
    return page ? roleOf(page.snapshot.context.roles, appId) : null;
  }

  handoverActive(pageId: string): boolean {
    return this.byId.get(pageId)?.active ?? false;
  }

  users(pageId: string): { psid: string; name: string }[] {
    return [...(this.byId.get(pageId)?.threads ?? [])].map(([psid, { name }]) => ({ psid, name }));
  }

  userName(pageId: string, psid: string): string | undefined {
    return this.byId.get(pageId)?.threads.get(psid)?.name;
  }

  /** A user of the page with the profile the world gave it; a user who appeared by writing has a name only. */
  user(pageId: string, psid: string): AccountUser | undefined {
    const page = this.forUser(pageId, psid);
    const name = page?.threads.get(psid)?.name;
    if (page === undefined || name === undefined) return undefined;
    page.profiles ??= new Map(page.world.users.map((u) => [u.psid, u]));
    return page.profiles.get(psid) ?? { psid, name };
  }

  /** An app changes the webhook fields it hears on a page (`subscribed_apps`; [] unsubscribes it). */
  subscribe(pageId: string, appId: string, fields: readonly string[]): void {
    const page = this.byId.get(pageId);
    if (!page) return;
    this.assets.setSubscription(pageId, appId, fields);
    this.adoptSnapshot(page, page.snapshot);
  }

  /** The webhook fields an app of the page hears (every field for an app without a webhook). */
  subscribedFields(pageId: string, appId: string): ReadonlySet<RoutingField> {
    return this.byId.get(pageId)?.listeners.find((l) => l.appId === appId)?.fields ?? new Set();
  }
}
