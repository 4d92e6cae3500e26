/** Types of markLogs.mjs (the TypeScript suites import it; the screen scripts run it as JavaScript). */
export declare function gcJournal(n: number): string;
export declare const EVICTION: string;
export declare const EVICTION_LINE: number;
export declare const PODS: string;
export declare const PODS_EVICTED_LINE: number;
