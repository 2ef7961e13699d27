-- One reason taxonomy: each return line's reason as one code (Google's customerReturnReason codes),
-- mapped from the channel's own words when the return was requested; the words stay as they came.
ALTER TABLE order_return_line ADD COLUMN reason_category VARCHAR(32);
-- (The 30-day reads use order_return_by_creation, V4.)
