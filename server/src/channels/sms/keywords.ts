/** The keywords Twilio acts on for a whole message (trimmed, any case): opt-out and opt back in. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
/** Asking who this is and how to stop: answered at once with the account's help text. */
const HELP = new Set(['HELP', 'INFO']);

/** 'out' after STOP and its kin, 'in' after START/YES/UNSTOP, undefined for any other text. */
export function optChange(body: string): 'out' | 'in' | undefined {
  const word = body.trim().toUpperCase();
  if (OPT_OUT.has(word)) return 'out';
  if (OPT_IN.has(word)) return 'in';
  return undefined;
}

/** Whether the whole message (trimmed, any case) is HELP or INFO. */
export const asksForHelp = (body: string) => HELP.has(body.trim().toUpperCase());
