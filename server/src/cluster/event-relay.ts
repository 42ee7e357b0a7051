import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppEventName, AppEvents } from '../events.ts';
import { MAX_MESSAGE_BYTES, MAX_USER_IDS, parseRelayMessage, RELAYED_EVENTS, type RelayMessage } from './relay-message.ts';
import { closeConnection, subscriberConnection } from './subscriber.ts';

/** Channel name under the configured prefix (ioredis does not prefix channels itself). */
export const relayChannel = (keyPrefix: string) => `${keyPrefix}events`;

/**
 * Delivers what happens on one instance on every other (when `REDIS_URL` is set): each
 * AppEvents event (access changes: the collaboration server closes or downgrades sockets), the
 * inbox count changes (NotificationCenter.changed) and comment live events (LiveComments.publish)
 * are published on one Redis channel and handed to the listeners of the other instances like
 * local ones. Published through the command connection, received on a connection of its own (a
 * subscribed Redis connection takes no other commands). Every message is signed (relay-signer.ts);
 * one without a valid tag is dropped.
 *
 * While Redis is down events stay on their instance (health says "degraded"): publishing is
 * skipped, not queued, so no request waits. Events missed meanwhile are not replayed; the
 * instances catch up on the next change or reconnect of the clients concerned.
 */
export const eventRelayPlugin = fp(
  async function eventRelay(app: FastifyInstance) {
    const redis = app.redis;
    if (!redis) return;
    const { url, keyPrefix } = app.config.redis;
    const channel = relayChannel(keyPrefix);
    const instanceId = randomUUID();
    const { signer } = redis;

    let publishFailing = false;
    const publish = (message: RelayMessage) => {
      if (!redis.available()) return;
      redis.client.publish(channel, signer.sign(channel, Buffer.from(JSON.stringify(message)))).then(
        () => {
          publishFailing = false;
        },
        (err: unknown) => {
          if (!publishFailing) app.log.warn({ err }, 'relaying an event to the other instances failed; it stays on this instance');
          publishFailing = true;
        },
      );
    };

    app.events.relayTo((name, args) => {
      if (RELAYED_EVENTS.has(name)) publish({ v: 1, origin: instanceId, kind: 'event', name, args } as RelayMessage);
    });
    app.notificationCenter.relay = (userIds) => {
      const unique = [...new Set(userIds)];
      for (let i = 0; i < unique.length; i += MAX_USER_IDS) publish({ v: 1, origin: instanceId, kind: 'notices', userIds: unique.slice(i, i + MAX_USER_IDS) });
    };
    app.liveComments.relay = (pageId, event) => publish({ v: 1, origin: instanceId, kind: 'comment', pageId, event });

    const deliver = (message: RelayMessage) => {
      const failed = (err: unknown) => app.log.warn({ err, kind: message.kind }, 'delivering a relayed event failed');
      switch (message.kind) {
        case 'event':
          try {
            app.events.deliverHere(message.name as AppEventName, ...(message.args as AppEvents[AppEventName]));
          } catch (err) {
            failed(err);
          }
          return;
        case 'notices':
          void app.notificationCenter.deliver(message.userIds).catch(failed);
          return;
        case 'comment':
          void app.liveComments.deliver(message.pageId, message.event).catch(failed);
          return;
      }
    };

    // Subscribed again on each 'ready' below, also after an outage.
    const subscriber = subscriberConnection(url!, keyPrefix);
    let connectedBefore = false;
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(
        () => {
          // Back after an outage: counts changed elsewhere meanwhile are sent again.
          if (connectedBefore) void app.notificationCenter.refreshAll().catch((err: unknown) => app.log.warn({ err }, 'notification count refresh failed'));
          connectedBefore = true;
        },
        (err: unknown) => app.log.warn({ err }, 'subscribing to the event channel failed'),
      );
    });
    subscriber.on('messageBuffer', (from: Buffer, data: Buffer) => {
      if (from.toString() !== channel) return;
      const opened = signer.open(channel, data, MAX_MESSAGE_BYTES);
      if (!opened) {
        app.log.warn({ bytes: data.length }, 'dropped a message without a valid signature on the event channel');
        return;
      }
      const parsed = parseRelayMessage(opened.toString());
      if ('error' in parsed) {
        app.log.warn({ reason: parsed.error, bytes: opened.length }, 'dropped a malformed message on the event channel');
        return;
      }
      if (parsed.message.origin === instanceId) return;
      deliver(parsed.message);
    });
    app.addHook('onReady', async () => {
      subscriber.connect().catch(() => {
        // The retry strategy keeps trying.
      });
    });
    app.addHook('onClose', () => closeConnection(subscriber));
  },
  { name: 'cluster-event-relay', dependencies: ['cluster-redis', 'notifications'] },
);
