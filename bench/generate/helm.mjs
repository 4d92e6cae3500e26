/** helm 3 runs and helm 2 tiller logs. */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function helmWriters(w) {
  const { range, pick, chance, ip10, pad2, APPS, NAMESPACES, MONTHS, DAYS, tick, D, hms, slashTs } = w;
  const helmRun = (out, failing) => {
    const rel = pick(APPS),
      ns = pick(NAMESPACES),
      rev = range(1, 300),
      d = D();
    if (chance(0.4)) {
      // Helm 2 tiller log.
      const n = range(20, 200);
      let fails = 0;
      for (let i = 0; i < n; i++) {
        tick();
        const t = slashTs(D());
        if (failing && i === n - 1) {
          fails++;
          out.push(
            pick([
              `[tiller] ${t} warning: Upgrade "${rel}" failed: timed out waiting for the condition`,
              `[tiller] ${t} failed install perform step: release ${rel} failed: timed out waiting for the condition`,
              `[storage/driver] ${t} get: failed to get "${rel}.v${rev}": Get https://10.96.0.1:443/api/v1/namespaces/kube-system/configmaps/${rel}.v${rev}: dial tcp 10.96.0.1:443: i/o timeout`,
            ]),
          );
          continue;
        }
        out.push(
          pick([
            `[tiller] ${t} preparing update for ${rel}`,
            `[storage] ${t} getting deployed releases from "${rel}" history`,
            `[tiller] ${t} copying values from ${rel} (v${rev}) to new release.`,
            `[kube] ${t} building resources from updated manifest`,
            `[kube] ${t} checking ${range(3, 30)} resources for changes`,
            `[kube] ${t} Looks like there are no changes for Service "${rel}"`,
            `[tiller] ${t} executing ${range(0, 3)} post-upgrade hooks for ${rel}`,
            `[tiller] ${t} hooks complete for post-upgrade ${rel}`,
            `[storage] ${t} updating release "${rel}.v${rev}"`,
            `[tiller] ${t} updating status for upgraded release for ${rel}`,
            `[kube] ${t} Deployment is ready: ${ns}/${rel}. ${range(1, 5)} out of ${range(1, 5)} expected pods are ready`,
          ]),
        );
      }
      return fails;
    }
    out.push(`$ helm upgrade --install ${rel} ./charts/${rel} --namespace ${ns} --wait --timeout 5m0s --atomic${chance(0.3) ? ' --debug' : ''}`);
    for (let i = range(2, 12); i > 0; i--)
      out.push(
        pick([
          `client.go:${range(100, 500)}: [debug] creating ${range(1, 5)} resource(s)`,
          `upgrade.go:${range(100, 500)}: [debug] preparing upgrade for ${rel}`,
          `upgrade.go:${range(100, 500)}: [debug] performing update for ${rel}`,
          `wait.go:${range(40, 120)}: [debug] beginning wait for ${range(3, 20)} resources with timeout of 5m0s`,
          `ready.go:${range(200, 400)}: [debug] Deployment is not ready: ${ns}/${rel}. 0 out of ${range(1, 4)} expected pods are ready`,
          `client.go:${range(100, 500)}: [debug] Looks like there are no changes for Service "${rel}"`,
        ]),
      );
    if (failing) {
      out.push(
        pick([
          `Error: UPGRADE FAILED: timed out waiting for the condition`,
          `Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress`,
          `Error: transport is closing`,
          `Error: Kubernetes cluster unreachable: Get "https://${ip10()}:6443/version": dial tcp ${ip10()}:6443: i/o timeout`,
          `Error: INSTALLATION FAILED: context deadline exceeded`,
          `Error: UPGRADE FAILED: release ${rel} failed, and has been rolled back due to atomic being set: timed out waiting for the condition`,
        ]),
      );
      return 1;
    }
    out.push(
      `Release "${rel}" has been upgraded. Happy Helming!`,
      `NAME: ${rel}`,
      `LAST DEPLOYED: ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${hms(d)} ${d.getUTCFullYear()}`,
      `NAMESPACE: ${ns}`,
      `STATUS: deployed`,
      `REVISION: ${rev}`,
      `TEST SUITE: None`,
      `NOTES:`,
      `1. Get the application URL by running these commands:`,
      `  export POD_NAME=$(kubectl get pods --namespace ${ns} -l "app.kubernetes.io/name=${rel}" -o jsonpath="{.items[0].metadata.name}")`,
    );
    out.push(`$ helm history ${rel} -n ${ns} --max 3`, `REVISION\tUPDATED                 \tSTATUS    \tCHART           \tAPP VERSION\tDESCRIPTION     `);
    for (let r = rev - 2; r <= rev; r++)
      out.push(
        `${r}       \t${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${hms(d)} ${d.getUTCFullYear()}\t${r === rev ? 'deployed  ' : 'superseded'}\t${rel}-${range(0, 3)}.${range(0, 20)}.${range(0, 9)}\t${range(1, 4)}.${range(0, 30)}.0     \tUpgrade complete`,
      );
    return 0;
  };
  return { helmRun };
}
