CREATE TABLE "channel_endpoints" (
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"alias" text,
	"ref" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_endpoints_channel_address_pk" PRIMARY KEY("channel","address")
);
--> statement-breakpoint
CREATE INDEX "endpoints_alias_idx" ON "channel_endpoints" USING btree ("channel","alias");