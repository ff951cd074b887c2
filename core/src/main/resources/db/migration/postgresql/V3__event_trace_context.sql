-- The W3C Trace Context of the publish (issue 13): traceparent in its version 00 form (55
-- characters), tracestate verbatim (at most 512 characters). Both nullable: events published
-- without trace context, and every event stored before this version, have none.
ALTER TABLE eb_events ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE eb_events ADD COLUMN tracestate VARCHAR(512);
