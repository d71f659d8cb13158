export * from './app-events.js';
export * from './webhook-parser.js';
export * from './primary-receiver.machine.js';
export * from './secondary-receiver.machine.js';
export * from './page-inbox.machine.js';
export * from './user.machine.js';
