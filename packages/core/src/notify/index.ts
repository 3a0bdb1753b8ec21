export {
  formatNotifyError,
  NOTIFY_ERROR_CODES,
  type NotifyError,
  type NotifyErrorCode,
  notifyError,
} from "./errors.js";
export {
  type AdfInline,
  adfText,
  ELLIPSIS,
  escapeHtml,
  escapeSlackMrkdwn,
  truncateText,
} from "./escape.js";
export { httpFailure, parseRetryAfter } from "./http-failure.js";
export {
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationItem,
  type NotificationKind,
  type NotificationLink,
  notificationItemSchema,
  notificationLinkSchema,
  notificationSchema,
  type Recipient,
  recipientSchema,
  validateNotification,
} from "./notification.js";
export {
  type DeliveryReceipt,
  NOTIFY_CHANNELS,
  type Notifier,
  type NotifyChannel,
  type TicketRef,
  type TicketStatus,
} from "./port.js";
export {
  DEFAULT_TEMPLATES,
  type NotificationTemplate,
  type NotificationTemplates,
  type RenderedMessage,
  renderNotification,
  renderPlainText,
} from "./templates.js";
