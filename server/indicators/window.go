package indicators

// Window says that the figures of a period read the rows of Entity only when
// they are dated in the period: by their own Date field, or by the Date of the
// row of entity Of that their Via field names. A recomputation from the store
// may leave the other rows of Entity unread (figures.Full does) and gets the
// same answer from Compute.
type Window struct {
	Entity, Date string
	Via, Of      string
}

// Windows are the entities Compute reads through a period only — the bulk of
// a commune's rows after a few years:
//   - health checks: only the latest readings in the period (latestReadings);
//   - attendance: only of the meetings held in the period (attendance).
var Windows = []Window{
	{Entity: "health_check", Date: "measured_on"},
	{Entity: "attendance", Via: "meeting_id", Of: "meeting", Date: "held_on"},
}

// Stamped are the entities whose stamps Compute compares (newer: the latest
// assessment of a year, the latest target of a code); a recomputation may
// read the others without their stamps.
var Stamped = []string{"club_assessment", "target"}

// EveryClub are the entities whose rows can change every club's partial:
// the commune's targets, which each club block is judged against.
var EveryClub = []string{"target"}
