package model

import "strconv"

// InputOf turns a stored participant back into the input that would
// create it, so a record that arrived by sync can be checked with the same
// Validate as every other entry path.
func InputOf(p *Participant) ParticipantInput {
	in := ParticipantInput{
		First: p.First, Last: p.Last, Born: p.Born.String(), Gender: string(p.Gender),
		Club: p.Club, Email: p.Email, Phone: p.Phone, Race: p.Race,
		Paid: string(p.PayMethod), Status: string(p.Status), Source: p.Source,
		ExternalID: p.ExternalID, Extra: p.Extra,
	}
	if p.Bib != 0 {
		in.Bib = strconv.Itoa(p.Bib)
	}
	if p.PayMethod != Unpaid {
		in.Amount = strconv.Itoa(p.PaidCents/100) + "," + twoDigits(p.PaidCents%100)
	}
	return in
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
