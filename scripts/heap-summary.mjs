// Summarises a V8 heap snapshot (.heapsnapshot, as written by v8.writeHeapSnapshot() or
// the Chrome/Node inspector): self size and count per node type and constructor name,
// largest first. Strings are grouped by kind (sliced, concatenated, plain).
//
//   node scripts/heap-summary.mjs file.heapsnapshot [--top 30]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/heap-summary.mjs file.heapsnapshot [--top N]');
  process.exit(2);
}
const topIndex = rest.indexOf('--top');
const TOP = topIndex >= 0 ? Number(rest[topIndex + 1]) : 30;

const snapshot = JSON.parse(readFileSync(file, 'utf8'));
const meta = snapshot.snapshot.meta;
const fields = meta.node_fields;
const types = meta.node_types[0];
const stride = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');
const { nodes, strings } = snapshot;

const groups = new Map();
let total = 0;
for (let i = 0; i < nodes.length; i += stride) {
  const type = types[nodes[i + typeAt]];
  const size = nodes[i + sizeAt];
  total += size;
  // Objects are grouped by constructor; strings, code and arrays by their type alone.
  const key = type === 'object' || type === 'native' || type === 'closure' ? `${type} ${strings[nodes[i + nameAt]]}` : type;
  const group = groups.get(key) ?? { size: 0, count: 0 };
  group.size += size;
  group.count++;
  groups.set(key, group);
}

const mb = (x) => (x / 1048576).toFixed(2).padStart(8) + ' MB';
console.log(`${mb(total)}  total self size, ${(nodes.length / stride).toLocaleString('en')} nodes`);
for (const [key, group] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) {
  console.log(`${mb(group.size)}  ${String(group.count).padStart(9)}  ${key}`);
}
