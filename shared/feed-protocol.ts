// The socket.io path for position feeds (namespace `/feed`): a simulated or bridged feed keeps one
// connection open and sends batches of reports, each acknowledged with the same answer as
// POST /api/positions. The handshake carries a token of a role that may report (`auth: { token }`).

import type { BatchAnswer, ErrorBody, PositionBatch } from './live-schema.ts';

export const FEED_NAMESPACE = '/feed';

export interface FeedClientToServerEvents {
  /** a batch of reports; the answer counts them, or names what made the whole batch bad */
  positions: (batch: PositionBatch, ack: (answer: BatchAnswer | ErrorBody) => void) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeedServerToClientEvents {}
