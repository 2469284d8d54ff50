CREATE TABLE "author_links" (
	"author_id" bigint PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "author_reach" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "author_reach_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"author_id" bigint NOT NULL,
	"network" text NOT NULL,
	"followers" bigint,
	"karma" bigint,
	"typical_engagement" real NOT NULL,
	"raw" real NOT NULL,
	"reach" real NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authors" ADD COLUMN "reach" real;--> statement-breakpoint
ALTER TABLE "authors" ADD COLUMN "reach_computed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "author_links" ADD CONSTRAINT "author_links_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "author_links" ADD CONSTRAINT "author_links_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "author_links" ADD CONSTRAINT "author_links_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "author_reach" ADD CONSTRAINT "author_reach_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "author_links_person" ON "author_links" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "author_reach_history" ON "author_reach" USING btree ("author_id","computed_at");--> statement-breakpoint
CREATE INDEX "posts_author" ON "posts" USING btree ("author_id","posted_at");