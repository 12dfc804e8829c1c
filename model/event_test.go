package model_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
)

func TestExampleEventCopyMatchesDocs(t *testing.T) {
	docs, err := os.ReadFile("../docs/examples/event.toml")
	if err != nil {
		t.Fatalf("read the documented example: %v", err)
	}
	ours, err := os.ReadFile(exampleEventPath)
	if err != nil {
		t.Fatalf("read the test copy: %v", err)
	}
	if !bytes.Equal(docs, ours) {
		t.Errorf("%s differs from docs/examples/event.toml; copy the docs file over it", exampleEventPath)
	}
}

func TestParseEventReadsTheExample(t *testing.T) {
	ev := exampleEvent(t)
	if ev.Name != "Buchauer Nikolaus-Waldlauf 2026" || ev.Date != "2026-12-06" || ev.Lang != "de" || ev.Currency != "EUR" {
		t.Errorf("event header = %q %q %q %q", ev.Name, ev.Date, ev.Lang, ev.Currency)
	}
	if got, want := ev.RaceIDs(), []string{"10k", "5k", "bambini"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RaceIDs() = %v, want %v", got, want)
	}
	if ev.Year() != 2026 {
		t.Errorf("Year() = %d, want 2026", ev.Year())
	}
	if d := ev.Day(); d.Year() != 2026 || d.Month() != time.December || d.Day() != 6 {
		t.Errorf("Day() = %v, want 2026-12-06", d)
	}
	r := race(t, ev, "10k")
	if r.FeeCents != 1500 || r.LateFeeCents != 2000 || r.MinAge != 16 || r.DistanceM != 10000 {
		t.Errorf("10k = %+v", r)
	}
	if got, want := r.Pools, []model.BibPool{{Desk: "Desk 1", From: 1, To: 199}, {Desk: "Desk 2", From: 200, To: 399}}; !reflect.DeepEqual(got, want) {
		t.Errorf("10k pools = %v, want %v", got, want)
	}
	if b := race(t, ev, "bambini"); b.MaxAge != 9 || b.LateFeeCents != 300 {
		t.Errorf("bambini = %+v", b)
	}
	f, ok := ev.Extra("tshirt")
	if !ok || f.Label != "T-Shirt-Größe" || f.LabelEN != "T-shirt size" || len(f.Choices) != 9 {
		t.Errorf("Extra(tshirt) = %+v, %v", f, ok)
	}
	if _, ok := ev.Extra("shoe"); ok {
		t.Error("Extra(shoe) found a field the file does not declare")
	}
	if _, ok := ev.Race("10K"); ok {
		t.Error("Race(10K) matched; Race matches IDs exactly (MatchRace is the lenient one)")
	}
	if len(ev.Printers) != 1 || ev.Printers[0].Width != 48 || ev.Backup.EveryMinutes != 3 || ev.Backup.Keep != 40 {
		t.Errorf("printers/backup = %+v / %+v", ev.Printers, ev.Backup)
	}
}

func TestEventStartTime(t *testing.T) {
	ev := exampleEvent(t)
	st, ok := ev.StartTime(race(t, ev, "10k"))
	want := time.Date(2026, 12, 6, 10, 30, 0, 0, time.Local)
	if !ok || !st.Equal(want) {
		t.Errorf("StartTime(10k) = %v, %v; want %v", st, ok, want)
	}
	if _, ok := ev.StartTime(&model.Race{ID: "x"}); ok {
		t.Error("StartTime of a race without a start reports one")
	}
}

