export * from './common.js';
export * from './users.js';
export * from './auth.js';
export * from './groups.js';
export * from './team.js';
export * from './contacts.js';
export * from './chat.js';
export * from './events.js';
