-- New hires (issue 20, part 5): the day an agent was hired, `YYYY-MM-DD`. NULL for every agent
-- stored before it and for any agent whose hire date is not known (the old meaning: no tenure,
-- never a new hire), so the digests the keyed audit log holds for existing rows stay valid
-- (NULL columns add nothing to a record's digest).
ALTER TABLE agents ADD COLUMN hired_on TEXT CHECK (hired_on IS NULL OR date(hired_on) IS hired_on);
