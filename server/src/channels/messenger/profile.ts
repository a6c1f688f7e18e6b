import { z } from 'zod';
import type { GraphClient } from '../whatsapp/graph-client.js';

const Profile = z.looseObject({ first_name: z.string().max(200).optional(), last_name: z.string().max(200).optional() });

/**
 * The customer's name from the User Profile API (`GET /{psid}?fields=first_name,last_name,profile_pic`).
 * Never required: a customer who denied it, a token without the permission or Graph being down leaves
 * the name empty (undefined), and the message goes on without it.
 */
export async function profileName(client: GraphClient, psid: string): Promise<string | undefined> {
  try {
    const result = await client.get([psid], { fields: 'first_name,last_name,profile_pic' });
    if (!result.ok) return undefined;
    const profile = Profile.safeParse(result.data);
    if (!profile.success) return undefined;
    const name = [profile.data.first_name, profile.data.last_name].filter(Boolean).join(' ').trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}
