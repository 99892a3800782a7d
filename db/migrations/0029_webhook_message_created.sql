-- The message webhook is named as the issue names it: subscriptions to the old name keep receiving it.
UPDATE "webhooks" SET "event_types" = array_replace("event_types", 'conversation.message_created', 'message.created')
WHERE 'conversation.message_created' = ANY("event_types");
