package printer_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/printer"
)

// A label for a runner, shown as the desk would preview it before
// sending; printer.Encode(d) gives the bytes, Queue.Submit queues them.
func ExampleLayout_Label() {
	ev, _ := model.ParseEvent(strings.NewReader(`name = "Waldlauf"
date = "2026-12-06"
[[races]]
id = "5k"
name = "5 km"
start = "10:00"
fee_cents = 1000
bibs = [{ from = 1, to = 99 }]
`))
	p := model.Participant{First: "Łukasz", Last: "Müller", Born: model.BirthDate{Year: 1985}, Gender: model.Male,
		Race: "5k", Bib: 7, Status: model.CheckedIn, PaidCents: 1000, PayMethod: model.Cash, Source: model.SourceOnline}
	l := printer.Layout{Event: ev, Config: printer.Config{Width: 32}, Lang: msg.EN,
		Now: time.Date(2026, 12, 6, 9, 41, 0, 0, time.UTC), Desk: "Desk 1"}
	d, err := l.Label(p)
	if err != nil {
		panic(err)
	}
	fmt.Print(printer.Preview(d))
	// Output:
	//            Waldlauf
	//            2026-12-06
	//
	//              █████
	//                  █
	//                 █
	//                █
	//                █
	//
	//          Lukasz Müller
	//
	//        5 km · start 10:00
	//            class M40
	//
	//       paid 10,00 € (cash)
	//
	//             ┌──────┐
	//             │ QR 7 │
	//             └──────┘
	//   Desk 1 · printed 2026-12-06
	//              09:41
	// ----------------------------- >8
}
