/** The shared vocabulary of Postmortem Lens. Imports nothing of ours. */
export * from './logEvent';
export * from './logFormat';
export * from './signature';
export * from './finding';
