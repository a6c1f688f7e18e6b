/**
 * @deprecated Delivery states and reactions moved to `conversations/delivery.ts`; call them through
 * `ConversationCore` (`setDeliveryState`, `setExternalId`, `react`, `publishMessageUpdate`…).
 */
export { deliveryStorage, publishMessageUpdate } from '../conversations/delivery.js';
