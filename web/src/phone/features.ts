/** "Send an SMS" appears in the phone number menu once the SMS channel exists. */
export const SMS_ENABLED = false;
