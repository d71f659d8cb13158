import type { AnyStateMachine } from 'xstate';
import { createStepper, tabulate, type Profile, type Stepper } from '../../machines/platform/index.js';
import { shareSnapshots } from '../shared-snapshots.js';

/** One profile's machines, stepped without live actors. */
export interface RuleBook {
  profile: Profile;
  thread: Stepper<AnyStateMachine>;
  page: Stepper<AnyStateMachine>;
}

/** The rule book of each profile a page runs, made once: the pages of one profile share its steppers. */
export class RuleBooks {
  private readonly books = new Map<Profile, RuleBook>();

  of(profile: Profile): RuleBook {
    let book = this.books.get(profile);
    if (!book) {
      const shared = shareSnapshots(createStepper(profile.threadControl));
      // Threads of an untimed profile share a handful of snapshots, so their steps repeat: a table learned from
      // the machine answers them (machines/platform/transition-table.ts). Timed snapshots hold their own
      // deadlines and rarely repeat; a table would only learn.
      book = { profile, thread: profile.timed ? shared : tabulate(shared), page: createStepper(profile.page) };
      this.books.set(profile, book);
    }
    return book;
  }
}
