package screen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// A runner's history in the desk's words: the check-in card shows it, the
// undo question names a change with it, and 'racedesk history' prints it.

// HistoryLine is one change as the card's history shows it, unclipped:
// "06.12. 09:12 Desk 1   status checked in, bib 400". Data in it is Safe.
func HistoryLine(lang msg.Lang, ch store.Change) string {
	when := ch.HLC.Time().Local().Format("02.01. 15:04")
	return fmt.Sprintf("%s %-8s %s", when, Clip(Safe(ch.Desk), 8), Safe(ChangeText(lang, ch)))
}

// ChangeText is ChangeSummary, marked when the change created the runner.
func ChangeText(lang msg.Lang, ch store.Change) string {
	prefix := ""
	if ch.Op == store.OpCreate {
		prefix = msg.T(lang, msg.Created) + ": "
	}
	return prefix + ChangeSummary(lang, ch)
}

// ChangeSummary says what a change set, in the desk's words: "status
// checked in, bib 400, paid 15,00 €, payment cash".
func ChangeSummary(lang msg.Lang, ch store.Change) string {
	parts := make([]string, 0, len(ch.Fields))
	for _, f := range ch.Fields {
		if f.Field == model.FCheckedInAt || f.Field == model.FCheckedInDesk {
			continue // the entry's own time and desk say it
		}
		parts = append(parts, model.FieldLabel(lang, f.Field, nil)+" "+FieldValue(lang, f))
	}
	return strings.Join(parts, ", ")
}

// FieldValue shows a stored value as the desk shows it: dates as typed,
// statuses and payment methods in the desk's language, money in euros.
func FieldValue(lang msg.Lang, f model.FieldChange) string {
	v := f.Value
	switch {
	case v == "":
		return "–"
	case f.Field == model.FBorn:
		if b, err := model.ParseISOBirthDate(v); err == nil {
			return b.Display()
		}
	case f.Field == model.FStatus:
		return model.Status(v).Label(lang)
	case f.Field == model.FPayMethod:
		return PayMethodLabel(lang, model.PayMethod(v))
	case f.Field == model.FPaidCents:
		if cents, err := strconv.Atoi(v); err == nil {
			return model.FormatEuros(cents)
		}
	}
	return v
}

// PayMethodLabel is a payment method in lang: "cash", "bar", "unpaid".
func PayMethodLabel(lang msg.Lang, m model.PayMethod) string {
	return msg.T(lang, msg.Key("pay."+string(m)))
}
