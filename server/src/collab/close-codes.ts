/**
 * WebSocket close codes of the collaboration socket (documented in README.md). The stock
 * y-websocket client never reconnects after 4400–4499, so those are used only where trying
 * again cannot help; transient conditions use codes it reconnects after.
 */
export const CloseCode = {
  /** Final: the frame is not a well-formed y-websocket message. */
  malformedMessage: 4400,
  /** Final: the user no longer has access to the page (deactivated, removed, page archived away from them), or the socket's session or token was revoked. */
  accessRevoked: 4401,
  /** Final: the page was deleted. */
  pageGone: 4404,
  /** Final: a message larger than the configured maximum, or an awareness message over the presence limits. */
  messageTooLarge: 4413,
  /** Final: the update would grow the document past the configured maximum. */
  documentTooLarge: 4414,
  /** Final: an update that does not decode, writes outside the page body or cannot be integrated. */
  invalidUpdate: 4422,
  /** Transient: more messages than the per-socket rate limit allows, or too much before the document was ready; the client reconnects. */
  rateLimited: 4529,
  /** Transient: the client does not read fast enough (send buffer full); it reconnects. */
  slowConsumer: 1013,
  /** Transient: storing failed; nothing of the affected updates was kept, the client reconnects and resends. */
  storageFailed: 1011,
  /** Transient: the server is shutting down. */
  serverShutdown: 1012,
} as const;
