-- What a shop answered an item it took, in its own words ("Commentaire ajouté"), beside its code:
-- the console's story of an order shows it (issue 39). Errors keep their words in last_error.
ALTER TABLE outbox ADD COLUMN shop_message VARCHAR(200);
