/** The shared vocabulary of Postmortem Lens. Imports nothing of ours. */
export * from './logEvent';
export * from './logGrammar';
export * from './signature';
export * from './finding';
