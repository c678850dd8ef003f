-- +goose Up
-- An approver may mark a published piece "sounds like us": a review of its own kind, at most one
-- per piece, which the weekly report reads as evidence for a sample post.
ALTER TABLE reviews DROP CONSTRAINT reviews_decision_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_decision_check
    CHECK (decision IN ('approved', 'rejected', 'edited', 'revised', 'published', 'cancelled', 'sounds_like_us'));
CREATE UNIQUE INDEX reviews_sounds_like_us_once ON reviews (piece_id) WHERE decision = 'sounds_like_us';

-- +goose Down
DROP INDEX reviews_sounds_like_us_once;
DELETE FROM reviews WHERE decision = 'sounds_like_us';
ALTER TABLE reviews DROP CONSTRAINT reviews_decision_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_decision_check
    CHECK (decision IN ('approved', 'rejected', 'edited', 'revised', 'published', 'cancelled'));
