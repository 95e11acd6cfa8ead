// The demo feed's way into the server: the same doors real devices and dispatchers use. Positions
// go over the socket.io feed namespace (one connection, a batch per tick), statuses and incident
// actions over the HTTP API, each with its own token (a device gateway and a dispatcher).

import { io, type Socket } from 'socket.io-client';
import { FEED_NAMESPACE, type FeedClientToServerEvents, type FeedServerToClientEvents } from '../../shared/feed-protocol.ts';
import type { PositionReportBody } from '../../shared/live-schema.ts';
import type { UnitStatus } from '../../shared/unit-status.ts';
import type { UnitAction } from '../live/incident-log.ts';
import type { DemoPort } from './demo-feed.ts';

export interface NetworkPort extends DemoPort {
  disconnect(): void;
}

/** A port over the server at `baseUrl` (e.g. http://127.0.0.1:8080). */
export function networkPort(baseUrl: string, tokens: { device: string; dispatcher: string }, timeoutMs = 10_000): NetworkPort {
  const socket: Socket<FeedServerToClientEvents, FeedClientToServerEvents> = io(`${baseUrl}${FEED_NAMESPACE}`, { auth: { token: tokens.device }, transports: ['websocket'] });
  const http = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.dispatcher}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    async positions(reports: PositionReportBody[]) {
      const answer = await socket.timeout(timeoutMs).emitWithAck('positions', { reports });
      if ('error' in answer) throw new Error(`positions: ${answer.error} ${answer.field ?? ''} ${answer.reason}`);
      if (answer.rejected.length > 0) throw new Error(`positions: ${answer.rejected.length} refused, e.g. ${answer.rejected[0].field}: ${answer.rejected[0].reason}`);
    },
    async unitStatus(unitId: string, status: UnitStatus) {
      await http('POST', `/api/units/${encodeURIComponent(unitId)}/status`, { status });
    },
    async createIncident(call) {
      return (await http<{ incident: { id: string } }>('POST', '/api/incidents', call)).incident.id;
    },
    async act(incidentId: string, unitId: string, action: UnitAction) {
      await http('POST', `/api/incidents/${encodeURIComponent(incidentId)}/units`, { unitId, action });
    },
    async close(incidentId: string, disposition: string) {
      await http('POST', `/api/incidents/${encodeURIComponent(incidentId)}/close`, { disposition });
    },
    async openIncidents() {
      return (await http<{ incidents: { id: string }[] }>('GET', '/api/incidents')).incidents.map((i) => i.id);
    },
    disconnect() {
      socket.disconnect();
    },
  };
}
