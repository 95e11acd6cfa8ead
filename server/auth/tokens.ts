// Access tokens and roles. A token is 32 random bytes (base64url); the database keeps only its
// SHA-256, so a copy of the database gives no access. Device tokens may be bound to one unit.

import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database.ts';

export const ROLES = ['admin', 'dispatcher', 'planner', 'trainer', 'device'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenInfo {
  id: string;
  role: Role;
  /** a device token bound to one unit may report only that unit */
  unitId: string | null;
  name: string;
  createdAt: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenStore {
  private readonly cache = new Map<string, TokenInfo | null>();
  /** known tokens only (an unknown one is not kept: guessing must not fill memory) */
  private readonly byToken = new Map<string, TokenInfo>();

  private remember(token: string, info: TokenInfo | null): TokenInfo | null {
    if (info === null) return null;
    if (this.byToken.size > 10_000) this.byToken.clear();
    this.byToken.set(token, info);
    return info;
  }

  constructor(private readonly db: Db) {}

  /** A new token; the secret is returned once and never stored. */
  create(role: Role, name: string, unitId: string | null = null, secret = randomBytes(32).toString('base64url')): { token: string; info: TokenInfo } {
    const info: TokenInfo = { id: `T${randomBytes(6).toString('hex')}`, role, unitId, name, createdAt: Date.now() };
    this.db.prepare('INSERT INTO tokens (id, hash, role, unit_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(info.id, hashOf(secret), role, unitId, name, info.createdAt);
    this.cache.clear();
    this.byToken.clear();
    return { token: secret, info };
  }

  /** The token's holder, or null for an unknown token. */
  lookup(token: string): TokenInfo | null {
    // Devices call several times a second with the same token: hashing each call cost more than
    // the rest of a report's handling, so the answer is kept per token (cleared on any change).
    const known = this.byToken.get(token);
    if (known !== undefined) return known;
    const h = hashOf(token);
    const hit = this.cache.get(h);
    if (hit !== undefined) return this.remember(token, hit);
    const row = this.db.prepare('SELECT id, role, unit_id, name, created_at FROM tokens WHERE hash = ?').get(h) as { id: string; role: Role; unit_id: string | null; name: string; created_at: number } | undefined;
    const info = row ? { id: row.id, role: row.role, unitId: row.unit_id, name: row.name, createdAt: row.created_at } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(h, info);
    return this.remember(token, info);
  }

  list(): TokenInfo[] {
    return (this.db.prepare('SELECT id, role, unit_id, name, created_at FROM tokens ORDER BY created_at').all() as { id: string; role: Role; unit_id: string | null; name: string; created_at: number }[]).map((r) => ({
      id: r.id,
      role: r.role,
      unitId: r.unit_id,
      name: r.name,
      createdAt: r.created_at,
    }));
  }

  revoke(id: string): boolean {
    this.cache.clear();
    this.byToken.clear();
    return this.db.prepare('DELETE FROM tokens WHERE id = ?').run(id).changes > 0;
  }

  hasAdmin(): boolean {
    return this.db.prepare("SELECT 1 FROM tokens WHERE role = 'admin' LIMIT 1").get() !== undefined;
  }
}