func TestPoolFor(t *testing.T) {
	ev := exampleEvent(t)
	r := race(t, ev, "5k")
	tests := []struct {
		name   string
		race   *model.Race
		desk   string
		want   []model.BibRange
		wantOK bool
	}{
		{"desk 1 gets its own pool", r, "Desk 1", []model.BibRange{{From: 400, To: 549}}, true},
		{"the desk name matches ignoring case", r, "desk 2", []model.BibRange{{From: 550, To: 699}}, true},
		{"an unknown desk has no pool", r, "Desk 3", nil, false},
		{"a race without pools hands out all its bibs", &model.Race{ID: "x", Bibs: []model.BibRange{{From: 1, To: 9}, {From: 20, To: 29}}}, "Desk 3",
			[]model.BibRange{{From: 1, To: 9}, {From: 20, To: 29}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.race.PoolFor(tt.desk)
			if ok != tt.wantOK || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PoolFor(%q) = %v, %v; want %v, %v", tt.desk, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestFormatRanges(t *testing.T) {
	if got := model.FormatRanges([]model.BibRange{{From: 1, To: 199}, {From: 400, To: 499}}); got != "1-199, 400-499" {
		t.Errorf("FormatRanges = %q", got)
	}
}

// validEvent is a small event that passes Check.
func validEvent() *model.Event {
	return &model.Event{
		Name: "Testlauf",
		Date: "2026-12-06",
		Races: []model.Race{
			{ID: "10k", Name: "10 km", Start: "10:30", Bibs: []model.BibRange{{From: 1, To: 99}},
				Pools: []model.BibPool{{Desk: "A", From: 1, To: 49}, {Desk: "B", From: 50, To: 99}}},
			{ID: "5k", Bibs: []model.BibRange{{From: 100, To: 199}, {From: 300, To: 399}}},
		},
	}
}

func TestEventCheck(t *testing.T) {
	tests := []struct {
		name    string
		change  func(ev *model.Event)
		wantErr string // "" = valid
	}{
		{"the small event is valid", func(ev *model.Event) {}, ""},
		{"a missing name is rejected", func(ev *model.Event) { ev.Name = " " }, "name is missing"},
		{"a missing date is rejected", func(ev *model.Event) { ev.Date = "" }, `date "": expected YYYY-MM-DD`},
		{"a German date is rejected", func(ev *model.Event) { ev.Date = "06.12.2026" }, `date "06.12.2026": expected YYYY-MM-DD`},
		{"a day that does not exist is rejected", func(ev *model.Event) { ev.Date = "2026-02-30" }, "expected YYYY-MM-DD"},
		{"an unknown language is rejected", func(ev *model.Event) { ev.Lang = "fr" }, `lang "fr"`},
		{"english is a language", func(ev *model.Event) { ev.Lang = "en" }, ""},
		{"an event without races is rejected", func(ev *model.Event) { ev.Races = nil }, "no races"},
		{"a race ID with a space is rejected", func(ev *model.Event) { ev.Races[1].ID = "5 k" }, `race id "5 k"`},
		{"an empty race ID is rejected", func(ev *model.Event) { ev.Races[1].ID = "" }, `race id ""`},
		{"a start of 25:00 is rejected", func(ev *model.Event) { ev.Races[0].Start = "25:00" }, `start "25:00": expected HH:MM`},
		{"a start with a dot is rejected", func(ev *model.Event) { ev.Races[0].Start = "10.30" }, `start "10.30": expected HH:MM`},
		{"a race without bibs is rejected", func(ev *model.Event) { ev.Races[1].Bibs = nil }, "race 5k: no bib range"},
		{"a bib range starting at 0 is rejected", func(ev *model.Event) { ev.Races[1].Bibs[0].From = 0 }, "bib range 0-199"},
		{"a reversed bib range is rejected", func(ev *model.Event) { ev.Races[1].Bibs[0] = model.BibRange{From: 199, To: 100} }, "bib range 199-100"},
		{"two races with the same ID are rejected", func(ev *model.Event) {
			ev.Races[1].ID = "10k"
			ev.Races[1].Bibs = []model.BibRange{{From: 500, To: 599}}
		}, `race "10k" declared twice`},
		{"overlapping bib ranges of two races are rejected", func(ev *model.Event) { ev.Races[1].Bibs[0].From = 99 }, "bib ranges of 10k and 5k overlap"},
		{"a range of one race inside another's is rejected", func(ev *model.Event) { ev.Races[1].Bibs[1] = model.BibRange{From: 10, To: 20} }, "bib ranges of 10k and 5k overlap"},
		{"adjacent bib ranges of two races are fine", func(ev *model.Event) { ev.Races[1].Bibs[0].From = 100 }, ""},
		{"a pool reaching past the race's bibs is rejected", func(ev *model.Event) { ev.Races[0].Pools[1].To = 120 }, "pool of B (50-120) is outside"},
		{"a pool below the race's bibs is rejected", func(ev *model.Event) {
			ev.Races[1].Pools = []model.BibPool{{Desk: "A", From: 50, To: 150}}
		}, "pool of A (50-150) is outside"},
		{"a pool spanning the gap between two ranges is rejected", func(ev *model.Event) {
			ev.Races[1].Pools = []model.BibPool{{Desk: "A", From: 150, To: 350}}
		}, "pool of A (150-350) is outside"},
		{"a pool in the second range is fine", func(ev *model.Event) {
			ev.Races[1].Pools = []model.BibPool{{Desk: "A", From: 100, To: 199}, {Desk: "B", From: 300, To: 399}}
		}, ""},
		{"a pool across two adjacent ranges is fine", func(ev *model.Event) {
			ev.Races[1].Bibs = []model.BibRange{{From: 100, To: 149}, {From: 150, To: 199}}
			ev.Races[1].Pools = []model.BibPool{{Desk: "A", From: 120, To: 180}}
		}, ""},
		{"two pools of one desk may overlap", func(ev *model.Event) {
			ev.Races[0].Pools = append(ev.Races[0].Pools, model.BibPool{Desk: "a", From: 40, To: 45})
		}, ""},
		{"a reversed pool is rejected", func(ev *model.Event) { ev.Races[0].Pools[1] = model.BibPool{Desk: "B", From: 99, To: 50} }, "pool of B (99-50)"},
		{"a pool without a desk is rejected", func(ev *model.Event) { ev.Races[0].Pools[0].Desk = "" }, "bib pool without desk"},
		{"pools of two desks that overlap are rejected", func(ev *model.Event) { ev.Races[0].Pools[1].From = 40 }, "pools of A and B overlap"},
		{"negative age limits are rejected", func(ev *model.Event) { ev.Races[0].MinAge = -1 }, "age limits -1-0"},
		{"a maximum age below the minimum is rejected", func(ev *model.Event) { ev.Races[0].MinAge, ev.Races[0].MaxAge = 16, 9 }, "age limits 16-9"},
		{"an invalid age scheme is rejected", func(ev *model.Event) { ev.Races[0].AgeClasses = "ladv" }, `race 10k: age_classes "ladv"`},
		{"a race timed to whole seconds is valid", func(ev *model.Event) { ev.Races[0].TimingPrecision = "second" }, ""},
		{"a race timed to tenths is valid", func(ev *model.Event) { ev.Races[0].TimingPrecision = "tenth" }, ""},
		{"tenths = true with timing_precision = tenth is valid", func(ev *model.Event) {
			ev.Races[0].TimingPrecision, ev.Races[0].Tenths = "tenth", true
		}, ""},
		{"tenths = true with timing_precision = second is rejected", func(ev *model.Event) {
			ev.Races[0].TimingPrecision, ev.Races[0].Tenths = "second", true
		}, `race 10k: tenths = true and timing_precision = "second" contradict each other`},
		{"an unknown timing precision is rejected", func(ev *model.Event) { ev.Races[1].TimingPrecision = "hundredth" }, `race 5k: timing_precision "hundredth": expected "second"`},
		{"a timing precision in capitals is rejected", func(ev *model.Event) { ev.Races[1].TimingPrecision = "Second" }, `timing_precision "Second"`},
		{"an extra field without a key is rejected", func(ev *model.Event) { ev.ExtraFields = []model.ExtraField{{Label: "x"}} }, `extra field key ""`},
		{"an extra field key with a dot is rejected", func(ev *model.Event) { ev.ExtraFields = []model.ExtraField{{Key: "t.shirt"}} }, `extra field key "t.shirt"`},
		{"an extra field declared twice is rejected", func(ev *model.Event) {
			ev.ExtraFields = []model.ExtraField{{Key: "tshirt"}, {Key: "tshirt"}}
		}, `extra field "tshirt" declared twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := validEvent()
			tt.change(ev)
			err := ev.Check()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check() = nil, want an error mentioning %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Check() = %q, want it to mention %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "event file: ") {
				t.Errorf("Check() = %q does not say it is about the event file", err)
			}
		})
	}
}

func TestEventCheckNamesAnUnnamedRaceByItsID(t *testing.T) {
	ev := validEvent()
	if err := ev.Check(); err != nil {
		t.Fatal(err)
	}
	if r := race(t, ev, "5k"); r.Name != "5k" {
		t.Errorf("an unnamed race is called %q, want its ID", r.Name)
	}
}

func TestParseEventRejects(t *testing.T) {
	const minimal = `
name = "Testlauf"
date = "2026-12-06"
[[races]]
id = "10k"
bibs = [{ from = 1, to = 99 }]
`
	tests := []struct {
		name    string
		file    string
		wantErr string
	}{
		{"an unknown top-level key is rejected", minimal + "\n[backup]\nevery_minute = 3\n", "unknown keys: backup.every_minute"},
		{"an unknown key in a race is rejected", strings.Replace(minimal, `id = "10k"`, "id = \"10k\"\nmin_agee = 16", 1), "unknown keys: races.min_agee"},
		{"a misspelt top-level key is rejected", "nmae = \"x\"\n" + minimal, "unknown keys: nmae"},
		{"broken TOML is rejected", minimal + "\nname = ", "event file:"},
		{"a wrong type is rejected", strings.Replace(minimal, `id = "10k"`, "id = \"10k\"\nfee_cents = \"15\"", 1), "event file:"},
		{"a file that fails Check is rejected", strings.Replace(minimal, "2026-12-06", "6.12.2026", 1), `date "6.12.2026"`},
		{"a misspelt timing precision is rejected, naming the field", strings.Replace(minimal, `id = "10k"`, "id = \"10k\"\ntiming_precision = \"tenths\"", 1), `race 10k: timing_precision "tenths"`},
		{"a timing precision that is not text is rejected", strings.Replace(minimal, `id = "10k"`, "id = \"10k\"\ntiming_precision = 10", 1), "event file:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := model.ParseEvent(strings.NewReader(tt.file))
			if err == nil {
				t.Fatalf("ParseEvent = %+v, want an error", ev)
			}
			if ev != nil {
				t.Errorf("ParseEvent returned an event along with the error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseEvent error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
	if _, err := model.ParseEvent(strings.NewReader(minimal)); err != nil {
		t.Errorf("the minimal file itself: %v", err)
	}
}

func TestMatchRace(t *testing.T) {
	ev := exampleEvent(t)
	tests := []struct {
		name   string
		input  string
		want   string
		wantOK bool
	}{
		{"the ID", "5k", "5k", true},
		{"the name ignoring case", "BAMBINILAUF 400 M", "bambini", true},
		{"an alias ignoring accents", "Kinderläuf", "bambini", true},
		{"an alias ignoring punctuation", "10K-Main-Race", "10k", true},
		{"an empty input matches nothing", "", "", false},
		{"punctuation alone matches nothing", " - ", "", false},
		{"a part of a name matches nothing", "Haupt", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := ev.MatchRace(tt.input)
			if ok != tt.wantOK {
				t.Fatalf("MatchRace(%q) ok = %v, want %v", tt.input, ok, tt.wantOK)
			}
			if ok && r.ID != tt.want {
				t.Errorf("MatchRace(%q) = %s, want %s", tt.input, r.ID, tt.want)
			}
		})
	}
}

func TestRaceTimingPrecision(t *testing.T) {
	const file = `
name = "Testlauf"
date = "2026-12-06"
[[races]]
id = "10k"
bibs = [{ from = 1, to = 99 }]
%s
`
	tests := []struct {
		name  string
		lines string
		want  time.Duration
	}{
		{"a race without the option is timed to whole seconds (road races)", "", time.Second},
		{"timing_precision = second is whole seconds", `timing_precision = "second"`, time.Second},
		{"timing_precision = tenth is tenths", `timing_precision = "tenth"`, 100 * time.Millisecond},
		{"an old file's tenths = true still means tenths", "tenths = true", 100 * time.Millisecond},
		{"tenths = false is whole seconds", "tenths = false", time.Second},
		{"tenths = true with timing_precision = tenth is tenths", "tenths = true\ntiming_precision = \"tenth\"", 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := model.ParseEvent(strings.NewReader(fmt.Sprintf(file, tt.lines)))
			if err != nil {
				t.Fatal(err)
			}
			if got := ev.Races[0].TimeUnit(); got != tt.want {
				t.Errorf("TimeUnit() = %v, want %v", got, tt.want)
			}
			// The event is stored as JSON in the database (and sent to
			// desks that join): the option must survive the trip.
			b, err := json.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			var stored model.Event
			if err := json.Unmarshal(b, &stored); err != nil {
				t.Fatal(err)
			}
			if got := stored.Races[0].TimeUnit(); got != tt.want {
				t.Errorf("after a JSON round trip TimeUnit() = %v, want %v (%s)", got, tt.want, b)
			}
		})
	}
}

func TestStoredEventsOfOlderVersionsKeepTheirPrecision(t *testing.T) {
	tests := []struct {
		name string
		json string
		want time.Duration
	}{
		{"an event stored before the option is timed to whole seconds", `{"name":"x","date":"2026-12-06","races":[{"id":"10k","bibs":[{"from":1,"to":9}]}]}`, time.Second},
		{"an event stored with tenths keeps tenths", `{"name":"x","date":"2026-12-06","races":[{"id":"10k","tenths":true,"bibs":[{"from":1,"to":9}]}]}`, 100 * time.Millisecond},
		{"an event stored with timing_precision tenth has tenths", `{"name":"x","date":"2026-12-06","races":[{"id":"10k","timing_precision":"tenth","bibs":[{"from":1,"to":9}]}]}`, 100 * time.Millisecond},
		{"a precision this version does not know falls back to whole seconds", `{"name":"x","date":"2026-12-06","races":[{"id":"10k","timing_precision":"hundredth","bibs":[{"from":1,"to":9}]}]}`, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev model.Event
			if err := json.Unmarshal([]byte(tt.json), &ev); err != nil {
				t.Fatal(err)
			}
			if got := ev.Races[0].TimeUnit(); got != tt.want {
				t.Errorf("TimeUnit() = %v, want %v", got, tt.want)
			}
		})
	}
}
