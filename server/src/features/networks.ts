/**
 * Human explanations of IP networks for hover: first and last address and size.
 */
import * as ipaddr from 'ipaddr.js';
import { wildcardToCidr } from '../haproxy/values';

export interface NetworkInfo {
  first: string;
  last: string;
  size: bigint;
  kind: 'ipv4' | 'ipv6';
  prefix: number;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function fromBigInt(value: bigint, length: number): number[] {
  const out: number[] = new Array(length).fill(0);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

/** Range and size of an address or network (`192.168.5.128/26`, `10.0.0.0/255.0.0.0`, `::1`, `192.168.1.*`). */
export function describeNetwork(text: string): NetworkInfo | undefined {
  let t = text.trim();
  const star = /^(\d{1,3})(?:\.(\d{1,3}|\*))?(?:\.(\d{1,3}|\*))?(?:\.(\d{1,3}|\*))?$/.exec(t);
  if (star && t.includes('*')) {
    const cidr = wildcardToCidr(t);
    if (!cidr) return undefined;
    t = cidr;
  }
  try {
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let prefix: number;
    const slash = t.indexOf('/');
    if (slash >= 0) {
      addr = ipaddr.parse(t.slice(0, slash));
      const maskText = t.slice(slash + 1);
      if (/^\d+$/.test(maskText)) prefix = Number(maskText);
      else {
        const mask = ipaddr.IPv4.parse(maskText);
        const p = mask.prefixLengthFromSubnetMask();
        if (p === null) return undefined;
        prefix = p;
      }
    } else {
      addr = ipaddr.parse(t);
      prefix = addr.kind() === 'ipv4' ? 32 : 128;
    }
    const bits = addr.kind() === 'ipv4' ? 32 : 128;
    if (prefix < 0 || prefix > bits) return undefined;
    const bytes = addr.toByteArray();
    const value = toBigInt(bytes);
    const hostBits = BigInt(bits - prefix);
    const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << hostBits) - 1n);
    const first = value & mask;
    const last = first | ((1n << hostBits) - 1n);
    const fmt = (v: bigint) => ipaddr.fromByteArray(fromBigInt(v, bytes.length)).toString();
    return { first: fmt(first), last: fmt(last), size: 1n << hostBits, kind: addr.kind(), prefix };
  } catch {
    return undefined;
  }
}

export function formatNetwork(info: NetworkInfo): string {
  const n = info.size;
  const count = n === 1n ? '1 address' : `${n.toLocaleString('en-US')} addresses`;
  return info.first === info.last ? `${info.first}, ${count}` : `${info.first} - ${info.last}, ${count}`;
}
