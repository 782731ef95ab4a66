/**
 * The shapes of Meta's WhatsApp Cloud API webhook, as documented (messages webhook reference,
 * status webhooks, business-scoped user IDs). Every field is optional: the parser checks what
 * it uses and skips a malformed message without failing the batch.
 */

export interface CloudWebhook {
  object?: string;
  entry?: CloudEntry[];
}

export interface CloudEntry {
  id?: string;
  changes?: { field?: string; value?: CloudValue }[];
}

export interface CloudValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: CloudContact[];
  messages?: CloudMessage[];
  statuses?: CloudStatus[];
  /** `user_id_update` field: a user's BSUID changed (phone number unchanged). */
  user_id_update?: CloudUserIdUpdate[];
  errors?: CloudError[];
}

export interface CloudContact {
  wa_id?: string;
  /** Business-scoped user id (BSUID), e.g. "FR.1234567890". */
  user_id?: string;
  parent_user_id?: string;
  profile?: { name?: string; username?: string };
}

export interface CloudError {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
}

export interface CloudMessage {
  id?: string;
  /** Phone number (digits, no "+"); absent for a username user whose number is withheld. */
  from?: string;
  /** The sender's BSUID. */
  from_user_id?: string;
  from_parent_user_id?: string;
  timestamp?: string;
  type?: string;
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  text?: { body?: string };
  interactive?: {
    type?: string;
    button_reply?: { id?: string; title?: string };
    list_reply?: { id?: string; title?: string; description?: string };
    nfm_reply?: { name?: string; body?: string; response_json?: string };
  };
  button?: { text?: string; payload?: string };
  image?: CloudMedia;
  video?: CloudMedia;
  document?: CloudMedia & { filename?: string };
  audio?: CloudMedia & { voice?: boolean };
  sticker?: CloudMedia & { animated?: boolean };
  reaction?: { message_id?: string; emoji?: string };
  location?: { latitude?: number; longitude?: number; name?: string; address?: string; url?: string };
  contacts?: { name?: { formatted_name?: string; first_name?: string }; phones?: { phone?: string; wa_id?: string }[] }[];
  system?: {
    body?: string;
    type?: string;
    /** New phone number after `user_changed_number` (older payloads: `new_wa_id`). */
    wa_id?: string;
    new_wa_id?: string;
    /** New BSUID after `user_changed_user_id`. */
    user_id?: string;
    new_user_id?: string;
    previous_user_id?: string;
  };
  referral?: Record<string, unknown>;
  errors?: CloudError[];
}

export interface CloudMedia {
  id?: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
}

export interface CloudStatus {
  /** The wamid returned when the message was sent. */
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  recipient_user_id?: string;
  errors?: CloudError[];
}

export interface CloudUserIdUpdate {
  wa_id?: string;
  timestamp?: string;
  user_id?: string;
  previous_user_id?: string;
  new_user_id?: string;
  detail?: { previous?: string; current?: string; previous_user_id?: string; current_user_id?: string };
}
