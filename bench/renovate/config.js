// Renovate's global configuration for the benchmark: a dry-run lookup of the
// generated repository in which every request goes to bench/fake_upstream.py.
// Used as RENOVATE_CONFIG_FILE with RENOVATE_PLATFORM=local; the driver sets
// BENCH_FAKE_PORT. Why each setting is needed: docs/PERFORMANCE.md, "Renovate offline".
const port = process.env.BENCH_FAKE_PORT;
if (!port) throw new Error('BENCH_FAKE_PORT is not set');
const host = `127.0.0.1:${port}`;
const url = `http://${host}`;
const registries = ['docker.io', 'quay.io', 'ghcr.io', 'registry.k8s.io', 'registry.rocket.chat'];

module.exports = {
  platform: 'local',
  dryRun: 'lookup',
  onboarding: false,
  requireConfig: 'optional',
  repositoryCache: 'disabled',
  extends: [],
  fetchChangeLogs: 'off',
  osvVulnerabilityAlerts: false,
  // Images keep their real hosts in the repository; the fake serves each host
  // under a path of its own, like a pull-through mirror.
  registryAliases: Object.fromEntries(registries.map((r) => [r, `${host}/${r}`])),
  hostRules: [
    // The docker datasource assumes https for host:port registries.
    { hostType: 'docker', matchHost: '127.0.0.1', insecureRegistry: true },
    // The fake plays GitHub Enterprise; any token will do.
    { hostType: 'github', matchHost: url, token: 'bench-fake-upstream-token' },
  ],
  packageRules: [
    { matchDatasources: ['terraform-provider', 'terraform-module'], registryUrls: [url] },
    // A registryUrl makes the GitHub datasources use /api/v3/ and /api/graphql there.
    { matchDatasources: ['github-releases', 'github-tags'], registryUrls: [`${url}/`] },
    // apiVersion "dependencies" need no lookup; N counts upstream lookups only.
    { matchDatasources: ['kubernetes-api'], enabled: false },
  ],
};
