// Who may call what. Every route names its roles in its config; the auth plugin checks them.

import type { Role } from './tokens.ts';

/** See the city: units, rings, coverage, incidents. */
export const VIEW: readonly Role[] = ['admin', 'dispatcher', 'planner', 'trainer'];
/** Take calls and move units. */
export const DISPATCH: readonly Role[] = ['admin', 'dispatcher'];
/** Report positions. */
export const REPORT: readonly Role[] = ['admin', 'device'];
/** Start and cancel simulation runs. */
export const RUN: readonly Role[] = ['admin', 'planner', 'trainer'];
/** Manage tokens. */
export const ADMIN: readonly Role[] = ['admin'];
export const PUBLIC = 'public' as const;

export type RouteRoles = readonly Role[] | typeof PUBLIC;
