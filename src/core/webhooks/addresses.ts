import { BlockList, isIP } from 'node:net';

/**
 * Targets a webhook may not reach unless CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS is set: the
 * server's own loopback, private networks (RFC 1918, unique-local IPv6), link-local (cloud
 * metadata services at 169.254.169.254 live there), CGNAT, "this network" and multicast. Checked
 * on the address actually connected to, after DNS resolution, so a name that resolves to such an
 * address is refused too (docs/decisions/0190-webhooks.md).
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** True for an address in one of the ranges above (IPv4-mapped IPv6 judged as its IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
