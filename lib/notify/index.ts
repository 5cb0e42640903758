/** lib/notify: webhook notifications (Slack and generic JSON), queued in the store, retried with backoff. */
export { DEFAULT_POLICY, nextRetryDelay, type DeliveryPolicy } from "./backoff";
export { getDelivery, listDeliveries, webhookTarget, type Delivery, type DeliveryAttempt, type DeliveryStatus, type Webhook } from "./deliveries";
export { Notifier, policyFromConfig, type NotifierOptions } from "./notifier";
export { headline, jsonPayload, payloadFor, slackEscape, slackPayload, type AlertNotice, type JsonPayload, type SlackPayload } from "./payloads";
