-- Room on each page of complaints (and authors) for updated row versions, so that an update
-- which changes no indexed column (an author's follower count reaching lead_followers, a
-- snooze ending) is a HOT update: no new entry in each of the table's 14 indexes. At the
-- default fillfactor of 100, 4% of the pipeline bench's complaint updates were HOT.
ALTER TABLE complaints SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE authors SET (fillfactor = 80);
