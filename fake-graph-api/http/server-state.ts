import { RetainedLog } from '../retained-log.js';

/**
 * What the HTTP layer knows about the server as a whole: whether it is stopping (new requests are
 * refused), and the incidents (a route that threw: a bug) kept for GET /__admin/health and /__admin/incidents.
 */
export interface Incident {
  /** On the platform's clock. */
  time: number;
  /** `POST /v19.0/me/messages`, `clientError`, … */
  where: string;
  error: string;
}

export const INCIDENTS_KEPT = 1_000;

export class ServerState {
  stopping = false;
  readonly incidents = new RetainedLog<Incident>(INCIDENTS_KEPT);
}
