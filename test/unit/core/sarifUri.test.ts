/** SARIF artifact URIs are URIs (issue 8): file names with spaces, #, %, ? and non-ASCII survive a round trip. */
import { strict as assert } from 'node:assert';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { diagnoseTexts, toSarif } from '../../../src/core';
import { artifactUri } from '../../../src/core/report/formats';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const LINE = 'E1121 03:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/containerd/tmpmounts/x: no space left on device\n';

describe('SARIF artifact URIs', () => {
  const absolute = [
    '/var/log/pods/shop_web-0 (canary)/app #2/0.log',
    '/tmp/100% full/journal?.log',
    '/srv/logs/Zürich/节点-1.log',
    "/tmp/it's [here]/a&b=c;d.log",
  ];
  const relative = ['incident 42/kubelet #1.log', 'cluster:ns/pod', 'naïve%20name.log', '<stdin>'];

  it('an absolute path is the file: URI Node gives for it', () => {
    for (const p of absolute) {
      const uri = artifactUri(p);
      assert.equal(fileURLToPath(uri), p, uri);
      assert.equal(new URL(uri).href, uri, 'already normalised');
      assert.doesNotMatch(uri, /[ #?%\u0080-\uffff](?![0-9A-F]{2})/, uri);
      assert.equal(decodeURIComponent(uri), decodeURIComponent(pathToFileURL(p).href));
    }
  });

  it('a relative name is a relative reference that resolves to itself, never to a scheme', () => {
    for (const n of relative) {
      const uri = artifactUri(n);
      const resolved = new URL(uri, 'file:///base/');
      assert.equal(resolved.protocol, 'file:', `${uri} was read as a scheme`);
      assert.equal(decodeURIComponent(resolved.pathname), `/base/${n}`, uri);
      assert.equal(resolved.hash + resolved.search, '', uri);
    }
  });

  it('Windows paths become file:///C:/... and UNC file://server/...', () => {
    assert.equal(artifactUri('C:\\logs\\node 1\\kubelet.log'), 'file:///C:/logs/node%201/kubelet.log');
    assert.equal(artifactUri('\\\\fs01\\share\\ci #7.log'), 'file://fs01/share/ci%20%237.log');
  });

  it('toSarif writes them in artifacts and result locations', () => {
    const d = diagnoseTexts(
      cat,
      [
        { name: absolute[0], text: LINE },
        { name: relative[0], text: LINE },
      ],
      { defaultYear: 2026 },
    );
    const run = (
      toSarif(d, cat) as {
        runs: { artifacts: { location: { uri: string } }[]; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      }
    ).runs[0];
    assert.deepEqual(
      run.artifacts.map((a) => a.location.uri),
      ['file:///var/log/pods/shop_web-0%20%28canary%29/app%20%232/0.log', 'incident%2042/kubelet%20%231.log'],
    );
    assert.deepEqual(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri).sort(), run.artifacts.map((a) => a.location.uri).sort());
  });
});
