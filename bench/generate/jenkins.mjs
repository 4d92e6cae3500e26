/** Jenkins console lines: build tool output, [Pipeline] steps, failures. */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function jenkinsWriters(w) {
  const { int, range, pick, chance, hex, ip10, port, pad, APPS, REGISTRIES, WORDS, VERBS } = w;
  const buildNoise = () =>
    pick([
      () =>
        `+ ${pick(['make test', './gradlew build --no-daemon', 'npm ci', 'npm run lint', 'mvn -B -ntp verify', 'docker build -t app .', 'go test ./...', 'kubectl rollout status deployment/web -n shop --timeout=300s', 'helm lint charts/web'])}`,
      () =>
        `> Task :${pick(['compileJava', 'processResources', 'classes', 'jar', 'test', 'check', 'spotlessCheck', 'bootJar'])}${chance(0.4) ? ' UP-TO-DATE' : ''}`,
      () =>
        `Step ${range(1, 20)}/${range(20, 24)} : ${pick(['RUN npm ci --omit=dev', 'COPY . .', 'WORKDIR /app', 'FROM node:20-alpine AS build', 'RUN go build -o /bin/app ./cmd/app', 'EXPOSE 8080'])}`,
      () => ` ---> ${pick(['Using cache', `Running in ${hex(12)}`, hex(12)])}`,
      () => `#${range(1, 30)} [build ${range(1, 9)}/9] ${pick(['COPY . .', 'RUN npm ci', 'RUN go mod download', 'RUN ./gradlew bootJar'])}`,
      () => `#${range(1, 30)} DONE ${range(0, 90)}.${int(10)}s`,
      () => `added ${range(100, 2000)} packages, and audited ${range(100, 2000)} packages in ${range(5, 90)}s`,
      () =>
        `[INFO] Tests run: ${range(1, 400)}, Failures: 0, Errors: 0, Skipped: ${range(0, 4)}, Time elapsed: ${range(0, 40)}.${range(100, 999)} s - in com.acme.${pick(WORDS)}.${pick(['Service', 'Controller', 'Repository'])}Test`,
      () => `[INFO] Building jar: /home/jenkins/agent/workspace/${pick(APPS)}_main/target/${pick(APPS)}-${range(1, 4)}.${int(20)}.0.jar`,
      () => `PASS src/${pick(WORDS)}/${pick(WORDS)}.test.ts (${range(1, 20)}.${int(1000)} s)`,
      () =>
        `ok  \tgithub.com/acme/${pick(APPS)}/internal/${pick(WORDS)}\t${range(0, 9)}.${pad(int(1000), 3)}s\tcoverage: ${range(40, 95)}.${int(10)}% of statements`,
      () => `${range(1, 4)}.${int(20)}.${int(10)}: digest: sha256:${hex(64)} size: ${range(1000, 5000)}`,
      () => `${hex(12)}: ${pick(['Pushed', 'Layer already exists', 'Preparing', 'Waiting'])}`,
      () => `deployment.apps/${pick(APPS)} ${pick(['configured', 'unchanged'])}`,
      () => `Waiting for deployment "${pick(APPS)}" rollout to finish: ${range(0, 3)} of ${range(3, 6)} updated replicas are available...`,
      () => `BUILD SUCCESSFUL in ${range(10, 300)}s`,
      () => `Fetching changes from the remote Git repository`,
      () => `Checking out Revision ${hex(40)} (refs/remotes/origin/main)`,
      () => `Commit message: "${pick(['fix', 'feat', 'chore', 'refactor'])}(${pick(APPS)}): ${pick(VERBS)} ${pick(WORDS)} handling (#${range(100, 9000)})"`,
    ])();
  const pipelineSteps = [
    '[Pipeline] sh',
    '[Pipeline] }',
    '[Pipeline] // stage',
    '[Pipeline] stage',
    '[Pipeline] { (Build)',
    '[Pipeline] { (Test)',
    '[Pipeline] { (Deploy)',
    '[Pipeline] withEnv',
    '[Pipeline] {',
    '[Pipeline] // withEnv',
    '[Pipeline] container',
    '[Pipeline] withCredentials',
    '[Pipeline] echo',
    '[Pipeline] timeout',
    '[Pipeline] // timeout',
    '[Pipeline] parallel',
    '[Pipeline] node',
  ];
  const jenkinsFailure = () =>
    pick([
      () => `ERROR: script returned exit code ${pick([1, 2, 137, 143])}`,
      () => `java.lang.OutOfMemoryError: Java heap space`,
      () => `FATAL: command execution failed`,
      () =>
        `npm ERR! request to https://registry.npmjs.org/${pick(['react', 'lodash', 'typescript', 'esbuild'])} failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org`,
      () => `fatal: unable to access 'https://github.com/acme/${pick(APPS)}.git/': Could not resolve host: github.com`,
      () => `Error response from daemon: Get "https://${pick(REGISTRIES).split('/')[0]}/v2/": x509: certificate has expired or is not yet valid`,
      () => `Cannot contact agent-${range(1, 30)}: java.lang.InterruptedException`,
      () => `FATAL: Remote call on JNLP4-connect connection from ${ip10()}/${ip10()}:${port()} failed`,
      () => `Error from server: error dialing backend: dial timeout`,
      () => `Unable to connect to the server: dial tcp ${ip10()}:443: i/o timeout`,
      () => `error: deployment "${pick(APPS)}" exceeded its progress deadline`,
      () => `Timeout has been exceeded`,
      () =>
        `ERROR: failed to solve: failed to compute cache key: failed to copy: write /var/lib/docker/tmp/buildkit-mount${range(100000, 999999)}: no space left on device`,
    ])();
  return { buildNoise, pipelineSteps, jenkinsFailure };
}
