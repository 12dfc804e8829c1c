package main

import (
	"fmt"
	"strconv"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// participantView is a participant as commands print it: the stored
// fields plus what is computed from them (age class, race name).
type participantView struct {
	model.Participant
	Born     string `json:"born"`
	AgeClass string `json:"age_class,omitempty"`
	RaceName string `json:"race_name"`
}

func view(ev *model.Event, p model.Participant) participantView {
	v := participantView{Participant: p, Born: p.Born.String()}
	if r, ok := ev.Race(p.Race); ok {
		v.RaceName = r.Name
		v.AgeClass = model.AgeClass(r, ev.Year(), p.Born, p.Gender)
	}
	return v
}

// describe is one line about a participant:
// "Jörg Müller · 10 km Hauptlauf · bib 1 · 12.03.1985 · M40 · unpaid".
func describe(lang msg.Lang, ev *model.Event, p model.Participant) string {
	v := view(ev, p)
	bib := "–"
	if p.Bib != 0 {
		bib = strconv.Itoa(p.Bib)
	}
	pay := msg.T(lang, msg.NothingDue)
	if r, ok := ev.Race(p.Race); ok && model.Due(r, &p) > 0 {
		pay = msg.T(lang, msg.Due, model.FormatEuros(model.Due(r, &p)))
	}
	if p.Paid() {
		pay = fmt.Sprintf("%s %s (%s)", msg.T(lang, msg.Paid), model.FormatEuros(p.PaidCents), msg.T(lang, msg.Key("pay."+string(p.PayMethod))))
	}
	class := v.AgeClass
	if class == "" {
		class = "–"
	}
	return fmt.Sprintf("%s · %s · %s %s · %s %s · %s %s · %s", p.FullName(), v.RaceName,
		msg.T(lang, msg.Bib), bib, msg.T(lang, msg.Born), p.Born.Display(),
		msg.T(lang, msg.AgeClass), class, pay)
}
