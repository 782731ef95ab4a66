CREATE TABLE "inbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"channel" text NOT NULL,
	"channel_message_id" text NOT NULL,
	"conv_key" text NOT NULL,
	"body" text NOT NULL,
	"lane" text NOT NULL,
	"job" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failed_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_id_idx" ON "inbox" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_channel_msg_idx" ON "inbox" USING btree ("channel","channel_message_id");--> statement-breakpoint
CREATE INDEX "inbox_job_idx" ON "inbox" USING btree ("job");--> statement-breakpoint
CREATE INDEX "inbox_conv_idx" ON "inbox" USING btree ("conv_key","seq") WHERE "inbox"."failed_at" is null;--> statement-breakpoint
-- A queue table: rows live seconds. Vacuumed after a few hundred deletions, not 20 % of a
-- table that is nearly always empty, so dead rows do not slow the order checks.
ALTER TABLE "inbox" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 500);
