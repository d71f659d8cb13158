import { WEBHOOK_FIELDS, type WebhookField } from '../machines/platform/index.js';

/**
 * What apps store on a page through the Graph API, beside the conversation itself: each app's Messenger
 * Profile (Get Started, greeting, menu, …), the page's personas and uploaded attachments, and each app's
 * webhook subscription when the app changed it with `subscribed_apps`. Owned by the Platform, emptied by
 * its reset. Ids are counters with 17 digits: world ids have at most 16, so a new object never shadows a
 * page, app or user id (Meta's own are 15–16 digits; nothing reads their length).
 */
export const MESSENGER_PROFILE_FIELDS = ['get_started', 'greeting', 'persistent_menu', 'ice_breakers', 'whitelisted_domains'] as const;
export type MessengerProfileField = (typeof MESSENGER_PROFILE_FIELDS)[number];
export type MessengerProfile = Partial<Record<MessengerProfileField, unknown>>;

export interface Persona {
  id: string;
  name: string;
  profile_picture_url: string;
}

export interface StoredAttachment {
  id: string;
  type: 'image' | 'audio' | 'video' | 'file';
  /** Where it came from: the URL Meta fetched, or the uploaded file's name. */
  url?: string;
  filename?: string;
}

const FIRST_OBJECT_ID = 10_000_000_000_000_000n;

export class PageAssets {
  private profiles = new Map<string, MessengerProfile>(); // `${pageId}/${appId}`
  private personas = new Map<string, Map<string, Persona>>(); // pageId -> id -> persona
  private attachments = new Map<string, Map<string, StoredAttachment>>(); // pageId -> id -> attachment
  private subscriptions = new Map<string, readonly string[]>(); // `${pageId}/${appId}`; [] = unsubscribed
  private lastId = FIRST_OBJECT_ID;

  clear(): void {
    this.profiles.clear();
    this.personas.clear();
    this.attachments.clear();
    this.subscriptions.clear();
    this.lastId = FIRST_OBJECT_ID;
  }

  private nextId(): string {
    this.lastId += 1n;
    return String(this.lastId);
  }

  // ---- Messenger Profile: per app and page ----------------------------------------------------

  messengerProfile(pageId: string, appId: string): Readonly<MessengerProfile> {
    return this.profiles.get(`${pageId}/${appId}`) ?? {};
  }

  setMessengerProfile(pageId: string, appId: string, profile: MessengerProfile): void {
    this.profiles.set(`${pageId}/${appId}`, profile);
  }

  // ---- personas: per page ---------------------------------------------------------------------

  createPersona(pageId: string, name: string, pictureUrl: string): Persona {
    const persona = { id: this.nextId(), name, profile_picture_url: pictureUrl };
    this.pageMap(this.personas, pageId).set(persona.id, persona);
    return persona;
  }

  personasOf(pageId: string): Persona[] {
    return [...(this.personas.get(pageId)?.values() ?? [])];
  }

  persona(pageId: string, id: string): Persona | undefined {
    return this.personas.get(pageId)?.get(id);
  }

  deletePersona(pageId: string, id: string): boolean {
    return this.personas.get(pageId)?.delete(id) ?? false;
  }

  // ---- attachments: per page ------------------------------------------------------------------

  saveAttachment(pageId: string, attachment: Omit<StoredAttachment, 'id'>): StoredAttachment {
    const saved = { id: this.nextId(), ...attachment };
    this.pageMap(this.attachments, pageId).set(saved.id, saved);
    return saved;
  }

  attachment(pageId: string, id: string): StoredAttachment | undefined {
    return this.attachments.get(pageId)?.get(id);
  }

  // ---- webhook subscriptions changed through the API -------------------------------------------

  /** The fields an app chose with `subscribed_apps` (those the fake never sends included); undefined while it kept the world's. */
  subscription(pageId: string, appId: string): readonly string[] | undefined {
    return this.subscriptions.get(`${pageId}/${appId}`);
  }

  /** Of an app's chosen fields, those the fake delivers. */
  deliveredFields(pageId: string, appId: string): WebhookField[] | undefined {
    return this.subscription(pageId, appId)?.filter((f): f is WebhookField => (WEBHOOK_FIELDS as readonly string[]).includes(f));
  }

  setSubscription(pageId: string, appId: string, fields: readonly string[]): void {
    this.subscriptions.set(`${pageId}/${appId}`, fields);
  }

  private pageMap<T>(maps: Map<string, Map<string, T>>, pageId: string): Map<string, T> {
    let map = maps.get(pageId);
    if (!map) maps.set(pageId, (map = new Map()));
    return map;
  }
}
