-- A booking is one statement (issue 15): the INSERT of an allocated
-- booking takes its box of the campaign and of its point here, in the same
-- statement, so the group-commit writer runs one statement per booking.
-- The INSERT only selects a row while allocated < stock; the CHECKs of
-- 007 stay the last word. Bookings entered for a draw (state 0) take
-- nothing: the draw and the lapse move the counts themselves.
CREATE FUNCTION bookings_take_box() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaigns SET allocated = allocated + 1 WHERE id = NEW.campaign;
    IF NEW.point IS NOT NULL THEN
        UPDATE campaign_points SET allocated = allocated + 1 WHERE id = NEW.point;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER bookings_take_box AFTER INSERT ON bookings
    FOR EACH ROW WHEN (NEW.state = 1) EXECUTE PROCEDURE bookings_take_box();
