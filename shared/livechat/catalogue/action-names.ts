/**
 * Every name the catalogue knows, in the reference's order (§3): the 38 actions of API v3.6 (identical in v3.7), the
 * older names still sent to old registrations, and the Developer Console's app webhook events.
 */

export const CURRENT_ACTIONS = [
  // Chats
  'incoming_chat', 'chat_deactivated',
  // Chat access
  'chat_access_updated', 'chat_transferred',
  // Chat users
  'user_added_to_chat', 'user_removed_from_chat',
  // Events
  'incoming_event', 'event_deleted', 'event_updated', 'incoming_rich_message_postback',
  // Properties
  'chat_properties_updated', 'chat_properties_deleted', 'thread_properties_updated', 'thread_properties_deleted',
  'event_properties_updated', 'event_properties_deleted',
  // Thread tags
  'thread_tagged', 'thread_untagged',
  // Status
  'routing_status_set',
  // Customers
  'customer_session_fields_updated',
  // Configuration
  'agent_created', 'agent_approved', 'agent_updated', 'agent_suspended', 'agent_unsuspended', 'agent_deleted',
  'auto_accesses_updated', 'bot_created', 'bot_updated', 'bot_deleted', 'group_created', 'group_updated', 'group_deleted',
  'tag_created', 'tag_updated', 'tag_deleted',
  // Other
  'events_marked_as_seen', 'thread_summary_set',
] as const;

export type CurrentAction = (typeof CURRENT_ACTIONS)[number];

export const LEGACY_ACTIONS = [
  'chat_access_granted', 'chat_access_revoked', 'incoming_customer', 'customer_created',
  'auto_access_added', 'auto_access_updated', 'auto_access_deleted', 'follow_up_requested',
  // v3.1 names
  'incoming_chat_thread', 'thread_closed', 'access_granted', 'access_revoked', 'access_set', 'chat_user_added',
  'chat_user_removed', 'chat_thread_tagged', 'chat_thread_untagged', 'chat_thread_properties_updated',
  'chat_thread_properties_deleted', 'agent_status_changed',
] as const;

export type LegacyAction = (typeof LEGACY_ACTIONS)[number];

export const APP_EVENTS = [
  'application_installed', 'application_uninstalled', 'payment_trialstarted', 'payment_activated', 'payment_collected',
  'payment_cancelled',
] as const;

export type AppEvent = (typeof APP_EVENTS)[number];

/** The groups of the docs' "Available webhooks" table, then the two the catalogue adds. */
export const GROUPS = [
  'Chats', 'Chat access', 'Chat users', 'Events', 'Properties', 'Thread tags', 'Status', 'Customers', 'Configuration',
  'Other', 'Legacy', 'App webhooks',
] as const;

export type ActionGroup = (typeof GROUPS)[number];

export type FilterName = 'chat_presence' | 'author_type' | 'only_my_chats' | 'source_type' | 'agent_ids';

export type AdditionalDataName = 'chat_properties' | 'chat_presence_user_ids';
