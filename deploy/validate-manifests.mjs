// Validates every object in deploy/kubernetes/*.yaml offline: against the Kubernetes API schema (kubernetes-models,
// whose classes check an object as the API server's OpenAPI schema would), and against each other (a ConfigMap or a
// port a workload names exists; a Service or PodDisruptionBudget selects some workload's pods). Prints one line per
// file and exits 1 with the reasons when anything is wrong. Run by ManifestsTest: node validate-manifests.mjs [dir]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

const dir = process.argv[2] ?? 'kubernetes';
const problems = [];
const objects = [];

for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort()) {
  const documents = yaml.loadAll(readFileSync(join(dir, file), 'utf8')).filter((doc) => doc != null);
  for (const doc of documents) {
    const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    try {
      // kubernetes-models/<group>/<version>/<Kind>; the core group's apiVersion is just "v1".
      const module = await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`);
      const Model = module[doc.kind] ?? module.default;
      new Model(doc).validate();
      objects.push({ file, where, doc });
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
  }
  console.log(`${file}: ${documents.map((doc) => `${doc.kind}/${doc.metadata?.name}`).join(', ')}`);
}

const named = (kind) => new Set(objects.filter((o) => o.doc.kind === kind).map((o) => o.doc.metadata.name));
const configMaps = named('ConfigMap');
const workloads = objects.filter((o) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.doc.kind));

for (const { where, doc } of workloads) {
  const pod = doc.spec.template;
  const labels = pod.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(doc.spec.selector.matchLabels ?? {})) {
    if (labels[key] !== value) problems.push(`${where}: its selector ${key}=${value} does not match its pods`);
  }
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.configMap && !configMaps.has(volume.configMap.name)) {
      problems.push(`${where}: volume ${volume.name} names ConfigMap ${volume.configMap.name}, which is not here`);
    }
  }
  for (const container of pod.spec.containers) {
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !configMaps.has(source.configMapRef.name)) {
        problems.push(`${where}: envFrom names ConfigMap ${source.configMapRef.name}, which is not here`);
      }
    }
    const ports = new Set((container.ports ?? []).flatMap((port) => [port.name, port.containerPort]));
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port;
      if (port !== undefined && !ports.has(port)) {
        problems.push(`${where}: ${container.name}'s ${probe} uses port ${port}, which the container does not declare`);
      }
    }
  }
}

for (const { where, doc } of objects.filter((o) => ['Service', 'PodDisruptionBudget'].includes(o.doc.kind))) {
  const selector = doc.kind === 'Service' ? doc.spec.selector : doc.spec.selector?.matchLabels;
  const selects = workloads.some(({ doc: workload }) => {
    const labels = workload.spec.template.metadata?.labels ?? {};
    return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
  });
  if (!selects) problems.push(`${where}: selects no workload's pods`);
}

if (problems.length > 0) {
  console.error(`${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`${objects.length} objects valid against the Kubernetes API schema and each other`);
