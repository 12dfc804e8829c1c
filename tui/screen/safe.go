package screen

import "github.com/racedesk/racedesk/model"

// The output policy on screen (issue 17): data — names, clubs, desk
// names, codes, notices, history values — may hold anything a database
// written by an older version or a hostile peer put there. Screens pass
// it through Safe (or SafeParticipant) where they render it, before any
// styling: the screen's own lipgloss styling is escape sequences too, so
// a finished frame is never filtered.

// Safe is model.Printable: no control character, no escape sequence, no
// direction override, no invisible character left in s.
func Safe(s string) string { return model.Printable(s) }

// SafeParticipant is p with every text field through Safe, for showing.
func SafeParticipant(p model.Participant) model.Participant {
	p.First, p.Last, p.Club = Safe(p.First), Safe(p.Last), Safe(p.Club)
	p.Email, p.Phone, p.ExternalID = Safe(p.Email), Safe(p.Phone), Safe(p.ExternalID)
	p.Race, p.Code = Safe(p.Race), Safe(p.Code)
	p.CheckedInAt, p.CheckedInDesk = Safe(p.CheckedInAt), Safe(p.CheckedInDesk)
	p.Gender, p.Status, p.Source = model.Gender(Safe(string(p.Gender))), model.Status(Safe(string(p.Status))), model.Source(Safe(string(p.Source)))
	p.PayMethod = model.PayMethod(Safe(string(p.PayMethod)))
	if len(p.Extra) > 0 {
		extra := make(map[string]string, len(p.Extra))
		for k, v := range p.Extra {
			extra[k] = Safe(v)
		}
		p.Extra = extra
	}
	return p
}
