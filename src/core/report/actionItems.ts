/**
 * The draft's follow-up work, from the catalogue's remediation of the root cause and its chain:
 * one-off steps for the Resolution section, and the few action items a team would track, each typed
 * the way the Google SRE postmortem template types them (mitigate / prevent / detect).
 *
 * The catalogue's remediation entries are sentences without a type (adding one to 61 signature files
 * is a catalogue change of its own), so the type is read from the wording, in this order:
 * - `detect`: it asks for an alert or monitoring (`Alert on ...`, `Monitor ...`);
 * - `now`: a one-off step on the broken system: it says `now`, re-runs, or starts with a repair verb
 *   (free, restart, restore, delete, drain, roll back ...), or defers to the cause (`Fix what killed
 *   ...`, `Fix the underlying ...`);
 * - `prevent` when it starts by fixing the cause (`Find and fix`, `Fix the ...`, `Right-size ...`);
 * - `mitigate`: it limits the damage of a recurrence (several replicas, PDBs, priorities, `--atomic`,
 *   bounded timeouts, keeping failed pods, "so the heaviest users are evicted and not the critical ones");
 * - `prevent`: everything else (configuration, sizing, clean-up in pipelines, upgrades).
 */
import type { Diagnosis, RootCause } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';

/** How a remediation acts. `now` entries are one-off steps and go under Resolution, not Action items. */
export type RemediationKind = 'now' | 'mitigate' | 'prevent' | 'detect';

const DETECT = /^(alert|monitor|watch)\b|\balert (on|when)\b|\bmonitor (expiry|the)\b/i;
const NOW_START =
  /^(free|remove (stopped|exited|leaked)|restart|restore|bring|re-?run|roll ?back|delete|approve|cordon|drain|reboot|compact|capture|get|wipe|read|create the|scale the workload|make sure no other|if rollback|as a last resort|once|node -|leaked ips|mismatch -|fix (what|the underlying agent|the printed|the cause|the new pods|the pod failure|the reason|that first)|if the (cause|error|app|control-plane kubelet)|fix underlying)/i;
const NOW_ANY = /\bnow\b|\bthen (re-?run|upgrade again|drain again|delete)|\brerun\b|\bfirst\b.*\bthen\b/i;
const PREVENT_START = /^(find and fix|fix |right-size|remove duplicate|serialise|scale api|raise the quota)/i;
const MITIGATE =
  /\b((several|two|more than one|at least two) (control-plane )?replicas?|poddisruptionbudgets?|pdb|priority class(es)?|--atomic|timeouts? around|--timeout so|fail (fast|cleanly|visibly)|podretention|keep failed pods|stop-gap|so (the heaviest|a single|one pod|a broken))\b/i;

/** The kind of one remediation sentence (see the module comment for the rules). */
export function remediationKind(text: string): RemediationKind {
  if (DETECT.test(text)) return 'detect';
  if (NOW_START.test(text) || NOW_ANY.test(text)) return 'now';
  if (PREVENT_START.test(text)) return 'prevent';
  if (MITIGATE.test(text)) return 'mitigate';
  return 'prevent';
}

/** One action item. */
export interface ActionItem {
  /** What to do (catalogue prose, or a derived sentence). */
  text: string;
  /** SRE template type. */
  type: 'mitigate' | 'prevent' | 'detect';
  /** `P1` for the root cause's own items, `P2` otherwise. */
  priority: 'P1' | 'P2';
  /** The signature the item comes from. */
  signatureId: string;
}

/** A one-off step for the Resolution section. */
export interface ResolutionStep {
  /** Catalogue prose. */
  text: string;
  /** Its signature. */
  signatureId: string;
}

const STOP = new Set(
  'a an and are as at be by for from in into is it its of on or so the then to up use with without when where which not no only their them that this'.split(
    ' ',
  ),
);
const words = (s: string): Set<string> => new Set((s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 2 && !STOP.has(w)));

/** Two sentences say the same thing when most words of the shorter one are in the other. */
function similar(a: string, b: string): boolean {
  const x = words(a);
  const y = words(b);
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.max(1, Math.min(x.size, y.size)) >= 0.6;
}

/** At most this many action items: the ones a team would really track. */
export const MAX_ACTION_ITEMS = 6;

/**
 * Action items and resolution steps of `cause` (the top root cause): its own non-one-off
 * remediation first (P1), then from each later link of its chain only what limits the damage
 * (mitigate) or detects it, deduplicated; a detect item derived from the chain's timing when the
 * catalogue offers none. Without a root cause, the first findings stand in for the chain.
 */
export function planFollowUp(d: Diagnosis, catalogue: Catalogue, cause: RootCause | undefined): { actions: ActionItem[]; steps: ResolutionStep[] } {
  const ids = cause ? cause.chain.map((c) => c.signatureId) : d.findings.slice(0, 3).map((f) => f.signatureId);
  const actions: ActionItem[] = [];
  const steps: ResolutionStep[] = [];
  const taken = (t: string): boolean => actions.some((a) => similar(a.text, t)) || steps.some((s) => similar(s.text, t));
  ids.forEach((id, idx) => {
    const sig = catalogue.get(id)?.signature;
    if (!sig) return;
    const isRoot = idx === 0;
    let fromLink = 0;
    for (const text of sig.remediation) {
      const kind = remediationKind(text);
      if (taken(text)) continue;
      if (kind === 'now') {
        steps.push({ text, signatureId: id });
        continue;
      }
      // A symptom's own prevention is usually the root cause's fix in other words, or a fix for a different cause.
      if (!isRoot && (kind === 'prevent' || fromLink >= 1)) continue;
      actions.push({ text, type: kind, priority: isRoot ? 'P1' : 'P2', signatureId: id });
      if (!isRoot) fromLink++;
    }
  });
  if (!actions.some((a) => a.type === 'detect') && ids.length) {
    actions.push({ text: detectSentence(d, cause, ids[0]), type: 'detect', priority: 'P2', signatureId: ids[0] });
  }
  // Keep the P1s and the detect item; drop the lowest-ranked mitigations beyond the cap.
  while (actions.length > MAX_ACTION_ITEMS) {
    const i = actions.map((a) => a.priority === 'P2' && a.type !== 'detect').lastIndexOf(true);
    actions.splice(i < 0 ? actions.length - 1 : i, 1);
  }
  return { actions, steps };
}

/** `Alert on <first signal> : it came 20 min before <first symptom>`, from the chain's first-seen times. */
function detectSentence(d: Diagnosis, cause: RootCause | undefined, id: string): string {
  const title = cause?.chain[0]?.title ?? d.findings.find((f) => f.signatureId === id)?.title ?? id;
  const first = cause?.chain[0]?.firstSeen ?? null;
  const next = cause?.chain.slice(1).find((c) => c.firstSeen !== null && first !== null && c.firstSeen > first);
  if (first !== null && next?.firstSeen) {
    const min = Math.round((next.firstSeen - first) / 60000);
    if (min >= 1) return `Alert on the first signal, ${title}: in this incident it came ${min} min before ${next.title}.`;
  }
  return `Alert on the first signal, ${title}, before it cascades.`;
}
