/**
 * The Diagnosis page: a program of its own, talking to the extension only through the messages of
 * `protocol.ts`. It asks for its content (`ready`), renders the view model with DOM APIs (log text
 * only ever as text nodes), reports what it rendered (`rendered`) and sends the user's intents.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import './diagnosis.css';
import { h } from './dom';
import type { DiagnosisViewModel, HostMessage, PageMessage } from './protocol';
import { findingsSection, inputsSection, rootCausesSection, section, unknownSection } from './sections';
import { timelineChart } from './timelineChart';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: PageMessage): void => vscode.postMessage(m);

// Lit falls back to <style> elements where constructable stylesheets are missing: give them the
// page's nonce so the CSP lets them in.
(globalThis as { litNonce?: string }).litNonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || undefined;

function render(m: DiagnosisViewModel): void {
  const app = document.getElementById('app') as HTMLElement;
  const timeline = timelineChart(m, post);
  const errors = m.findings.filter((f) => f.severity === 'error' || f.severity === 'critical').length;
  const generate = h(
    'vscode-button',
    { attrs: { title: 'Draft the postmortem of these inputs as Markdown' }, onActivate: () => post({ type: 'generatePostmortem' }) },
    'Generate postmortem',
  );
  const header = h(
    'header',
    { class: 'page-head' },
    h(
      'div',
      {},
      h('h1', {}, 'Diagnosis'),
      h(
        'p',
        { class: 'summary' },
        `${m.findings.length} finding${m.findings.length === 1 ? '' : 's'} (${errors} error-level) in ${m.inputs.length} input${m.inputs.length === 1 ? '' : 's'}, ` +
          `${m.signaturesUsed} signatures checked${m.redacted ? ', secrets redacted' : ''}.`,
      ),
    ),
    generate,
  );
  app.replaceChildren(
    header,
    rootCausesSection(m, post),
    section('timeline', 'Timeline', timeline.points || undefined, timeline.element),
    findingsSection(m, post),
    unknownSection(m, post),
    inputsSection(m, post),
  );
  post({
    type: 'rendered',
    counts: {
      rootCauses: app.querySelectorAll('li.root-cause').length,
      findings: app.querySelectorAll('li.finding').length,
      unknownErrors: app.querySelectorAll('table.unknown tbody tr').length,
      inputs: m.inputs.length,
      timelinePoints: timeline.points,
      topRootCause: m.rootCauses[0]?.signatureId,
    },
  });
}

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (m && m.type === 'show') render(m.model);
});
post({ type: 'ready' });
