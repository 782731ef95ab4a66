ALTER TABLE "counters" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "counters" DROP CONSTRAINT "counters_day_metric_dim_pk";--> statement-breakpoint
ALTER TABLE "counters" ADD CONSTRAINT "counters_day_metric_dim_slot_pk" PRIMARY KEY("day","metric","dim","slot");
