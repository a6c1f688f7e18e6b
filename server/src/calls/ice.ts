import { createHmac, randomBytes } from 'node:crypto';
import type { IceServers } from '@switchboard/protocol';

export interface IceConfig {
  /** STUN_URLS: e.g. stun:stun.example.org:3478, comma-separated. */
  stunUrls: string[];
  /** TURN_URLS: e.g. turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349. */
  turnUrls: string[];
  /** TURN_SECRET: coturn's static-auth-secret (use-auth-secret). */
  turnSecret: string | undefined;
  /** TURN_TTL_SECONDS: how long handed-out TURN credentials stay valid. */
  turnTtlSeconds: number;
}

/**
 * Time-limited TURN credentials in coturn's REST scheme ("TURN REST API", draft-uberti-behave-turn-rest):
 * the username is `<expiry unix seconds>:<id>` and the password base64(HMAC-SHA1(secret, username)), so coturn
 * checks them with the shared secret alone and they stop working at the expiry.
 */
export function turnCredential(secret: string, expiresAtSeconds: number, id: string): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${id}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The ICE servers for one party: STUN as configured, TURN only with a secret (no TURN: direct connections only). */
export function iceServers(config: IceConfig, nowMs: number, id: string = randomBytes(6).toString('hex')): IceServers {
  const servers: IceServers['iceServers'] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turnUrls.length > 0 && config.turnSecret) {
    const expires = Math.floor(nowMs / 1000) + config.turnTtlSeconds;
    servers.push({ urls: config.turnUrls, ...turnCredential(config.turnSecret, expires, id) });
  }
  return { iceServers: servers };
}
