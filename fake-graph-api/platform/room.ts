import type { IdSource } from '../ids.js';
import type { PageAssets } from '../page-assets.js';
import type { Clock } from './clock.js';
import type { Observers } from './observers.js';
import type { Pages } from './pages.js';
import type { Threads } from './threads.js';

/** What the platform's rooms share: one of each per Platform. */
export interface Core {
  pages: Pages;
  threads: Threads;
  observers: Observers;
  clock: Clock;
  ids: IdSource;
  assets: PageAssets;
}

/** A room that serves one side of the platform (the user's, the apps' APIs, the page's people) over the shared core. */
export abstract class Room {
  protected readonly pages: Pages;
  protected readonly threads: Threads;
  protected readonly observers: Observers;
  protected readonly clock: Clock;
  protected readonly ids: IdSource;
  protected readonly assets: PageAssets;

  constructor(core: Core) {
    this.pages = core.pages;
    this.threads = core.threads;
    this.observers = core.observers;
    this.clock = core.clock;
    this.ids = core.ids;
    this.assets = core.assets;
  }
}
