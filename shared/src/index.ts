export * from './auth.ts';
export * from './common.ts';
export * from './competitions.ts';
export * from './errors.ts';
export * from './jobs.ts';
export * from './audit.ts';
export * from './rounds.ts';
